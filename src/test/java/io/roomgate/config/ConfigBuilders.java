package io.roomgate.config;

import io.roomgate.config.RateLimitConfig.OnRedisError;

import java.util.List;
import java.util.Map;

/**
 * Short ways for tests to build config records that set only what a test is about; everything else takes the
 * records' own defaults ({@code DEFAULT_*}). Production code builds records through {@link ConfigLoader} or with
 * every value spelled out.
 */
public final class ConfigBuilders {
  private ConfigBuilders() {
  }

  /** A tenant bucket with no per-API buckets, quotas or costs, enforced, {@code on_redis_error: local}. */
  public static RateLimitConfig rateLimit(long qps, long burst) {
    return rateLimit(qps, burst, Map.of(), RateLimitConfig.DEFAULT_ON_REDIS_ERROR);
  }

  public static RateLimitConfig rateLimit(long qps, long burst, Map<String, RateLimitConfig> perApi) {
    return rateLimit(qps, burst, perApi, RateLimitConfig.DEFAULT_ON_REDIS_ERROR);
  }

  public static RateLimitConfig rateLimit(long qps, long burst, Map<String, RateLimitConfig> perApi,
                                          OnRedisError onRedisError) {
    return new RateLimitConfig(qps, burst, perApi, onRedisError, List.of(), Map.of(), RateLimitConfig.DEFAULT_MODE,
        null);
  }

  /** A per-API bucket ({@code apis.<name>}) under {@code on_redis_error: local}. */
  public static RateLimitConfig apiBucket(long qps, long burst) {
    return RateLimitConfig.perApiBucket(qps, burst, RateLimitConfig.DEFAULT_ON_REDIS_ERROR);
  }

  /** A tenant without a webhook URL, with the default {@code max_active_rooms}. */
  public static TenantConfig tenant(String id, RateLimitConfig rateLimit, TenantConfig.PlugNmeet plugnmeet,
                                    TenantConfig.Tencent tencent) {
    return new TenantConfig(id, rateLimit, plugnmeet, tencent, null, TenantConfig.DEFAULT_MAX_ACTIVE_ROOMS);
  }

  /** plugNmeet credentials without a previous secret or replay protection. */
  public static TenantConfig.PlugNmeet plugNmeet(String apiKey, String apiSecret) {
    return new TenantConfig.PlugNmeet(apiKey, apiSecret, null, 0, 0);
  }

  /** Tencent credentials without a previous key. */
  public static TenantConfig.Tencent tencent(long sdkAppId, String secretKey, List<String> admins) {
    return new TenantConfig.Tencent(sdkAppId, secretKey, admins, null, 0);
  }

  /** One standalone server, no credentials, no read cache (tests of the stores themselves). */
  public static RedisConfig redis(String url, int poolSize, int maxWaiting, long timeoutMs) {
    return new RedisConfig(RedisConfig.Type.STANDALONE, List.of(url), null, null, null, poolSize, maxWaiting,
        timeoutMs, 0);
  }

  /** A LiveKit host with the default breaker, retry, reconcile and sync settings. */
  public static LiveKitConfig liveKit(String url, String apiKey, String apiSecret, int embeddedPort, int poolSize,
                                      long connectTimeoutMs, long requestTimeoutMs, long joinTokenTtlSeconds,
                                      long presenceMaxAgeMs) {
    return liveKit(url, apiKey, apiSecret, embeddedPort, poolSize, connectTimeoutMs, requestTimeoutMs,
        joinTokenTtlSeconds, presenceMaxAgeMs, LiveKitConfig.DEFAULT_BREAKER_FAILURES,
        LiveKitConfig.DEFAULT_BREAKER_RESET_MS, LiveKitConfig.DEFAULT_MAX_RETRIES, LiveKitConfig.DEFAULT_RETRY_BACKOFF_MS,
        LiveKitConfig.DEFAULT_RECONCILE_INTERVAL_MS);
  }

  /** A LiveKit host with the default {@code max_syncs_per_second}. */
  public static LiveKitConfig liveKit(String url, String apiKey, String apiSecret, int embeddedPort, int poolSize,
                                      long connectTimeoutMs, long requestTimeoutMs, long joinTokenTtlSeconds,
                                      long presenceMaxAgeMs, int breakerFailures, long breakerResetMs, int maxRetries,
                                      long retryBackoffMs, long reconcileIntervalMs) {
    return new LiveKitConfig(url, apiKey, apiSecret, embeddedPort, poolSize, connectTimeoutMs, requestTimeoutMs,
        joinTokenTtlSeconds, presenceMaxAgeMs, breakerFailures, breakerResetMs, maxRetries, retryBackoffMs,
        reconcileIntervalMs, LiveKitConfig.DEFAULT_MAX_SYNCS_PER_SECOND);
  }
}
