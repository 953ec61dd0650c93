package io.roomgate.tenant;

import io.roomgate.config.TenantConfig;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds tenants in O(1) by plugNmeet API key, by Tencent sdkappid and by id. A reload builds new maps and swaps them
 * as a whole ({@link #replace}), so readers never lock and never see half a reload; one tenant of the admin API is
 * added or removed in place ({@link #upsert}, {@link #remove}), in O(1) whatever the number of tenants. Readers see
 * each tenant whole: its entries point to one immutable {@link Tenant}.
 */
public final class TenantRegistry {
  private record Index(Map<String, Tenant> byId, Map<String, Tenant> byPlugNmeetKey, Map<Long, Tenant> bySdkAppId) {
  }

  private final Clock clock;
  private volatile Index index = new Index(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(),
      new ConcurrentHashMap<>());

  /** @param clock read by each tenant to tell whether a previous secret still verifies (rotation) */
  public TenantRegistry(List<TenantConfig> tenants, Clock clock) {
    this.clock = clock;
    replace(tenants);
  }

  /**
   * Installs a new tenant list atomically (hot reload, admin API). A tenant whose configuration did not change keeps
   * its object, and with it the HMACs its event loops have already keyed. The gateway's own warm-up tenant, which no
   * list names, stays while it is there ({@link Tenant#internal()}).
   */
  public synchronized void replace(List<TenantConfig> tenants) {
    Map<String, Tenant> before = index.byId();
    Map<String, Tenant> byId = new HashMap<>();
    Map<String, Tenant> byKey = new HashMap<>();
    Map<Long, Tenant> byApp = new HashMap<>();
    List<TenantConfig> all = new ArrayList<>(tenants);
    before.values().stream().filter(Tenant::internal).forEach(t -> all.add(t.config()));
    for (TenantConfig config : all) {
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
    index = new Index(new ConcurrentHashMap<>(byId), new ConcurrentHashMap<>(byKey), new ConcurrentHashMap<>(byApp));
  }

  /**
   * Adds or replaces one tenant in place. Its new credentials are entered before the old ones are dropped, so a
   * caller whose credentials did not change is never refused in between.
   */
  public synchronized void upsert(TenantConfig config) {
    Index i = index;
    Tenant old = i.byId().get(config.id());
    if (old != null && old.config().equals(config)) {
      return;
    }
    Tenant t = new Tenant(config, clock);
    i.byId().put(t.id(), t);
    if (config.plugnmeet() != null) {
      i.byPlugNmeetKey().put(config.plugnmeet().apiKey(), t);
    }
    if (config.tencent() != null) {
      i.bySdkAppId().put(config.tencent().sdkAppId(), t);
    }
    if (old != null) {
      dropCredentials(i, old);
    }
  }

  /** Removes one tenant in place (its credentials only where they still point to it). */
  public synchronized void remove(String id) {
    Index i = index;
    Tenant old = i.byId().remove(id);
    if (old != null) {
      dropCredentials(i, old);
    }
  }

  private static void dropCredentials(Index i, Tenant old) {
    if (old.config().plugnmeet() != null) {
      i.byPlugNmeetKey().remove(old.config().plugnmeet().apiKey(), old); // only if nobody took it over
    }
    if (old.config().tencent() != null) {
      i.bySdkAppId().remove(old.config().tencent().sdkAppId(), old);
    }
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
