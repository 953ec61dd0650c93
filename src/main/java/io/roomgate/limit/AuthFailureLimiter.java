package io.roomgate.limit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucket;
import io.roomgate.config.LimiterConfig;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small budget of failed authentications per client IP, part of each authentication stage (plugNmeet HMAC,
 * Tencent UserSig, LiveKit webhooks). It decides only how a request that <em>failed</em> authentication is answered,
 * never whether a request is verified: every request is verified as usual, and one that verifies passes whatever
 * its IP's budget, so a flooder behind a shared address (a NAT, a proxy, a cloud egress) never locks out the
 * correctly signed tenants behind the same one.
 *
 * <p>{@link #failed} takes one token for each failure and says how to answer it: while tokens are left, with the
 * dialect's authentication error (401, Tencent 600xx/700xx); once they are gone, with "too many failed
 * authentications" (HTTP 429, Tencent 70050) and {@code Retry-After}, until the budget refills
 * ({@code rate_limit.auth_failures.burst}, refilled at {@code .per_minute}). Each such refusal is counted
 * ({@code roomgate_auth_failures_refused_total}). Successful requests cost nothing.
 *
 * <p>Memory is bounded by {@code max_clients}: when that many IPs are tracked, entries whose bucket has refilled
 * (idle clients) are dropped, at most once per second; if all are still active, a new IP is not tracked (its
 * failures get the plain authentication error, but it cannot push tracked flooders out). That rule is why this is
 * not a {@link io.roomgate.cache.BoundedCache}, which would make room by forgetting a flooder (a fresh budget).
 *
 * <p>The client is the TCP peer; forwarding headers are not trusted.
 */
public final class AuthFailureLimiter {
  private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

  /** How to answer a request that failed authentication. */
  public enum Answer {
    /** The dialect's own authentication error (plugNmeet 401, Tencent's code, LiveKit webhook 403). */
    UNAUTHENTICATED,
    /** The client's budget is spent: 429 with {@code Retry-After} (Tencent 70050). */
    TOO_MANY_FAILURES
  }

  private final TimeMeter time;
  private final long burst;
  private final long perMinute;
  private final int maxClients;
  private final RateLimitStats stats;
  private final ConcurrentHashMap<String, LocalBucket> clients = new ConcurrentHashMap<>();
  private volatile long lastSweep;

  public AuthFailureLimiter(LimiterConfig config, RateLimitStats stats, TimeMeter time) {
    this.time = time;
    this.burst = config.authFailureBurst();
    this.perMinute = config.authFailurePerMinute();
    this.maxClients = config.authFailureMaxClients();
    this.stats = stats;
    this.lastSweep = time.currentTimeNanos() - SWEEP_INTERVAL_NANOS; // the first sweep may run at once
  }

  /**
   * Counts one failed authentication of {@code clientIp}, after the request was verified and failed.
   *
   * @return {@link Answer#UNAUTHENTICATED} while the budget lasts (this failure took a token), else
   *         {@link Answer#TOO_MANY_FAILURES} (counted as a refusal)
   */
  public Answer failed(String clientIp) {
    LocalBucket b = clients.get(clientIp);
    if (b == null) {
      if (clients.size() >= maxClients && !sweep()) {
        return Answer.UNAUTHENTICATED;
      }
      b = clients.computeIfAbsent(clientIp, k -> newBucket());
    }
    if (b.tryConsume(1)) {
      return Answer.UNAUTHENTICATED;
    }
    stats.authFailureRefusal();
    return Answer.TOO_MANY_FAILURES;
  }

  /** Seconds until {@code clientIp} has a failure to spend again (at least 1). */
  public long retryAfterSeconds(String clientIp) {
    LocalBucket b = clients.get(clientIp);
    long nanos = b == null ? 0 : b.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    return Math.max(1, RateDecision.ceilSeconds(nanos));
  }

  /** Number of client IPs tracked now. */
  public int trackedClients() {
    return clients.size();
  }

  /** Drops the clients whose budget is full again; false if there is still no room for one more. */
  private boolean sweep() {
    long now = time.currentTimeNanos();
    if (now - lastSweep >= SWEEP_INTERVAL_NANOS) {
      lastSweep = now;
      clients.values().removeIf(b -> b.getAvailableTokens() >= burst);
    }
    return clients.size() < maxClients;
  }

  private LocalBucket newBucket() {
    return Bucket.builder()
        .addLimit(l -> l.capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)))
        .withCustomTimePrecision(time)
        .build();
  }
}
