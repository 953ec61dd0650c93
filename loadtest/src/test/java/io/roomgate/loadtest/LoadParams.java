package io.roomgate.loadtest;

import java.time.Duration;

/**
 * The simulations' parameters, all from {@code -D} system properties, and the tenant naming scheme that
 * {@code loadtest/run.sh} writes into the gateway's configuration. Tenant {@code i} (0-based) has
 * <ul>
 *   <li>plugNmeet {@code api_key} {@code lt<i>-key} and {@code api_secret} {@code loadtest-secret-<i>-<secretSalt>};</li>
 *   <li>Tencent {@code sdkappid} {@code sdkAppIdBase + i}, the same secret as {@code secret_key}, admin
 *       {@code administrator};</li>
 *   <li>rooms {@code r0 … r<rooms-1>} (created by the simulations that read them, before the load starts).</li>
 * </ul>
 */
final class LoadParams {
  private LoadParams() {
  }

  static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8080");
  /** Configured tenants the load spreads over. */
  static final int TENANTS = Integer.getInteger("tenants", 10);
  /** Active rooms per tenant that the read simulations create first and then read at random. */
  static final int ROOMS = Integer.getInteger("rooms", 10);
  /** Requests (virtual users, one request each, over shared keep-alive connections) per second. */
  static final double RATE = Double.parseDouble(System.getProperty("rate", "200"));
  /** Seconds of constant load, after {@link #RAMP} seconds of ramp-up. */
  static final int DURATION = Integer.getInteger("duration", 30);
  static final int RAMP = Integer.getInteger("ramp", 5);
  /** Assertion: the 99th percentile of response times stays below this. */
  static final int P99_MS = Integer.getInteger("p99Ms", 250);
  /** Assertion: at most this percentage of requests fail (default: none may fail). */
  static final double MAX_FAILED_PCT = Double.parseDouble(System.getProperty("maxFailedPct", "0"));
  /** Noisy neighbour: every tenant's configured rate_limit.qps (= burst) — run.sh sets the same. */
  static final int LIMIT_QPS = Integer.getInteger("limitQps", 50);
  static final String SECRET_SALT = System.getProperty("secretSalt", "0123456789abcdef");
  static final long SDKAPPID_BASE = Long.getLong("sdkAppIdBase", 1_400_100_000L);
  static final String ADMIN = System.getProperty("admin", "administrator");
  /** Parallel requests when creating the rooms before a run. */
  static final int SEED_CONCURRENCY = Integer.getInteger("seedConcurrency", 16);

  static String apiKey(int tenant) {
    return "lt" + tenant + "-key";
  }

  static String secret(int tenant) {
    return "loadtest-secret-" + tenant + "-" + SECRET_SALT;
  }

  static long sdkAppId(int tenant) {
    return SDKAPPID_BASE + tenant;
  }

  static String room(int index) {
    return "r" + index;
  }

  static Duration ramp() {
    return Duration.ofSeconds(RAMP);
  }

  static Duration duration() {
    return Duration.ofSeconds(DURATION);
  }

  static String describe() {
    return "baseUrl=" + BASE_URL + " tenants=" + TENANTS + " rooms=" + ROOMS + " rate=" + RATE + "/s duration="
        + DURATION + "s ramp=" + RAMP + "s p99Ms=" + P99_MS + " maxFailedPct=" + MAX_FAILED_PCT;
  }
}
