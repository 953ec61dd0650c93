package io.roomgate.api.names;

import io.roomgate.api.plugnmeet.PlugNmeetEndpoint;
import io.roomgate.api.tencent.TencentEndpoint;
import io.roomgate.config.ConfigException;
import io.roomgate.config.RateLimitConfig;
import io.roomgate.config.TenantConfig;
import io.roomgate.config.TenantPlans;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The API names a tenant's {@code rate_limit.apis} and {@code costs} may name: every endpoint both dialects serve,
 * taken from their endpoint lists. A name no dialect serves would limit nothing and cost nothing, silently, so a
 * tenant or plan naming one is refused with the key named (the file at start and on reload, the admin API's writes).
 */
public final class ApiNames {
  private static final Set<String> ALL;

  static {
    Set<String> all = new TreeSet<>(PlugNmeetEndpoint.apiNames());
    all.addAll(TencentEndpoint.apiNames());
    ALL = Collections.unmodifiableSet(all);
  }

  private ApiNames() {
  }

  /** Every API name of both dialects, sorted. */
  public static Set<String> all() {
    return ALL;
  }

  /** Checks every tenant's and every plan's limits; throws {@link ConfigException} naming the first bad key. */
  public static void check(Collection<TenantConfig> tenants, TenantPlans plans) {
    plans.forEachResolved((name, rate) -> check("plans." + name, rate));
    tenants.forEach(ApiNames::check);
  }

  /** Checks one tenant's limits (after its plan was applied); throws {@link ConfigException}. */
  public static void check(TenantConfig tenant) {
    check("tenants[" + tenant.id() + "].rate_limit", tenant.rateLimit());
  }

  private static void check(String path, RateLimitConfig rate) {
    rate.perApi().keySet().forEach(api -> known(path + ".apis." + api, api));
    rate.costs().keySet().forEach(api -> known(path + ".costs." + api, api));
  }

  private static void known(String key, String api) {
    if (!ALL.contains(api)) {
      throw new ConfigException(key, "no such API; the APIs are " + String.join(", ", ALL));
    }
  }
}
