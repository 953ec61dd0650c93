package io.roomgate.limit;

/**
 * The outcome of one rate-limit decision, with what the IETF {@code RateLimit} fields need.
 *
 * @param allowed           whether the request may proceed
 * @param policy            the policy's name in the headers: {@code app} for the tenant's bucket, else the API name
 *                          of a per-API override
 * @param quota             the policy's quota per second ({@code q}); the configured qps, also while falling back
 * @param remaining         tokens left after this decision ({@code r}); {@link #UNKNOWN} when nobody counted
 *                          (fail-open while Redis is down)
 * @param resetSeconds      seconds until the quota is back ({@code t}): until the bucket is full when allowed, until
 *                          the next token when limited
 * @param retryAfterSeconds the {@code Retry-After} of a rejection (never earlier than {@code t}); 0 when allowed
 * @param fallback          decided without Redis because Redis failed or timed out
 */
public record RateDecision(boolean allowed, String policy, long quota, long remaining, long resetSeconds,
                           long retryAfterSeconds, boolean fallback) {
  public static final long UNKNOWN = -1;

  static RateDecision allow(String policy, long quota, long remaining, long resetSeconds, boolean fallback) {
    return new RateDecision(true, policy, quota, remaining, resetSeconds, 0, fallback);
  }

  static RateDecision limit(String policy, long quota, long remaining, long retryAfterSeconds, boolean fallback) {
    long retry = Math.max(1, retryAfterSeconds);
    return new RateDecision(false, policy, quota, remaining, retry, retry, fallback);
  }

  /** Whole seconds, rounded up: a client told "t=0" while no token is there would retry too early. */
  static long ceilSeconds(long nanos) {
    return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
  }
}
