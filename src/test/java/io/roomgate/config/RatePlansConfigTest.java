package io.roomgate.config;

import io.roomgate.config.RateLimitConfig.Quota;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code plans}, {@code tenants[].plan} and the policy keys of {@code rate_limit} (issue 15): merging and errors. */
class RatePlansConfigTest {
  private static final String LIVEKIT = "livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef}\n";
  private static final String PLANS = """
      plans:
        pro:
          qps: 100
          burst: 300
          quotas: [{name: hour, limit: 50000, window_seconds: 3600}, {name: day, limit: 1000000, window_seconds: 86400}]
          costs: {create: 5}
          apis: {getActiveRoomsInfo: {qps: 20}}
          mode: shadow
      """;

  private static RateLimitConfig tenant(String plans, String tenantLines) {
    GatewayConfig c = ConfigLoader.parse(LIVEKIT + plans + "tenants:\n  - id: demo\n" + tenantLines
        + "    plugnmeet: {api_key: pk, api_secret: ps-0123456789abcdef}\n");
    return c.tenants().get(0).rateLimit();
  }

  private static String error(String plans, String tenantLines) {
    return assertThrows(ConfigException.class, () -> tenant(plans, tenantLines)).getMessage();
  }

  @Test
  void aTenantTakesItsPlan() {
    RateLimitConfig rl = tenant(PLANS, "    plan: pro\n");
    assertEquals("pro", rl.plan());
    assertEquals(100, rl.qps());
    assertEquals(300, rl.burst());
    assertEquals(List.of(new Quota("hour", 50_000, 3600), new Quota("day", 1_000_000, 86_400)), rl.quotas());
    assertEquals(5, rl.cost("create"));
    assertEquals(1, rl.cost("getJoinToken"));
    assertEquals(20, rl.perApi().get("getActiveRoomsInfo").qps());
    assertEquals(RateLimitConfig.Mode.SHADOW, rl.mode());
  }

  @Test
  void rateLimitOverridesFieldByFieldQuotaByNameAndApiByApi() {
    RateLimitConfig rl = tenant(PLANS, "    plan: pro\n    rate_limit: {qps: 150, mode: enforce, costs: {getJoinToken: 2},"
        + " quotas: [{name: day, limit: 2000000, window_seconds: 86400}, {name: minute, limit: 3000, window_seconds: 60}]}\n");
    assertEquals(150, rl.qps());
    assertEquals(150, rl.burst(), "own qps without own burst: burst = that qps, not the plan's 300");
    assertEquals(RateLimitConfig.Mode.ENFORCE, rl.mode());
    assertEquals(Map.of("create", 5L, "getJoinToken", 2L), rl.costs());
    assertEquals(List.of(new Quota("hour", 50_000, 3600), new Quota("day", 2_000_000, 86_400),
        new Quota("minute", 3000, 60)), rl.quotas());
    assertEquals(20, rl.perApi().get("getActiveRoomsInfo").qps());
  }

  @Test
  void withoutAPlanTheKeysWorkOnTheirOwn() {
    RateLimitConfig rl = tenant("", "    rate_limit: {qps: 10, quotas: [{name: day, limit: 100, window_seconds: 86400}],"
        + " costs: {create: 3}}\n");
    assertEquals(List.of(new Quota("day", 100, 86_400)), rl.quotas());
    assertEquals(3, rl.cost("create"));
    assertEquals(RateLimitConfig.Mode.ENFORCE, rl.mode());
    assertEquals(null, rl.plan());
  }

  @Test
  void everyMistakeNamesItsKey() {
    assertEquals("tenants[0].plan: no such plan 'gold' under plans", error(PLANS, "    plan: gold\n"));
    assertEquals("tenants[0].rate_limit.mode: must be enforce or shadow, was 'dry'",
        error("", "    rate_limit: {mode: dry}\n"));
    assertEquals("tenants[0].rate_limit.quotas[0].window_seconds: is required",
        error("", "    rate_limit: {quotas: [{name: day, limit: 5}]}\n"));
    assertEquals("tenants[0].rate_limit.quotas[1].name: duplicate quota name 'day'",
        error("", "    rate_limit: {quotas: [{name: day, limit: 5, window_seconds: 60}, "
            + "{name: day, limit: 5, window_seconds: 60}]}\n"));
    assertEquals("tenants[0].rate_limit.quotas[0].name: 'app' is the tenant bucket's name",
        error("", "    rate_limit: {quotas: [{name: app, limit: 5, window_seconds: 60}]}\n"));
    assertEquals("tenants[0].rate_limit.costs.create: must be between 1 and 1000000, was 0",
        error("", "    rate_limit: {costs: {create: 0}}\n"));
    assertEquals("tenants[0].rate_limit.costs.create: cost 6 exceeds quota 'minute' (5): such a request could never "
            + "be admitted", error("", "    rate_limit: {costs: {create: 6}, quotas: [{name: minute, limit: 5, "
        + "window_seconds: 60}]}\n"));
    assertEquals("tenants[0].rate_limit.burst: must be at least qps (400) (with plan 'pro')",
        error(PLANS, "    plan: pro\n    rate_limit: {qps: 400, burst: 300}\n"));
    assertEquals("tenants[0].rate_limit.quotas: quota 'create' has the name of an API in apis (both name a policy in "
        + "the RateLimit-Policy field)", error("", "    rate_limit: {apis: {create: {qps: 5}}, quotas: [{name: create,"
        + " limit: 5, window_seconds: 60}]}\n"));
    assertEquals("plans.pro.unknown: unknown key", error("plans: {pro: {unknown: 1}}\n", ""));
    assertEquals("plans.pro.burst: must be at least qps (10)", error("plans: {pro: {qps: 10, burst: 5}}\n", ""));
  }
}
