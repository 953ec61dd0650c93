package io.roomgate.tenant;

import io.roomgate.config.TenantConfig;

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

  private volatile Index index;

  public TenantRegistry(List<TenantConfig> tenants) {
    replace(tenants);
  }

  /** Installs a new tenant list atomically (hot reload). */
  public void replace(List<TenantConfig> tenants) {
    Map<String, Tenant> byId = new HashMap<>();
    Map<String, Tenant> byKey = new HashMap<>();
    Map<Long, Tenant> byApp = new HashMap<>();
    for (TenantConfig config : tenants) {
      Tenant t = new Tenant(config);
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
