package io.roomgate;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.config.TenantConfig;
import io.roomgate.limit.RateDecision;
import io.roomgate.limit.RateLimiter;
import io.roomgate.metrics.GatewayMetrics;
import io.roomgate.metrics.MetricsVertx;
import io.roomgate.tenant.Tenant;
import io.roomgate.tenant.TenantRegistry;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Every way a tenant goes takes its rate-limiter state with it; tenants that stay keep theirs. */
class RegistryInstallerTest {
  /** Records what it is told to forget; decides nothing (the installer never asks it to). */
  private static final class ForgettingLimiter implements RateLimiter {
    final List<String> forgotten = new ArrayList<>();

    @Override
    public Future<RateDecision> tryAcquire(Tenant tenant, String api) {
      throw new UnsupportedOperationException("not asked by the installer");
    }

    @Override
    public void forget(String tenantId) {
      forgotten.add(tenantId);
    }
  }

  private final ForgettingLimiter limiter = new ForgettingLimiter();
  private final TenantRegistry registry = new TenantRegistry(List.of(tenant("a"), tenant("b")), GatewayClock.SYSTEM);
  private final RegistryInstaller installer = new RegistryInstaller(registry,
      new GatewayMetrics(MetricsVertx.newRegistry(), List.of("a", "b")), () -> limiter);

  private static TenantConfig tenant(String id) {
    return ConfigBuilders.tenant(id, ConfigBuilders.rateLimit(10, 10, Map.of()),
        ConfigBuilders.plugNmeet("key-" + id, "secret-0123456789abcdef"), null);
  }

  @Test
  void aReplaceWithoutATenantForgetsItAndOnlyIt() {
    installer.replace(List.of(tenant("b"), tenant("c")));

    assertEquals(List.of("a"), limiter.forgotten);
    assertNull(registry.byId("a"));
    assertNotNull(registry.byId("b"));
    assertNotNull(registry.byId("c"));
  }

  @Test
  void aReplaceWithTheSameTenantsForgetsNothing() {
    installer.replace(List.of(tenant("a"), tenant("b")));

    assertEquals(List.of(), limiter.forgotten);
  }

  /** A reload or snapshot during the warm-up: the warm-up's own tenant, which no list names, keeps working. */
  @Test
  void aReplaceKeepsTheWarmUpsTenant() {
    registry.upsert(ConfigBuilders.tenant(Tenant.WARMUP_ID, ConfigBuilders.rateLimit(10, 10, Map.of()),
        ConfigBuilders.plugNmeet("_warmup-key", "secret-0123456789abcdef"), null));

    installer.replace(List.of(tenant("b")));

    assertEquals(List.of("a"), limiter.forgotten);
    assertNotNull(registry.byId(Tenant.WARMUP_ID));
    assertEquals(Tenant.WARMUP_ID, registry.byPlugNmeetKey("_warmup-key").id());
    registry.remove(Tenant.WARMUP_ID);
    installer.replace(List.of(tenant("b")));
    assertNull(registry.byPlugNmeetKey("_warmup-key"), "gone once the warm-up took it out");
  }

  @Test
  void aRemovedTenantIsForgotten() {
    installer.upsert(tenant("c"));
    installer.remove("c");

    assertEquals(List.of("c"), limiter.forgotten);
    assertNull(registry.byId("c"));
  }

  @Test
  void nothingIsForgottenBeforeTheLimiterIsBuilt() {
    RegistryInstaller early = new RegistryInstaller(registry,
        new GatewayMetrics(MetricsVertx.newRegistry(), List.of("a", "b")), () -> null);

    early.replace(List.of(tenant("b")));
    early.remove("b");

    assertNull(registry.byId("a"));
    assertNull(registry.byId("b"));
  }
}
