package io.roomgate.limit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucket;
import io.roomgate.config.LimiterConfig;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small budget of failed authentications per client IP, so that a signature flood stays cheap: each 401 takes
 * a token ({@link #failed}); once a client's tokens are gone, {@link #refuses} says so before the authentication
 * handler does any HMAC work, and the client gets 429 until the budget refills
 * ({@code rate_limit.auth_failures.burst}, refilled at {@code .per_minute}). Successful requests cost nothing.
 *
 * <p>Memory is bounded by {@code max_clients}: when that many IPs are tracked, entries whose bucket has refilled
 * (idle clients) are dropped, at most once per second; if all are still active, a new IP is not tracked (it pays
 * the HMAC like any request, but cannot push tracked flooders out).
 *
 * <p>The client is the TCP peer; forwarding headers are not trusted.
 */
public final class AuthFailureLimiter {
  private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

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

  /** Whether {@code clientIp} has spent its budget: refuse it with 429 before verifying anything. */
  public boolean refuses(String clientIp) {
    LocalBucket b = clients.get(clientIp);
    if (b == null || b.getAvailableTokens() >= 1) {
      return false;
    }
    stats.authFailureRefusal();
    return true;
  }

  /** Seconds until {@code clientIp} may try again (at least 1). */
  public long retryAfterSeconds(String clientIp) {
    LocalBucket b = clients.get(clientIp);
    long nanos = b == null ? 0 : b.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    return Math.max(1, RateDecision.ceilSeconds(nanos));
  }

  /** Counts one failed authentication of {@code clientIp}. */
  public void failed(String clientIp) {
    LocalBucket b = clients.get(clientIp);
    if (b == null) {
      if (clients.size() >= maxClients && !sweep()) {
        return;
      }
      b = clients.computeIfAbsent(clientIp, k -> newBucket());
    }
    b.tryConsume(1);
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
