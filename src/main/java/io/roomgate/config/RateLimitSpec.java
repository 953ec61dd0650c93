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
  static final long MAX_TOKENS = RateLimitConfig.MAX_TOKENS;
  static final long MAX_WINDOW_SECONDS = 366L * 86400;
  static final long MAX_COST = RateLimitConfig.MAX_COST;

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
      long limit = q.requiredNumber("limit", 1, MAX_TOKENS);
      long window = q.requiredNumber("window_seconds", 1, MAX_WINDOW_SECONDS);
      quotas.add(q.build(() -> new RateLimitConfig.Quota(name, limit, window)));
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
    RateLimitConfig.OnRedisError policy = onRedisError != null ? onRedisError : RateLimitConfig.DEFAULT_ON_REDIS_ERROR;
    Map<String, RateLimitConfig> perApi = new LinkedHashMap<>();
    apis.forEach((api, s) -> {
      long aq = s.qps != null ? s.qps : q;
      long ab = s.burst != null ? s.burst : aq;
      perApi.put(api, InvalidConfigValue.at(path + ".apis." + api, from,
          () -> RateLimitConfig.perApiBucket(aq, ab, policy)));
    });
    // the record checks the whole: burst against qps, quota names against APIs, each cost against what can hold it
    return InvalidConfigValue.at(path, from, () -> new RateLimitConfig(q, b, perApi, policy, quotas, costs,
        mode != null ? mode : RateLimitConfig.DEFAULT_MODE, plan));
  }
}
