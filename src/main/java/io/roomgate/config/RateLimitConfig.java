package io.roomgate.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tenants[].rate_limit:} (after its {@code plan} was applied) — every limit of one tenant: a token bucket for
 * the tenant, optional per-API buckets, quotas over fixed windows, request costs and the enforcement mode.
 *
 * @param qps          sustained requests per second ({@code qps}, default 200)
 * @param burst        bucket capacity ({@code burst}, default = qps)
 * @param perApi       per-API buckets, e.g. {@code get_room_list: {qps: 10}} ({@code apis}); a request to such an API
 *                     draws from its bucket and from every tenant policy
 * @param onRedisError what a decision does while Redis is unreachable ({@code on_redis_error}, default
 *                     {@code local}); per-API buckets follow the tenant's
 * @param quotas       fixed windows aligned to the epoch ({@code quotas}), e.g. 1,000,000 a day
 * @param costs        tokens one request to an API takes from every policy that applies ({@code costs}, default 1)
 * @param mode         {@code enforce}, or {@code shadow}: count what would be limited, reject nothing
 * @param plan         the {@code plans} entry this was built from, or {@code null}
 */
public record RateLimitConfig(long qps, long burst, Map<String, RateLimitConfig> perApi, OnRedisError onRedisError,
                             List<Quota> quotas, Map<String, Long> costs, Mode mode, String plan) {
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

  /** Whether decisions reject ({@code enforce}) or are only counted ({@code shadow}, to roll a new limit out). */
  public enum Mode {
    ENFORCE, SHADOW;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * {@code quotas[]: {name, limit, window_seconds}} — at most {@code limit} tokens per window; windows are aligned to
   * the epoch, so a 3600 s window resets at the top of each UTC hour and an 86400 s one at UTC midnight.
   */
  public record Quota(String name, long limit, long windowSeconds) {
  }

  public RateLimitConfig {
    perApi = perApi == null ? Map.of() : Map.copyOf(perApi);
    onRedisError = onRedisError == null ? OnRedisError.LOCAL : onRedisError;
    quotas = quotas == null ? List.of() : List.copyOf(quotas);
    costs = costs == null ? Map.of() : Map.copyOf(costs);
    mode = mode == null ? Mode.ENFORCE : mode;
  }

  public RateLimitConfig(long qps, long burst, Map<String, RateLimitConfig> perApi, OnRedisError onRedisError) {
    this(qps, burst, perApi, onRedisError, List.of(), Map.of(), Mode.ENFORCE, null);
  }

  public RateLimitConfig(long qps, long burst, Map<String, RateLimitConfig> perApi) {
    this(qps, burst, perApi, OnRedisError.LOCAL);
  }

  public RateLimitConfig withOnRedisError(OnRedisError policy) {
    return new RateLimitConfig(qps, burst, perApi, policy, quotas, costs, mode, plan);
  }

  public RateLimitConfig withPerApi(Map<String, RateLimitConfig> apis) {
    return new RateLimitConfig(qps, burst, apis, onRedisError, quotas, costs, mode, plan);
  }

  /** The per-API bucket of {@code api}, else this one. */
  public RateLimitConfig forApi(String api) {
    RateLimitConfig o = perApi.get(api);
    return o == null ? this : o;
  }

  /** Tokens a request to {@code api} takes from every policy that applies. */
  public long cost(String api) {
    Long c = api == null ? null : costs.get(api);
    return c == null ? 1 : c;
  }

  public boolean shadow() {
    return mode == Mode.SHADOW;
  }
}
