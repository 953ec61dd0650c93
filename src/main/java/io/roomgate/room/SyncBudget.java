package io.roomgate.room;

import java.time.Clock;

/**
 * At most {@code perSecond} starts in any window of 1,000 ms: the start {@code perSecond} places back must be at
 * least a second old. A ring of the last {@code perSecond} start times, so the bound is exact, not a token bucket's
 * "rate plus burst". Used from one event loop at a time (the repairer's timer), so it needs no locking.
 */
final class SyncBudget {
  private final Clock clock;
  private final long[] starts;
  private int next;

  SyncBudget(int perSecond, Clock clock) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("perSecond must be >= 1, was " + perSecond);
    }
    this.clock = clock;
    this.starts = new long[perSecond];
    java.util.Arrays.fill(starts, Long.MIN_VALUE / 2); // "long ago": the first second may use the whole budget
  }

  /** Takes one start if the last second has room for it. */
  boolean tryStart() {
    long now = clock.millis();
    if (now - starts[next] < 1000) {
      return false;
    }
    starts[next] = now;
    next = (next + 1) % starts.length;
    return true;
  }
}
