package io.roomgate.limit;

import io.roomgate.config.RateLimitConfig;
import io.roomgate.config.TenantConfig;
import io.roomgate.tenant.Tenant;

import java.util.Map;

/** Tenants with small limits for the limiter tests. */
final class Tenants {
  private Tenants() {
  }

  static Tenant tenant(String id, long qps, long burst) {
    return tenant(id, new RateLimitConfig(qps, burst, Map.of()));
  }

  static Tenant tenant(String id, RateLimitConfig limit) {
    return new Tenant(new TenantConfig(id, limit, new TenantConfig.PlugNmeet(id + "-key", id + "-secret"), null, null));
  }
}
