package io.roomgate.limit;

/**
 * What one all-or-nothing take left in each policy of a {@link Limit} (same order), from the in-process store or
 * from the Redis script alike.
 *
 * @param granted    requests granted (each took {@code cost} tokens from every policy); 0 = limited
 * @param remaining  whole tokens left per policy after the take
 * @param resetNanos per policy: until a bucket is full again, until a window ends
 * @param waitNanos  per policy: until it has room for one more request (0 = it has); a lower bound, never later
 */
record Taken(long granted, long[] remaining, long[] resetNanos, long[] waitNanos) {

  /** The smallest room of any policy: what the RateLimit field reports and the outage ledger remembers. */
  long leastRemaining() {
    long min = Long.MAX_VALUE;
    for (long r : remaining) {
      min = Math.min(min, r);
    }
    return min;
  }

  /** When every policy has room again (the longest wait). */
  long longestWaitNanos() {
    long max = 0;
    for (long w : waitNanos) {
      max = Math.max(max, w);
    }
    return max;
  }

  /**
   * The decision for a request: allowed if it was granted a token (or {@code allowed} says it already had one).
   * An allowed answer reports the policy with the least room; a limited one the policy that frees up last, and its
   * {@code Retry-After} is when that one does.
   */
  RateDecision decide(Limit limit, boolean allowed, boolean fallback) {
    int pick = 0;
    if (allowed) {
      for (int i = 1; i < remaining.length; i++) {
        if (remaining[i] < remaining[pick] || remaining[i] == remaining[pick] && resetNanos[i] > resetNanos[pick]) {
          pick = i;
        }
      }
      return RateDecision.allow(limit, limit.policies().get(pick).name(), remaining[pick],
          RateDecision.ceilSeconds(resetNanos[pick]), fallback);
    }
    for (int i = 1; i < waitNanos.length; i++) {
      if (waitNanos[i] > waitNanos[pick]) {
        pick = i;
      }
    }
    return RateDecision.limit(limit, limit.policies().get(pick).name(), remaining[pick],
        RateDecision.ceilSeconds(waitNanos[pick]), fallback);
  }
}
