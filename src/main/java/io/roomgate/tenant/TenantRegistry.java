package io.roomgate.tenant;

import io.roomgate.config.TenantConfig;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds tenants in O(1) by plugNmeet API key, by Tencent sdkappid and by id. The maps are built once per
 * configuration and swapped as a whole ({@link #replace}), so readers never lock and never see half a reload.
 */
public final class TenantRegistry {
  private record Index(Map<String, Tenant> byId, Map<String, Tenant> byPlugNmeetKey, Map<Long, Tenant> bySdkAppId) {
  }

  private final Clock clock;
  private volatile Index index = new Index(Map.of(), Map.of(), Map.of());

  public TenantRegistry(List<TenantConfig> tenants) {
    this(tenants, Clock.systemUTC());
  }

  /** @param clock read by each tenant to tell whether a previous secret still verifies (rotation) */
  public TenantRegistry(List<TenantConfig> tenants, Clock clock) {
    this.clock = clock;
    replace(tenants);
  }

  /**
   * Installs a new tenant list atomically (hot reload, admin API). A tenant whose configuration did not change keeps
   * its object, and with it the HMACs its event loops have already keyed.
   */
  public void replace(List<TenantConfig> tenants) {
    Map<String, Tenant> before = index.byId();
    Map<String, Tenant> byId = new HashMap<>();
    Map<String, Tenant> byKey = new HashMap<>();
    Map<Long, Tenant> byApp = new HashMap<>();
    for (TenantConfig config : tenants) {
      Tenant old = before.get(config.id());
      Tenant t = old != null && old.config().equals(config) ? old : new Tenant(config, clock);
      byId.put(t.id(), t);
      if (config.plugnmeet() != null) {
        byKey.put(config.plugnmeet().apiKey(), t);
      }
      if (config.tencent() != null) {
        byApp.put(config.tencent().sdkAppId(), t);
      }
    }
    index = new Index(Map.copyOf(byId), Map.copyOf(byKey), Map.copyOf(byApp));
  }

  /** The tenant whose plugNmeet API key this is, or {@code null}. */
  public Tenant byPlugNmeetKey(String apiKey) {
    return index.byPlugNmeetKey().get(apiKey);
  }

  /** The tenant with this Tencent sdkappid, or {@code null}. */
  public Tenant bySdkAppId(long sdkAppId) {
    return index.bySdkAppId().get(sdkAppId);
  }

  public Tenant byId(String id) {
    return index.byId().get(id);
  }

  public java.util.Collection<Tenant> all() {
    return index.byId().values();
  }
}
