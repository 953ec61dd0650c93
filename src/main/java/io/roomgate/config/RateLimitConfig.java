package io.roomgate.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

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
  public static final OnRedisError DEFAULT_ON_REDIS_ERROR = OnRedisError.LOCAL;
  public static final Mode DEFAULT_MODE = Mode.ENFORCE;
  /** The most tokens a bucket or quota may hold: the Lua script's numbers are doubles. */
  public static final long MAX_TOKENS = 1L << 53;
  public static final long MAX_COST = 1_000_000;

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
    public Quota {
      InvalidConfigValue.check(name != null && !name.isBlank(), "name", "is required");
      InvalidConfigValue.check(limit >= 1 && limit <= MAX_TOKENS, "limit",
          "must be between 1 and " + MAX_TOKENS + ", was " + limit);
      InvalidConfigValue.check(windowSeconds >= 1, "window_seconds", "must be at least 1, was " + windowSeconds);
    }
  }

  /**
   * Checks every invariant; each error names the key of {@code rate_limit} it is about, e.g. {@code burst} or
   * {@code costs.create}.
   */
  public RateLimitConfig {
    InvalidConfigValue.check(qps >= 1, "qps", "must be at least 1, was " + qps);
    InvalidConfigValue.check(burst >= qps, "burst", "must be at least qps (" + qps + ")");
    InvalidConfigValue.check(burst <= MAX_TOKENS, "burst", "must be at most " + MAX_TOKENS + ", was " + burst);
    Objects.requireNonNull(perApi, "perApi");
    Objects.requireNonNull(onRedisError, "onRedisError");
    Objects.requireNonNull(quotas, "quotas");
    Objects.requireNonNull(costs, "costs");
    Objects.requireNonNull(mode, "mode");
    for (Quota quota : quotas) {
      InvalidConfigValue.check(!perApi.containsKey(quota.name()), "quotas", "quota '" + quota.name()
          + "' has the name of an API in apis (both name a policy in the RateLimit-Policy field)");
    }
    // A cost no policy can ever hold would reject that API for good.
    for (Map.Entry<String, Long> c : costs.entrySet()) {
      String api = c.getKey();
      long cost = c.getValue();
      InvalidConfigValue.check(cost >= 1 && cost <= MAX_COST, "costs." + api,
          "must be between 1 and " + MAX_COST + ", was " + cost);
      long room = burst;
      String limiting = "burst";
      RateLimitConfig own = perApi.get(api);
      if (own != null && own.burst() < room) {
        room = own.burst();
        limiting = "apis." + api + ".burst";
      }
      for (Quota quota : quotas) {
        if (quota.limit() < room) {
          room = quota.limit();
          limiting = "quota '" + quota.name() + "'";
        }
      }
      InvalidConfigValue.check(cost <= room, "costs." + api, "cost " + cost + " exceeds " + limiting + " (" + room
          + "): such a request could never be admitted");
    }
    perApi = Map.copyOf(perApi);
    quotas = List.copyOf(quotas);
    costs = Map.copyOf(costs);
  }

  /**
   * A per-API bucket ({@code apis.<name>}): its own qps and burst under the tenant's failure policy; quotas, costs
   * and mode are the tenant's.
   */
  public static RateLimitConfig perApiBucket(long qps, long burst, OnRedisError onRedisError) {
    return new RateLimitConfig(qps, burst, Map.of(), onRedisError, List.of(), Map.of(), DEFAULT_MODE, null);
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
