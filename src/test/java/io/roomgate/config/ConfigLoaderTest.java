package io.roomgate.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
  private static final String LIVEKIT = "livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef}\n";
  private static final String TENANT = "tenants:\n  - id: demo\n    plugnmeet: {api_key: pk, api_secret: ps-0123456789abcdef}\n";

  @Test
  void shippedDemoConfigLoadsWithDefaults() {
    GatewayConfig c = ConfigLoader.load(Path.of("conf/roomgate.yaml"));
    assertEquals(8080, c.server().port());
    assertEquals(8081, c.management().port());
    assertEquals(1024 * 1024, c.server().maxBodyBytes());
    assertNull(c.redis());
    assertTrue(c.livekit().embedded());
    assertEquals(7880, c.livekit().embeddedPort());
    assertEquals("demo", c.tenants().get(0).id());
    assertEquals(200, c.tenants().get(0).rateLimit().qps());
    assertEquals(200, c.tenants().get(0).rateLimit().burst());
    assertEquals(1400000000L, c.tenants().get(0).tencent().sdkAppId());
  }

  @Test
  void minimalConfigTakesDefaults() {
    GatewayConfig c = ConfigLoader.parse(LIVEKIT + TENANT);
    assertEquals("127.0.0.1", c.server().host());
    assertEquals(3000, c.livekit().requestTimeoutMs());
    assertEquals(RateLimitConfig.DEFAULT_QPS, c.tenants().get(0).rateLimit().qps());
  }

  @Test
  void redisAndPerApiLimitsAreRead() {
    GatewayConfig c = ConfigLoader.parse(LIVEKIT + "redis: {url: redis://127.0.0.1:6390, pool_size: 4}\n"
        + "tenants:\n  - id: demo\n    rate_limit: {qps: 50, burst: 80, apis: {get_room_list: {qps: 10}}}\n"
        + "    plugnmeet: {api_key: pk, api_secret: ps-0123456789abcdef}\n");
    assertEquals("redis://127.0.0.1:6390", c.redis().url());
    assertEquals(4, c.redis().poolSize());
    assertEquals(RedisConfig.DEFAULT_TIMEOUT_MS, c.redis().timeoutMs());
    RateLimitConfig rl = c.tenants().get(0).rateLimit();
    assertEquals(80, rl.burst());
    assertEquals(10, rl.perApi().get("get_room_list").qps());
    assertEquals(10, rl.perApi().get("get_room_list").burst());
  }

  @Test
  void tencentTenantsGetTheTenPerSecondRoomListLimitByDefault() {
    GatewayConfig c = ConfigLoader.parse(LIVEKIT + "tenants:\n  - id: demo\n    rate_limit: {qps: 50}\n"
        + "    tencent: {sdkappid: 1400000000, secret_key: k-0123456789abcdef, admins: [administrator]}\n");
    RateLimitConfig rl = c.tenants().get(0).rateLimit();
    assertEquals(50, rl.qps());
    assertEquals(10, rl.perApi().get("get_room_list").qps());
    assertEquals(10, rl.perApi().get("get_room_list").burst());
    assertEquals(1, rl.perApi().size());
    // the shipped demo tenant speaks Tencent too
    assertEquals(10, ConfigLoader.load(Path.of("conf/roomgate.yaml")).tenants().get(0).rateLimit().perApi()
        .get("get_room_list").qps());
  }

  @Test
  void aConfiguredRoomListLimitWinsOverTheTencentDefault() {
    GatewayConfig c = ConfigLoader.parse(LIVEKIT + "tenants:\n  - id: demo\n"
        + "    rate_limit: {qps: 50, apis: {get_room_list: {qps: 3}, create_room: {qps: 7}}}\n"
        + "    tencent: {sdkappid: 1400000000, secret_key: k-0123456789abcdef, admins: [administrator]}\n");
    RateLimitConfig rl = c.tenants().get(0).rateLimit();
    assertEquals(3, rl.perApi().get("get_room_list").qps());
    assertEquals(7, rl.perApi().get("create_room").qps());
  }

  @Test
  void plugNmeetOnlyTenantsGetNoTencentOverride() {
    assertTrue(ConfigLoader.parse(LIVEKIT + TENANT).tenants().get(0).rateLimit().perApi().isEmpty());
  }

  @Test
  void badConfigsNameTheKey() {
    assertError("livekit: {api_key: k, api_secret: short}\n" + TENANT, "livekit.api_secret: must be at least 32 characters");
    assertError(LIVEKIT + TENANT + "server: {port: 70000}\n", "server.port: must be between 0 and 65535, was 70000");
    assertError(LIVEKIT + TENANT + "server: {prot: 80}\n", "server.prot: unknown key");
    assertError(LIVEKIT + TENANT + "extra: 1\n", "extra: unknown key");
    assertError(LIVEKIT, "tenants: at least one tenant is required");
    assertError(LIVEKIT + "tenants:\n  - id: Bad Id\n    plugnmeet: {api_key: a, api_secret: b-0123456789abcdef}\n", "tenants[0].id: must match");
    assertError(LIVEKIT + "tenants:\n  - id: a\n    plugnmeet: {api_key: same, api_secret: b-0123456789abcdef}\n"
        + "  - id: b\n    plugnmeet: {api_key: same, api_secret: c-0123456789abcdef}\n", "tenants[1].plugnmeet.api_key: already used by another tenant");
    assertError(LIVEKIT + "tenants:\n  - id: a\n", "tenants[0].plugnmeet: a tenant needs plugnmeet or tencent credentials");
    assertError(LIVEKIT + "tenants:\n  - id: a\n    plugnmeet: {api_key: k}\n", "tenants[0].plugnmeet.api_secret: is required");
    assertError(LIVEKIT + "tenants:\n  - id: a\n    rate_limit: {qps: 100, burst: 10}\n    plugnmeet: {api_key: k, api_secret: s-0123456789abcdef}\n",
        "tenants[0].rate_limit.burst: must be at least qps (100)");
    assertError(LIVEKIT + "tenants:\n  - id: a\n    rate_limit: {qps: fast}\n    plugnmeet: {api_key: k, api_secret: s-0123456789abcdef}\n",
        "tenants[0].rate_limit.qps: must be a whole number");
    assertError(LIVEKIT + TENANT + "redis: {url: http://x}\n", "redis.url: must start with redis://");
    assertError("livekit: [1]\n" + TENANT, "livekit: must be a mapping");
    assertError("server: {port: 1\n", "(document): not valid YAML");
  }

  @Test
  void limiterSettingsAndFailurePolicyAreRead() {
    GatewayConfig d = ConfigLoader.parse(LIVEKIT + TENANT);
    assertEquals(LimiterConfig.DEFAULTS, d.limiter());
    assertEquals(RateLimitConfig.OnRedisError.LOCAL, d.tenants().get(0).rateLimit().onRedisError());

    GatewayConfig c = ConfigLoader.parse(LIVEKIT
        + "rate_limit: {enabled: false, nodes: 3, auth_failures: {burst: 5, per_minute: 10, max_clients: 100}}\n"
        + "tenants:\n  - id: demo\n    rate_limit: {qps: 50, on_redis_error: closed, apis: {get_room_list: {qps: 10}}}\n"
        + "    plugnmeet: {api_key: pk, api_secret: ps-0123456789abcdef}\n");
    assertEquals(new LimiterConfig(false, 3, 5, 10, 100), c.limiter());
    RateLimitConfig rl = c.tenants().get(0).rateLimit();
    assertEquals(RateLimitConfig.OnRedisError.CLOSED, rl.onRedisError());
    assertEquals(RateLimitConfig.OnRedisError.CLOSED, rl.forApi("get_room_list").onRedisError(), "overrides inherit it");
    assertEquals(rl, rl.forApi("create"), "APIs without an override use the tenant's limit");
  }

  @Test
  void tenantSecretsShorterThanSixteenCharactersStopTheStart() {
    assertError(LIVEKIT + "tenants:\n  - id: acme\n    plugnmeet: {api_key: k, api_secret: fifteen-chars-x}\n",
        "tenants[0].plugnmeet.api_secret: must be at least 16 characters");
    assertError(LIVEKIT + TENANT + "  - id: globex\n"
        + "    tencent: {sdkappid: 1400000001, secret_key: short, admins: [administrator]}\n",
        "tenants[1].tencent.secret_key: must be at least 16 characters");
    GatewayConfig c = ConfigLoader.parse(LIVEKIT + "tenants:\n  - id: acme\n"
        + "    plugnmeet: {api_key: k, api_secret: sixteen-chars-xx}\n"
        + "    tencent: {sdkappid: 1400000001, secret_key: sixteen-chars-yy, admins: [administrator]}\n");
    assertEquals("sixteen-chars-xx", c.tenants().get(0).plugnmeet().apiSecret(), "16 characters are enough");
    assertEquals("sixteen-chars-yy", c.tenants().get(0).tencent().secretKey());
  }

  @Test
  void maxActiveRoomsDefaultsToTenThousandAndIsBounded() {
    assertEquals(TenantConfig.DEFAULT_MAX_ACTIVE_ROOMS, ConfigLoader.parse(LIVEKIT + TENANT).tenants().get(0).maxActiveRooms());
    assertEquals(10_000, TenantConfig.DEFAULT_MAX_ACTIVE_ROOMS);
    assertEquals(3, ConfigLoader.parse(LIVEKIT + TENANT + "    max_active_rooms: 3\n").tenants().get(0).maxActiveRooms());
    assertError(LIVEKIT + TENANT + "    max_active_rooms: 0\n",
        "tenants[0].max_active_rooms: must be between 1 and 10000000, was 0");
    assertError(LIVEKIT + TENANT + "    max_active_rooms: many\n", "tenants[0].max_active_rooms: must be a whole number");
  }

  @Test
  void maxSyncsPerSecondDefaultsToFiftyAndIsBounded() {
    assertEquals(50, ConfigLoader.parse(LIVEKIT + TENANT).livekit().maxSyncsPerSecond());
    String lk = "livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef, max_syncs_per_second: %s}\n";
    assertEquals(7, ConfigLoader.parse(String.format(lk, "7") + TENANT).livekit().maxSyncsPerSecond());
    assertError(String.format(lk, "0") + TENANT, "livekit.max_syncs_per_second: must be between 1 and 10000, was 0");
    assertError(String.format(lk, "fast") + TENANT, "livekit.max_syncs_per_second: must be a whole number");
  }

  @Test
  void badLimiterSettingsNameTheKey() {
    String tenant = "    plugnmeet: {api_key: k, api_secret: s-0123456789abcdef}\n";
    assertError(LIVEKIT + "tenants:\n  - id: a\n    rate_limit: {on_redis_error: fail}\n" + tenant,
        "tenants[0].rate_limit.on_redis_error: must be one of local, open, closed, was 'fail'");
    assertError(LIVEKIT + "tenants:\n  - id: a\n    rate_limit: {apis: {get_room_list: {on_redis_error: open}}}\n" + tenant,
        "tenants[0].rate_limit.apis.get_room_list.on_redis_error: unknown key");
    assertError(LIVEKIT + "tenants:\n  - id: a\n    rate_limit: {apis: {\"a b\": {qps: 1}}}\n" + tenant,
        "tenants[0].rate_limit.apis.a b: API name must match");
    assertError(LIVEKIT + TENANT + "rate_limit: {nodes: 0}\n", "rate_limit.nodes: must be between 1 and 1024, was 0");
    assertError(LIVEKIT + TENANT + "rate_limit: {enabled: yes please}\n", "rate_limit.enabled: must be true or false");
    assertError(LIVEKIT + TENANT + "rate_limit: {auth_failures: {burst: 0}}\n",
        "rate_limit.auth_failures.burst: must be between 1 and 1000000, was 0");
    assertError(LIVEKIT + TENANT + "rate_limit: {auth_failures: {brust: 3}}\n", "rate_limit.auth_failures.brust: unknown key");
    assertError(LIVEKIT + TENANT + "rate_limit: {qps: 3}\n", "rate_limit.qps: unknown key");
  }

  @Test
  void webhookDestinationsAreRead() {
    GatewayConfig d = ConfigLoader.parse(LIVEKIT + TENANT);
    assertEquals(java.util.List.of(), d.webhooks().allowNetworks(), "no private network is allowed by default");
    assertEquals(8, d.webhooks().poolSize());
    GatewayConfig c = ConfigLoader.parse(LIVEKIT + TENANT
        + "webhooks: {allow_networks: [127.0.0.0/8, 10.20.0.0/16, \"fd00::/8\"], pool_size: 2}\n");
    assertEquals(java.util.List.of(CidrBlock.parse("127.0.0.0/8"), CidrBlock.parse("10.20.0.0/16"),
        CidrBlock.parse("fd00::/8")), c.webhooks().allowNetworks());
    assertEquals(2, c.webhooks().poolSize());
    assertEquals(1000, d.webhooks().maxQueuePerTenant());
    assertEquals(50, ConfigLoader.parse(LIVEKIT + TENANT + "webhooks: {max_queue: 50}\n").webhooks()
        .maxQueuePerTenant(), "the share is at most the whole queue");
    assertFalse(ConfigLoader.load(Path.of("conf/roomgate.yaml")).webhooks().allowNetworks()
        .contains(CidrBlock.parse("127.0.0.0/8")), "the demo config does not open loopback");
  }

  @Test
  void badWebhookDestinationsNameTheKey() {
    assertError(LIVEKIT + TENANT + "webhooks: {allow_networks: [127.0.0.0/8, intranet]}\n",
        "webhooks.allow_networks[1]: must be an IPv4 or IPv6 network");
    assertError(LIVEKIT + TENANT + "webhooks: {allow_networks: [10.0.0.0/40]}\n",
        "webhooks.allow_networks[0]: prefix length must be between 0 and 32");
    assertError(LIVEKIT + TENANT + "webhooks: {allow_networks: [10.0.0.1/8]}\n",
        "webhooks.allow_networks[0]: has host bits set");
    assertError(LIVEKIT + TENANT + "webhooks: {max_queue: 100, max_queue_per_tenant: 200}\n",
        "webhooks.max_queue_per_tenant: must be between 1 and 100, was 200");
    assertError(LIVEKIT + TENANT + "webhooks: {allow_networks: 10.0.0.0/8}\n",
        "webhooks.allow_networks: must be a list of strings");
    String creds = "    plugnmeet: {api_key: k, api_secret: secret-0123456789}\n";
    for (String url : java.util.List.of("file:///x", "ftp://files.example/in", "garbage")) {
      assertError(LIVEKIT + "tenants:\n  - id: a\n    webhook_url: \"" + url + "\"\n" + creds,
          "tenants[0].webhook_url: must be an http:// or https:// URL");
    }
    assertError(LIVEKIT + "tenants:\n  - id: a\n    webhook_url: \"http://127.0.0.1:0/\"\n" + creds,
        "tenants[0].webhook_url: port must be between 1 and 65535");
  }

  private static void assertError(String yaml, String expectedStart) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml));
    assertTrue(e.getMessage().startsWith(expectedStart), "got: " + e.getMessage());
  }

  @Test
  void metricsDefaultOnAccessLogDefaultOffBothSwitchable() {
    GatewayConfig defaults = ConfigLoader.parse(LIVEKIT + TENANT);
    assertTrue(defaults.metrics().enabled());
    assertFalse(defaults.accessLog().enabled());
    assertEquals(AccessLogConfig.Format.JSON, defaults.accessLog().format());
    GatewayConfig off = ConfigLoader.parse(LIVEKIT + TENANT
        + "metrics: {enabled: false}\naccess_log: {enabled: true, format: logfmt}\n");
    assertEquals(false, off.metrics().enabled());
    assertEquals(true, off.accessLog().enabled());
    assertEquals(AccessLogConfig.Format.LOGFMT, off.accessLog().format());
  }

  @Test
  void badMetricsAndAccessLogKeysAreNamed() {
    assertError(LIVEKIT + TENANT + "metrics: {enabled: yes please}\n", "metrics.enabled: must be true or false");
    assertError(LIVEKIT + TENANT + "metrics: {enable: true}\n", "metrics.enable: unknown key");
    assertError(LIVEKIT + TENANT + "access_log: {format: xml}\n", "access_log.format: must be json or logfmt, was 'xml'");
    assertError(LIVEKIT + TENANT + "access_log: {enabled: 1}\n", "access_log.enabled: must be true or false");
  }

  @Test
  void connectionLimitsAndTrustedProxiesHaveDefaultsAndAreRead() {
    ServerConfig d = ConfigLoader.parse(LIVEKIT + TENANT).server();
    assertEquals(ConnectionLimits.DEFAULTS, d.connections());
    assertEquals(new ConnectionLimits(10_000, 30_000, 60, 10_000), d.connections());
    assertEquals(java.util.List.of(), d.trustedProxies());
    assertFalse(d.proxyProtocol());
    ServerConfig c = ConfigLoader.parse(LIVEKIT + TENANT + "server: {header_timeout_ms: 2500, body_timeout_ms: 4000, "
        + "idle_timeout_seconds: 20, max_connections: 500, trusted_proxies: [10.0.0.0/8, \"fd00::/8\"], "
        + "proxy_protocol: true}\n").server();
    assertEquals(new ConnectionLimits(2500, 4000, 20, 500), c.connections());
    assertEquals(java.util.List.of(CidrBlock.parse("10.0.0.0/8"), CidrBlock.parse("fd00::/8")), c.trustedProxies());
    assertTrue(c.proxyProtocol());
  }

  @Test
  void badConnectionKeysAreNamed() {
    assertError(LIVEKIT + TENANT + "server: {header_timeout_ms: 0}\n", "server.header_timeout_ms");
    assertError(LIVEKIT + TENANT + "server: {max_connections: 0}\n", "server.max_connections");
    assertError(LIVEKIT + TENANT + "server: {trusted_proxies: [10.0.0.0/8, lb.internal]}\n",
        "server.trusted_proxies[1]: must be an IPv4 or IPv6 network");
    assertError(LIVEKIT + TENANT + "server: {proxy_protocol: true}\n",
        "server.proxy_protocol: needs server.trusted_proxies");
  }
}
