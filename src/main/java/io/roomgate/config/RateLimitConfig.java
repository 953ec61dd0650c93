package io.roomgate.config;

import java.util.Locale;
import java.util.Map;

/**
 * {@code tenants[].rate_limit:} — a token bucket per tenant and, where configured, per API.
 *
 * @param qps          sustained requests per second ({@code qps}, default 200)
 * @param burst        bucket capacity ({@code burst}, default = qps)
 * @param perApi       overrides by API name, e.g. {@code get_room_list: {qps: 10}} ({@code apis}); an API with an
 *                     override is limited by its own bucket instead of the tenant's
 * @param onRedisError what a decision does while Redis is unreachable ({@code on_redis_error}, default
 *                     {@code local}); per-API overrides inherit the tenant's
 */
public record RateLimitConfig(long qps, long burst, Map<String, RateLimitConfig> perApi, OnRedisError onRedisError) {
  public static final long DEFAULT_QPS = 200;

  /** The failure policy of the distributed limiter, per tenant. */
  public enum OnRedisError {
    /** Each node enforces {@code qps / rate_limit.nodes} (and burst likewise) with its own local bucket. */
    LOCAL,
    /** Admit everything until Redis is back. */
    OPEN,
    /** Reject everything until Redis is back. */
    CLOSED;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public RateLimitConfig {
    perApi = perApi == null ? Map.of() : Map.copyOf(perApi);
    onRedisError = onRedisError == null ? OnRedisError.LOCAL : onRedisError;
  }

  public RateLimitConfig(long qps, long burst, Map<String, RateLimitConfig> perApi) {
    this(qps, burst, perApi, OnRedisError.LOCAL);
  }

  public RateLimitConfig withOnRedisError(OnRedisError policy) {
    return new RateLimitConfig(qps, burst, perApi, policy);
  }

  /** The limit that applies to {@code api}: its override, else this one. */
  public RateLimitConfig forApi(String api) {
    RateLimitConfig o = perApi.get(api);
    return o == null ? this : o;
  }
}
