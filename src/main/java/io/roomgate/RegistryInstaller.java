package io.roomgate;

import io.roomgate.admin.TenantCatalog;
import io.roomgate.config.TenantConfig;
import io.roomgate.limit.RateLimiter;
import io.roomgate.metrics.GatewayMetrics;
import io.roomgate.tenant.Tenant;
import io.roomgate.tenant.TenantRegistry;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where the catalog's tenants go: the registry that authenticates them and the metrics that label them. A tenant that
 * goes (an admin API delete, a file reload or a snapshot catch-up without it) also takes its rate-limiter state with
 * it, so that tenants coming and going at runtime leave nothing behind.
 */
final class RegistryInstaller implements TenantCatalog.Installer {
  private final TenantRegistry tenants;
  private final GatewayMetrics metrics;
  /** The public listener's limiter, built after the catalog; {@code null} until then or with the limiter off. */
  private final Supplier<RateLimiter> limiter;

  RegistryInstaller(TenantRegistry tenants, GatewayMetrics metrics, Supplier<RateLimiter> limiter) {
    this.tenants = tenants;
    this.metrics = metrics;
    this.limiter = limiter;
  }

  @Override
  public void replace(List<TenantConfig> all) {
    Set<String> gone = new HashSet<>();
    for (Tenant t : tenants.all()) {
      if (!t.internal()) { // the warm-up's tenant stays (see TenantRegistry.replace)
        gone.add(t.id());
      }
    }
    tenants.replace(all);
    List<String> ids = all.stream().map(TenantConfig::id).toList();
    metrics.tenants(ids);
    ids.forEach(gone::remove);
    gone.forEach(this::forget);
  }

  @Override
  public void upsert(TenantConfig tenant) {
    tenants.upsert(tenant);
    metrics.tenantAdded(tenant.id());
  }

  @Override
  public void remove(String id) {
    tenants.remove(id);
    metrics.tenantRemoved(id);
    forget(id);
  }

  private void forget(String id) {
    RateLimiter l = limiter.get();
    if (l != null) {
      l.forget(id);
    }
  }
}
