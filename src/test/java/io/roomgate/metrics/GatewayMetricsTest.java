package io.roomgate.metrics;

import io.roomgate.api.plugnmeet.PlugNmeetEndpoint;
import io.roomgate.api.tencent.TencentEndpoint;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GatewayMetricsTest {
  private static final ApiRoutes ROUTES =
      ApiRoutes.standard(PlugNmeetEndpoint.apiNames(), TencentEndpoint.apiNames());
  private final PrometheusMeterRegistry registry = MetricsVertx.newRegistry();
  private final GatewayMetrics metrics = new GatewayMetrics(registry, List.of("acme", "globex"));
  private final ApiRoutes.Route create = ROUTES.classify("/auth/room/create");

  @Test
  void rateLimitCountersExistAtZeroForEveryConfiguredTenant() {
    for (String tenant : List.of("acme", "globex", "unknown")) {
      for (String outcome : List.of("allowed", "limited", "fallback")) {
        assertEquals(0.0, counter(registry, "roomgate.ratelimit.decisions", "tenant", tenant, "outcome", outcome));
      }
    }
  }

  @Test
  void tenantsOutsideTheConfigurationCollapseToUnknown() {
    metrics.rateLimitDecision("acme", "limited");
    metrics.rateLimitDecision("mallory-" + System.nanoTime(), GatewayMetrics.RateLimitOutcome.ALLOWED);
    assertEquals(1.0, counter(registry, "roomgate.ratelimit.decisions", "tenant", "acme", "outcome", "limited"));
    assertEquals(1.0, counter(registry, "roomgate.ratelimit.decisions", "tenant", "unknown", "outcome", "allowed"));
    assertEquals(Set.of("acme", "globex", "unknown"), tagValues(registry, "roomgate.ratelimit.decisions", "tenant"));
    assertEquals("none", metrics.tenantLabel(null));
    assertThrows(IllegalArgumentException.class, () -> metrics.rateLimitDecision("acme", "maybe"));
  }

  @Test
  void hotReloadAddsNewTenantsAtZeroAndDropsRemovedOnes() {
    metrics.request(create, RequestOutcome.SUCCESS, 200, "globex", 1_000_000);
    metrics.tenants(List.of("acme", "initech"));
    assertEquals(0.0, counter(registry, "roomgate.ratelimit.decisions", "tenant", "initech", "outcome", "limited"));
    assertEquals(Set.of("acme", "initech", "unknown"), tagValues(registry, "roomgate.ratelimit.decisions", "tenant"));
    assertTrue(registry.find("roomgate.tenant.requests").tag("tenant", "globex").meters().isEmpty());
    metrics.rateLimitDecision("globex", "allowed");
    assertEquals(1.0, counter(registry, "roomgate.ratelimit.decisions", "tenant", "unknown", "outcome", "allowed"));
  }

  @Test
  void requestsAreAHistogramWithBucketsAndATenantCounter() {
    metrics.request(create, RequestOutcome.SUCCESS, 200, "acme", 3_000_000);
    metrics.request(create, RequestOutcome.AUTH_FAILED, 401, null, 500_000);
    String scrape = registry.scrape();
    assertTrue(scrape.contains("roomgate_requests_seconds_bucket{api=\"create\",dialect=\"plugnmeet\","
        + "outcome=\"success\",status=\"200\",le=\"0.005\"} 1"), scrape);
    assertTrue(scrape.contains("roomgate_requests_seconds_bucket{api=\"create\",dialect=\"plugnmeet\","
        + "outcome=\"success\",status=\"200\",le=\"0.0025\"} 0"), scrape);
    assertTrue(scrape.contains("roomgate_tenant_requests_total{api=\"create\",dialect=\"plugnmeet\","
        + "outcome=\"auth_failed\",tenant=\"none\"} 1.0"), scrape);
  }

  @Test
  void liveKitLabelsStayInsideFixedSets() {
    metrics.liveKitCall("CreateRoom", "ok", 1_000_000);
    metrics.liveKitCall("CreateRoom", "some_new_code", 1_000_000);
    metrics.liveKitCall("Evil" + System.nanoTime(), "not_found", 1_000_000);
    assertEquals(Set.of("ok", "unknown", "not_found"), tagValues(registry, "roomgate.livekit.calls", "code"));
    assertEquals(Set.of("CreateRoom", "other"), tagValues(registry, "roomgate.livekit.calls", "method"));
  }

  @Test
  void disabledMetricsRecordNothing() {
    GatewayMetrics off = GatewayMetrics.disabled();
    off.request(create, RequestOutcome.SUCCESS, 200, "acme", 1);
    off.rateLimitDecision("acme", "allowed");
    off.liveKitCall("CreateRoom", "ok", 1);
    off.eventLoopLag(0, 1);
    assertFalse(off.enabled());
    assertNull(off.registry());
  }

  @Test
  void promtoolLintFailuresAreFilteredOut() {
    registry.counter("process.cpu.time");
    assertTrue(registry.find("process.cpu.time").meters().isEmpty());
  }

  static double counter(MeterRegistry registry, String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  static Set<String> tagValues(MeterRegistry registry, String name, String tag) {
    Set<String> values = new java.util.HashSet<>();
    registry.find(name).meters().forEach(m -> values.add(m.getId().getTag(tag)));
    return values;
  }

  @Test
  void tenantsBeyondMaxTenantSeriesAreCountedAsOther() {
    PrometheusMeterRegistry r = MetricsVertx.newRegistry();
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add("t" + i);
    }
    GatewayMetrics m = new GatewayMetrics(r, ids, 1000);
    assertEquals("t0", m.tenantLabel("t0"));
    assertEquals("t999", m.tenantLabel("t999"));
    assertEquals("other", m.tenantLabel("t1000"));
    assertEquals("unknown", m.tenantLabel("nobody"));
    m.rateLimitDecision("t5000", "allowed");
    m.rateLimitDecision("t9999", "allowed");
    assertEquals(2.0, counter(r, "roomgate.ratelimit.decisions", "tenant", "other", "outcome", "allowed"));
    assertEquals(1002, tagValues(r, "roomgate.ratelimit.decisions", "tenant").size(), "1,000 + other + unknown");
    // a tenant added later (an API tenant sorting first) does not push a labelled one into other
    List<String> more = new java.util.ArrayList<>(List.of("aaa"));
    more.addAll(ids);
    m.tenants(more);
    assertEquals("t999", m.tenantLabel("t999"));
    assertEquals("other", m.tenantLabel("aaa"));
    // one removed: its place goes to the next one
    more.remove("t0");
    m.tenants(more);
    assertEquals("other", m.tenantLabel("t1001"));
    assertEquals(1002, tagValues(r, "roomgate.ratelimit.decisions", "tenant").size());
  }
}
