package io.roomgate.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code rate_limit} block or a {@code plans} entry as written: every field may be absent, so that a tenant's
 * {@code rate_limit} overrides exactly the fields it names of its {@code plan} ({@link #over}). {@link #resolve}
 * applies the defaults and checks the whole.
 *
 * <p>Overrides go field by field; within {@code apis} and {@code costs} API by API, within {@code quotas} quota by
 * name (a tenant's {@code day} quota replaces its plan's {@code day}, other plan quotas stay). A tenant that sets
 * {@code qps} but no {@code burst} gets burst = its qps, not the plan's burst.
 */
record RateLimitSpec(Long qps, Long burst, Map<String, RateLimitSpec> apis, RateLimitConfig.OnRedisError onRedisError,
                     List<RateLimitConfig.Quota> quotas, Map<String, Long> costs, RateLimitConfig.Mode mode) {
  /** Policy names become header items and Redis key segments: keep them plain. */
  static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");
  /** The tenant bucket's policy name; neither a quota nor an API may take it. */
  static final String APP = "app";
  static final long MAX_TOKENS = 1L << 53; // Lua numbers are doubles
  static final long MAX_WINDOW_SECONDS = 366L * 86400;
  static final long MAX_COST = 1_000_000;

  static final RateLimitSpec EMPTY = new RateLimitSpec(null, null, Map.of(), null, List.of(), Map.of(), null);

  /** Reads a {@code rate_limit} block or a plan; {@code perApi} = whether {@code apis} etc. are allowed (not in apis). */
  static RateLimitSpec parse(ConfigNode n, boolean full) {
    Long qps = n.has("qps") ? n.number("qps", 0, 1, 1_000_000_000L) : null;
    Long burst = n.has("burst") ? n.number("burst", 0, 1, MAX_TOKENS) : null;
    if (!full) {
      n.rejectUnknownKeys();
      return new RateLimitSpec(qps, burst, Map.of(), null, List.of(), Map.of(), null);
    }
    RateLimitConfig.OnRedisError onRedisError = n.has("on_redis_error") ? onRedisError(n) : null;
    Map<String, RateLimitSpec> apis = n.mapOf("apis", api -> parse(api, false));
    apis.keySet().forEach(name -> checkName(n, "apis." + name, name, "API name"));
    Map<String, Long> costs = n.numberMap("costs", 1, MAX_COST);
    costs.keySet().forEach(name -> checkName(n, "costs." + name, name, "API name"));
    List<RateLimitConfig.Quota> quotas = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<ConfigNode> qs = n.children("quotas");
    for (ConfigNode q : qs) {
      String name = q.requiredString("name");
      checkName(q, "name", name, "quota name");
      if (APP.equals(name) || !names.add(name)) {
        throw new ConfigException(q.path("name"), APP.equals(name) ? "'app' is the tenant bucket's name"
            : "duplicate quota name '" + name + "'");
      }
      quotas.add(new RateLimitConfig.Quota(name, q.requiredNumber("limit", 1, MAX_TOKENS),
          q.requiredNumber("window_seconds", 1, MAX_WINDOW_SECONDS)));
      q.rejectUnknownKeys();
    }
    RateLimitConfig.Mode mode = null;
    if (n.has("mode")) {
      String m = n.string("mode", "enforce");
      mode = switch (m) {
        case "enforce" -> RateLimitConfig.Mode.ENFORCE;
        case "shadow" -> RateLimitConfig.Mode.SHADOW;
        default -> throw new ConfigException(n.path("mode"), "must be enforce or shadow, was '" + m + "'");
      };
    }
    n.rejectUnknownKeys();
    return new RateLimitSpec(qps, burst, apis, onRedisError, quotas, costs, mode);
  }

  private static void checkName(ConfigNode n, String key, String name, String what) {
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(n.path(key), what + " must match " + NAME.pattern());
    }
  }

  private static RateLimitConfig.OnRedisError onRedisError(ConfigNode n) {
    String v = n.string("on_redis_error", RateLimitConfig.OnRedisError.LOCAL.key());
    for (RateLimitConfig.OnRedisError p : RateLimitConfig.OnRedisError.values()) {
      if (p.key().equals(v)) {
        return p;
      }
    }
    throw new ConfigException(n.path("on_redis_error"), "must be one of local, open, closed, was '" + v + "'");
  }

  /** This (a tenant's {@code rate_limit}) over {@code plan}: what this names wins, the rest is the plan's. */
  RateLimitSpec over(RateLimitSpec plan) {
    Map<String, RateLimitSpec> mergedApis = new LinkedHashMap<>(plan.apis);
    apis.forEach((api, own) -> mergedApis.merge(api, own, (p, o) -> o.over(p)));
    Map<String, Long> mergedCosts = new LinkedHashMap<>(plan.costs);
    mergedCosts.putAll(costs);
    Map<String, RateLimitConfig.Quota> byName = new LinkedHashMap<>();
    plan.quotas.forEach(q -> byName.put(q.name(), q));
    quotas.forEach(q -> byName.put(q.name(), q));
    return new RateLimitSpec(
        qps != null ? qps : plan.qps,
        burst != null ? burst : qps != null ? null : plan.burst, // own qps without own burst: burst = that qps
        mergedApis,
        onRedisError != null ? onRedisError : plan.onRedisError,
        new ArrayList<>(byName.values()), mergedCosts,
        mode != null ? mode : plan.mode);
  }

  /**
   * The complete limits with defaults, checked as a whole.
   *
   * @param path the key errors name, e.g. {@code tenants[2].rate_limit}
   * @param plan the plan's name, or {@code null}; named in errors of values that came from it
   */
  RateLimitConfig resolve(String path, String plan) {
    String from = plan == null ? "" : " (with plan '" + plan + "')";
    long q = qps != null ? qps : RateLimitConfig.DEFAULT_QPS;
    long b = burst != null ? burst : q;
    if (b < q) {
      throw new ConfigException(path + ".burst", "must be at least qps (" + q + ")" + from);
    }
    Map<String, RateLimitConfig> perApi = new LinkedHashMap<>();
    apis.forEach((api, s) -> {
      long aq = s.qps != null ? s.qps : q;
      long ab = s.burst != null ? s.burst : aq;
      if (ab < aq) {
        throw new ConfigException(path + ".apis." + api + ".burst", "must be at least qps (" + aq + ")" + from);
      }
      perApi.put(api, new RateLimitConfig(aq, ab, Map.of(), onRedisError));
    });
    for (RateLimitConfig.Quota quota : quotas) {
      if (perApi.containsKey(quota.name())) {
        throw new ConfigException(path + ".quotas", "quota '" + quota.name() + "' has the name of an API in apis"
            + " (both name a policy in the RateLimit-Policy field)" + from);
      }
    }
    // A cost no policy can ever hold would reject that API for good: say so now.
    costs.forEach((api, cost) -> {
      long room = b;
      String limiting = "burst";
      RateLimitConfig own = perApi.get(api);
      if (own != null && own.burst() < room) {
        room = own.burst();
        limiting = "apis." + api + ".burst";
      }
      for (RateLimitConfig.Quota quota : quotas) {
        if (quota.limit() < room) {
          room = quota.limit();
          limiting = "quota '" + quota.name() + "'";
        }
      }
      if (cost > room) {
        throw new ConfigException(path + ".costs." + api, "cost " + cost + " exceeds " + limiting + " (" + room
            + "): such a request could never be admitted" + from);
      }
    });
    return new RateLimitConfig(q, b, perApi, onRedisError, quotas, costs, mode, plan);
  }
}
