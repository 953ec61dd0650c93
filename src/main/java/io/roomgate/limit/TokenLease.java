package io.roomgate.limit;

import io.vertx.core.Future;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tokens one node took from a shared Redis bucket ahead of use, so that a busy tenant costs Redis one script call
 * per lease instead of one per request. Lock-free: any event loop may take from it.
 *
 * <p>Why this cannot over-admit beyond a hair: every leased token was taken from the shared bucket by Redis, so the
 * cluster admits no more tokens than the bucket gave out; a lease only moves their use later, by as long as the node
 * holds them. Tokens not spent within {@link #TTL_NANOS} of the node's last grant are dropped (not given back),
 * which can under-admit by at most what one node holds; leases are therefore sized to about {@link #WINDOW_NANOS} of this node's own demand and
 * capped at a small share of the burst, so a tenant far below its limit is never leased more than one token. A busy
 * node fetches the next lease in the background when half of the current one is left, so it holds at most about
 * 1½ leases and its requests rarely wait for Redis (with a quarter left, about 0.1 % of a busy node's requests still
 * waited for a refill under load; with half, none in a 30 s run at 28,000 requests/s).
 */
final class TokenLease {
  /** A lease covers about this much of this node's demand (the round trips saved: ~1 per 20 ms per bucket). */
  static final long WINDOW_NANOS = 20_000_000L;
  /** Leased tokens not used within this of the last grant are dropped: an idle node does not keep tokens. */
  static final long TTL_NANOS = 100_000_000L;
  /** Demand is measured over windows at least this long (shorter ones are too noisy to size a lease). */
  private static final long MEASURE_NANOS = 10_000_000L;

  private final AtomicLong left = new AtomicLong();
  private volatile long expiresAt = Long.MIN_VALUE;
  private volatile long redisRemaining;
  private volatile long resetSeconds;
  private volatile String policy;
  private volatile long cost = 1;
  /** Tokens of the last grant: the next lease is fetched ahead once half of it is left. */
  private volatile long lastGrant;

  private final LongAdder demand = new LongAdder();
  private volatile long measuredSince;
  private volatile double perSecond;

  private final AtomicReference<Future<Void>> fetching = new AtomicReference<>();

  TokenLease(long now) {
    this.measuredSince = now;
  }

  /** Counts one request for this bucket (sizes the next lease). */
  void demand() {
    demand.increment();
  }

  /** Takes one leased token; the tokens left after it, or -1 when the lease is empty or expired. */
  long tryTake(long now) {
    if (now - expiresAt >= 0) {
      return -1;
    }
    while (true) {
      long l = left.get();
      if (l <= 0) {
        return -1;
      }
      if (left.compareAndSet(l, l - 1)) {
        return l - 1;
      }
    }
  }

  /** The {@code RateLimit} remaining of a decision answered from the lease: Redis's count plus this node's. */
  long remaining(long leftAfterTake) {
    return redisRemaining + leftAfterTake * cost;
  }

  /** The {@code t} of the policy with the least room, as Redis last said. */
  long resetSeconds() {
    return resetSeconds;
  }

  /** The policy with the least room, as Redis last said. */
  String policy() {
    return policy;
  }

  /**
   * How many tokens to ask Redis for: about {@link #WINDOW_NANOS} of this node's demand, at least 1 and at most
   * {@code cap}. Demand is re-measured when at least {@link #MEASURE_NANOS} passed since the last measurement.
   */
  long nextSize(long now, long cap) {
    long elapsed = now - measuredSince;
    if (elapsed >= MEASURE_NANOS) {
      perSecond = demand.sumThenReset() * 1e9 / elapsed;
      measuredSince = now;
    }
    long size = (long) (perSecond * WINDOW_NANOS / 1e9);
    return Math.max(1, Math.min(cap, size));
  }

  /**
   * Whether the next lease should be fetched now, in the background, so that requests need not wait for it: half
   * of a lease of at least 8 tokens is left.
   */
  boolean runningLow(long leftAfterTake) {
    long last = lastGrant;
    return last >= 8 && leftAfterTake * 2 < last && fetching.get() == null;
  }

  /**
   * Stores {@code extra} requests a script call granted (beyond any its caller spent at once) of {@code granted},
   * with what Redis said of the policy with the least room (its name, remaining tokens, reset) and each request's
   * cost in tokens.
   */
  void deposit(long extra, long granted, long now, String policy, long redisRemaining, long resetSeconds, long cost) {
    this.policy = policy;
    this.redisRemaining = redisRemaining;
    this.resetSeconds = resetSeconds;
    this.cost = cost;
    this.lastGrant = granted;
    if (now - expiresAt >= 0) {
      left.set(0); // what an expired lease still held is gone
    }
    expiresAt = now + TTL_NANOS;
    if (extra > 0) {
      left.addAndGet(extra);
    }
  }

  /** The script call in flight for this bucket, if any: later callers wait for it instead of sending their own. */
  Future<Void> fetching() {
    return fetching.get();
  }

  /** Marks {@code f} as the call in flight; {@code false} when another caller's call already is. */
  boolean startFetch(Future<Void> f) {
    return fetching.compareAndSet(null, f);
  }

  void endFetch(Future<Void> f) {
    fetching.compareAndSet(f, null);
  }
}
