package io.roomgate.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** An entry of the admin API ({@link ConfigLoader#tenant(String, Map, TenantPlans)}) names one of the file's plans. */
class ApiTenantPlansTest {
  private static final String FILE = """
      livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef}
      plans:
        pro:
          qps: 100
          burst: 300
          quotas: [{name: day, limit: 1000000, window_seconds: 86400}]
          mode: shadow
      tenants:
        - id: demo
          plugnmeet: {api_key: pk, api_secret: ps-0123456789abcdef}
      """;

  private static Map<String, Object> entry(Object plan, Map<String, Object> rateLimit) {
    Map<String, Object> e = new java.util.LinkedHashMap<>();
    e.put("id", "acme"); // the id the entry is written under (the admin API puts it in)
    if (plan != null) {
      e.put("plan", plan);
    }
    if (rateLimit != null) {
      e.put("rate_limit", rateLimit);
    }
    e.put("plugnmeet", Map.of("api_key", "acme-key", "api_secret", "acme-secret-0123456789"));
    return e;
  }

  @Test
  void theFilesPlansAreKeptForTheAdminApi() {
    assertEquals(Set.of("pro"), ConfigLoader.parse(FILE).plans().names());
    assertEquals(TenantPlans.NONE, ConfigLoader.parse(FILE.replaceAll("(?s)plans:.*?tenants:", "tenants:")).plans());
  }

  @Test
  void anEntryNamingAPlanGetsItsLimitsAndOverridesTheFieldsItSets() {
    TenantPlans plans = ConfigLoader.parse(FILE).plans();
    RateLimitConfig rl = ConfigLoader.tenant("acme", entry("pro", null), plans).rateLimit();
    assertEquals("pro", rl.plan());
    assertEquals(100, rl.qps());
    assertEquals(300, rl.burst());
    assertEquals(List.of(new RateLimitConfig.Quota("day", 1_000_000, 86400)), rl.quotas());
    assertEquals(RateLimitConfig.Mode.SHADOW, rl.mode());

    RateLimitConfig own = ConfigLoader.tenant("acme", entry("pro", Map.of("qps", 50, "mode", "enforce")), plans)
        .rateLimit();
    assertEquals(50, own.qps());
    assertEquals(50, own.burst(), "own qps without own burst: burst = that qps");
    assertEquals(RateLimitConfig.Mode.ENFORCE, own.mode());
    assertEquals(rl.quotas(), own.quotas(), "the plan's quotas stay");
  }

  @Test
  void anUnknownPlanGetsTheLoadersKeyNamedMessage() {
    TenantPlans plans = ConfigLoader.parse(FILE).plans();
    assertEquals("tenants[acme].plan: no such plan 'gold' under plans", assertThrows(ConfigException.class,
        () -> ConfigLoader.tenant("acme", entry("gold", null), plans)).getMessage());
    assertEquals("tenants[acme].plan: no such plan 'pro' under plans", assertThrows(ConfigException.class,
        () -> ConfigLoader.tenant("acme", entry("pro", null), TenantPlans.NONE)).getMessage());
    assertEquals("tenants[acme].rate_limit.burst: must be at least qps (400) (with plan 'pro')",
        assertThrows(ConfigException.class, () -> ConfigLoader.tenant("acme",
            entry("pro", Map.of("qps", 400, "burst", 300)), plans)).getMessage());
  }

  @Test
  void withoutAPlanNothingChanges() {
    RateLimitConfig rl = ConfigLoader.tenant("acme", entry(null, Map.of("qps", 50)), TenantPlans.NONE).rateLimit();
    assertEquals(null, rl.plan());
    assertEquals(50, rl.qps());
  }
}
