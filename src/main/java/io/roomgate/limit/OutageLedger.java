package io.roomgate.limit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Per shared bucket, what one node decided without Redis, so that an outage is neither a gift nor paid twice:
 * <ul>
 *   <li>the tokens it admitted on its own ({@link #owe}), paid to the shared bucket with its next script call
 *       ({@link #takeOwed}): while Redis did not answer, the shared bucket refilled for the same time;</li>
 *   <li>what Redis last said was left ({@link #heard}): a fallback bucket starts from this node's share of it, or
 *       empty if Redis never answered, never full (once per outage: {@code RedisRateLimiter} counts the answers).</li>
 * </ul>
 * Lock-free: any event loop may record into it.
 */
final class OutageLedger {
  /** {@link #lastRemaining()} before Redis ever answered for this bucket. */
  static final long NEVER_HEARD = -1;

  private final AtomicLong owed = new AtomicLong();
  private volatile long lastRemaining = NEVER_HEARD;

  /** Redis answered for this bucket: {@code remaining} whole tokens are left in it. */
  void heard(long remaining) {
    lastRemaining = remaining;
  }

  /** Whole tokens Redis last said were left, or {@link #NEVER_HEARD}. */
  long lastRemaining() {
    return lastRemaining;
  }

  /** This node admitted {@code tokens} without Redis. */
  void owe(long tokens) {
    owed.addAndGet(tokens);
  }

  /** Everything owed, now sent with a script call (give it back with {@link #owe} if that call fails). */
  long takeOwed() {
    return owed.getAndSet(0);
  }

  /**
   * A request's {@code tokens} Redis granted late, for a request this node had already admitted on its own: that grant pays the
   * request, so one token less is owed. False if nothing is owed any more (it was sent with another call): then the
   * granted token was paid twice, and the caller keeps it instead.
   */
  boolean forgive(long tokens) {
    while (true) {
      long o = owed.get();
      if (o < tokens) {
        return false;
      }
      if (owed.compareAndSet(o, o - tokens)) {
        return true;
      }
    }
  }

  /** Tokens owed now (tests). */
  long owed() {
    return owed.get();
  }
}
