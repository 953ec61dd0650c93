package io.roomgate.config;

import io.roomgate.config.RateLimitConfig.Mode;
import io.roomgate.config.RateLimitConfig.OnRedisError;
import io.roomgate.config.RateLimitConfig.Quota;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Each config record checks its invariants in its one constructor, naming its own key; through the loader the same
 * check names the whole key path.
 */
class ConfigRecordsTest {
  private static final ConnectionLimits LIMITS = ConnectionLimits.DEFAULTS;

  private static void assertInvalid(String message, Executable build) {
    assertEquals(message, assertThrows(InvalidConfigValue.class, build).getMessage());
  }

  private static RateLimitConfig limit(long qps, long burst, Map<String, RateLimitConfig> perApi, List<Quota> quotas,
                                       Map<String, Long> costs) {
    return new RateLimitConfig(qps, burst, perApi, OnRedisError.LOCAL, quotas, costs, Mode.ENFORCE, null);
  }

  @Test
  void rateLimitsHoldTheirShape() {
    assertInvalid("burst: must be at least qps (100)", () -> limit(100, 10, Map.of(), List.of(), Map.of()));
    assertInvalid("burst: must be at most 9007199254740992, was 9007199254740993",
        () -> limit(1, (1L << 53) + 1, Map.of(), List.of(), Map.of()));
    assertInvalid("qps: must be at least 1, was 0", () -> limit(0, 10, Map.of(), List.of(), Map.of()));
    assertInvalid("costs.create: cost 11 exceeds burst (10): such a request could never be admitted",
        () -> limit(10, 10, Map.of(), List.of(), Map.of("create", 11L)));
    assertInvalid("quotas: quota 'create' has the name of an API in apis (both name a policy in the RateLimit-Policy"
            + " field)", () -> limit(10, 10, Map.of("create", RateLimitConfig.perApiBucket(1, 1, OnRedisError.LOCAL)),
        List.of(new Quota("create", 5, 60)), Map.of()));
    assertInvalid("limit: must be between 1 and 9007199254740992, was 0", () -> new Quota("day", 0, 86_400));
  }

  @Test
  void listsAndMapsAreCopied() {
    java.util.ArrayList<Quota> quotas = new java.util.ArrayList<>(List.of(new Quota("day", 5, 86_400)));
    RateLimitConfig c = limit(1, 1, Map.of(), quotas, Map.of());
    quotas.clear();
    assertEquals(1, c.quotas().size(), "a later change to the caller's list does not reach the record");
    assertThrows(UnsupportedOperationException.class, () -> c.quotas().add(new Quota("hour", 1, 3600)));
  }

  @Test
  void listenersHoldTheirShape() {
    assertInvalid("port: must be between 0 and 65535, was 70000",
        () -> new ServerConfig("127.0.0.1", 70_000, 1024, 1, 0, 0, LIMITS, List.of(), false, null));
    assertInvalid("proxy_protocol: needs server.trusted_proxies (the load balancers' networks)",
        () -> new ServerConfig("127.0.0.1", 8080, 1024, 1, 0, 0, LIMITS, List.of(), true, null));
    assertInvalid("port: must be between 0 and 65535, was -1", () -> new ManagementConfig("127.0.0.1", -1, null));
    assertInvalid("header_timeout_ms: must be at least 1, was 0", () -> new ConnectionLimits(0, 1, 1, 1));
  }

  @Test
  void backEndsHoldTheirShape() {
    assertInvalid("max_waiting: must be at least redis.pool_size (8) with type cluster",
        () -> new RedisConfig(RedisConfig.Type.CLUSTER, List.of("redis://a:7000"), null, null, null, 8, 4, 250, 0));
    assertInvalid("master_name: is required with type sentinel (the name the sentinels monitor)",
        () -> new RedisConfig(RedisConfig.Type.SENTINEL, List.of("redis://a:26379"), null, null, null, 8, 8, 250, 0));
    assertInvalid("request_timeout_ms: must be at least 1, was 0", () -> ConfigBuilders.liveKit("http://lk", "k",
        "0123456789abcdef0123456789abcdef", 0, 4, 1000, 0, 600, 0));
    assertInvalid("backoff_max_ms: must be at least backoff_initial_ms (500)",
        () -> new WebhookConfig(5000, 500, 100, 3600, 10, 10, 8, List.of()));
  }

  @Test
  void tenantsHoldTheirShape() {
    RateLimitConfig rl = ConfigBuilders.rateLimit(10, 10);
    assertInvalid("plugnmeet: a tenant needs plugnmeet or tencent credentials",
        () -> new TenantConfig("acme", rl, null, null, null, 1));
    assertInvalid("previous_api_secret: must differ from the current secret",
        () -> new TenantConfig.PlugNmeet("k", "secret-0123456789", "secret-0123456789", 5, 0));
    assertInvalid("previous_expires_at: needs previous_secret_key",
        () -> new TenantConfig.Tencent(1, "secret-0123456789", List.of("admin"), null, 5));
    assertInvalid("admins: at least one admin identifier is required",
        () -> new TenantConfig.Tencent(1, "secret-0123456789", List.of(), null, 0));
  }

  @Test
  void throughTheLoaderTheWholeKeyPathIsNamed() {
    Map<String, Object> entry = Map.of("id", "acme", "rate_limit", Map.of("qps", 100, "burst", 10),
        "plugnmeet", Map.of("api_key", "k", "api_secret", "secret-0123456789"));
    assertEquals("tenants[acme].rate_limit.burst: must be at least qps (100)",
        assertThrows(ConfigException.class, () -> ConfigLoader.tenant("acme", entry, TenantPlans.NONE)).getMessage());
    String livekit = "livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef}\n";
    String tenant = "tenants:\n  - id: a\n    rate_limit: {qps: 5, apis: {create: {qps: 4, burst: 2}}}\n"
        + "    plugnmeet: {api_key: k, api_secret: s-0123456789abcdef}\n";
    assertEquals("tenants[0].rate_limit.apis.create.burst: must be at least qps (4)",
        assertThrows(ConfigException.class, () -> ConfigLoader.parse(livekit + tenant)).getMessage());
    assertEquals("webhooks.backoff_max_ms: must be at least backoff_initial_ms (800)",
        assertThrows(ConfigException.class, () -> ConfigLoader.parse(livekit + tenant.replace("burst: 2", "burst: 4")
            + "webhooks: {backoff_initial_ms: 800, backoff_max_ms: 700}\n")).getMessage());
  }
}
