package io.roomgate.limit;

/**
 * The outcome of one rate-limit decision, with what the IETF {@code RateLimit} fields need.
 *
 * @param allowed           whether the request may proceed (in shadow mode: whether it would have)
 * @param policy            the policy reported in {@code RateLimit}: the one with the least room, or for a rejection
 *                          the one that blocked it longest ({@code app}, an API name or a quota name)
 * @param policies          the {@code RateLimit-Policy} value: every policy that applied
 * @param remaining         tokens left in {@code policy} after this decision ({@code r}); {@link #UNKNOWN} when nobody
 *                          counted (fail-open while Redis is down)
 * @param resetSeconds      seconds until {@code policy} is back ({@code t}): until a bucket is full or a window ends
 *                          when allowed, until the request would fit when limited
 * @param retryAfterSeconds the {@code Retry-After} of a rejection (never earlier than {@code t}); 0 when allowed
 * @param fallback          decided without Redis because Redis failed or timed out
 * @param shadow            the tenant's {@code mode: shadow}: a limited decision is counted, not enforced
 */
public record RateDecision(boolean allowed, String policy, String policies, long remaining, long resetSeconds,
                           long retryAfterSeconds, boolean fallback, boolean shadow) {
  public static final long UNKNOWN = -1;

  static RateDecision allow(Limit limit, String policy, long remaining, long resetSeconds, boolean fallback) {
    return new RateDecision(true, policy, limit.policyField(), remaining, resetSeconds, 0, fallback, limit.shadow());
  }

  static RateDecision limit(Limit limit, String policy, long remaining, long retryAfterSeconds, boolean fallback) {
    long retry = Math.max(1, retryAfterSeconds);
    return new RateDecision(false, policy, limit.policyField(), remaining, retry, retry, fallback, limit.shadow());
  }

  /** Whether the request goes on: allowed, or limited in shadow mode. */
  public boolean proceeds() {
    return allowed || shadow;
  }

  /** Whole seconds, rounded up: a client told "t=0" while no token is there would retry too early. */
  static long ceilSeconds(long nanos) {
    return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
  }
}
