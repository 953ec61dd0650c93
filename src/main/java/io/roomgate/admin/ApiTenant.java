package io.roomgate.admin;

import io.roomgate.config.TenantConfig;
import io.roomgate.config.TenantPlans;

import java.util.Map;

/**
 * A tenant written through the admin API: its validated configuration and its version (the body it was written with
 * lives in the store, where other nodes validate it again). A tenant that names a {@code plan} also keeps its entry
 * and the plans it was resolved with, so that it can be resolved again when a reload of the file changes the plans.
 *
 * @param version increases with every write of any API tenant (one counter, so a node can tell what it missed)
 * @param entry   the entry as plain maps and lists when it names a plan, else {@code null}
 * @param plans   the plans {@code config} was resolved with when it names one, else {@code null}
 */
record ApiTenant(TenantConfig config, long version, Map<?, ?> entry, TenantPlans plans) {
  /** A tenant resolved from {@code entry} with {@code plans}: the entry is kept only if it names a plan. */
  static ApiTenant of(TenantConfig config, long version, Map<?, ?> entry, TenantPlans plans) {
    boolean named = config.rateLimit().plan() != null;
    return new ApiTenant(config, version, named ? entry : null, named ? plans : null);
  }

  /** The same tenant as written at {@code v}. */
  ApiTenant withVersion(long v) {
    return new ApiTenant(config, v, entry, plans);
  }

  String id() {
    return config.id();
  }

  @Override
  public String toString() {
    return "ApiTenant[" + config.id() + " v" + version + "]";
  }
}
