package io.roomgate.limit;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.config.RateLimitConfig;
import io.roomgate.tenant.Tenant;
import io.roomgate.time.GatewayClock;

import java.util.Map;

/** Tenants with small limits for the limiter tests. */
final class Tenants {
  private Tenants() {
  }

  static Tenant tenant(String id, long qps, long burst) {
    return tenant(id, ConfigBuilders.rateLimit(qps, burst, Map.of()));
  }

  static Tenant tenant(String id, RateLimitConfig limit) {
    return new Tenant(ConfigBuilders.tenant(id, limit, ConfigBuilders.plugNmeet(id + "-key", id + "-secret"), null),
        GatewayClock.SYSTEM);
  }
}
