package io.roomgate.limit;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plans, quotas, shadow mode, the answers' fields and the usage report in a real gateway over HTTP (in-process
 * limiter): issue 15, points 3, 4, 5 and 8. The quota is per 365-day window so that no run crosses its end.
 */
class RatePoliciesGatewayTest {
  private static final byte[] BODY = "{\"room_id\":\"nosuchroom\"}".getBytes(StandardCharsets.UTF_8);
  private static final long YEAR = 365L * 86_400;

  /** The usage report is part of the admin API: behind its tokens. */
  private static final String ADMIN_TOKEN = "usage-reader-token-0123456789abcdef";

  private Vertx vertx;
  private Gateway gateway;
  private PlugNmeetTestClient acme;
  private Path file;

  /** Plan {@code pro} (qps 1000 and a quota of {@code quota} a year), tenant acme on it with {@code acmeLines}. */
  private static String yaml(long quota, String acmeLines) {
    return TestConfigs.yaml(null).replace("  - id: acme\n", "  - id: acme\n    plan: pro\n" + acmeLines)
        + "plans:\n  pro: {qps: 1000, quotas: [{name: year, limit: " + quota + ", window_seconds: " + YEAR + "}]}\n"
        + "admin:\n  tokens:\n    - {name: dashboard, token: " + ADMIN_TOKEN + ", role: read}\n";
  }

  private void start(String yaml) throws Exception {
    file = Files.createTempFile("roomgate-plans-", ".yaml");
    Files.writeString(file, yaml);
    vertx = Vertx.vertx();
    gateway = Gateway.start(vertx, ConfigLoader.load(file), io.roomgate.metrics.MetricsVertx.newRegistry(), file)
        .await();
    acme = new PlugNmeetTestClient(vertx, gateway.apiPort(), TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close().await();
    }
    vertx.close().await();
  }

  private HttpResponse<Buffer> signed() {
    return acme.raw("/auth/room/isRoomActive", BODY);
  }

  private String management(String path) {
    WebClient web = WebClient.create(vertx);
    try {
      return web.get(gateway.managementPort(), "127.0.0.1", path).bearerTokenAuthentication(ADMIN_TOKEN)
          .send().await().bodyAsString();
    } finally {
      web.close();
    }
  }

  private static long secondsToWindowEnd() {
    long now = System.currentTimeMillis() / 1000;
    return (Math.floorDiv(now, YEAR) + 1) * YEAR - now;
  }

  @Test
  void aSpentQuotaRejectsUntilItsWindowEndsAndTheFieldsListEveryPolicy() throws Exception {
    start(yaml(3, ""));
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> ok = signed(); // year 3 -> 0
      assertEquals(200, ok.statusCode());
      assertEquals("\"app\";q=1000;w=1, \"year\";q=3;w=" + YEAR, ok.getHeader("RateLimit-Policy"));
      assertTrue(ok.getHeader("RateLimit").startsWith("\"year\";r=" + (2 - i) + ";t="), ok.getHeader("RateLimit"));
    }
    HttpResponse<Buffer> limited = signed();
    assertEquals(429, limited.statusCode());
    long retry = Long.parseLong(limited.getHeader("Retry-After"));
    assertTrue(Math.abs(retry - secondsToWindowEnd()) <= 2, "Retry-After is the end of the window: " + retry);
    assertEquals("\"year\";r=0;t=" + retry, limited.getHeader("RateLimit"));
    assertTrue(limited.bodyAsString().contains("rate limit 'year' exceeded"), limited.bodyAsString());
  }

  @Test
  void shadowModeRejectsNothingCountsWouldLimitAndCarriesTheFields() throws Exception {
    start(yaml(2, "    rate_limit: {mode: shadow}\n"));
    assertEquals(200, signed().statusCode());
    assertEquals(200, signed().statusCode()); // year 2 -> 0
    HttpResponse<Buffer> over = signed();
    assertEquals(200, over.statusCode(), "shadow mode: not rejected");
    assertTrue(over.getHeader("RateLimit").startsWith("\"year\";r=0;t="), "the fields as if enforced");
    assertNull(over.getHeader("Retry-After"), "nothing was rejected");
    assertEquals(1, gateway.rateLimitStats().of("acme").wouldLimit());
    assertEquals(0, gateway.rateLimitStats().of("acme").limited());
    String metrics = management("/metrics");
    assertTrue(metrics.contains("roomgate_ratelimit_decisions_total{outcome=\"would_limit\",tenant=\"acme\"} 1.0"),
        metrics.lines().filter(l -> l.contains("ratelimit_decisions")).toList().toString());
  }

  @Test
  void aReloadedPlanAppliesToTheRunningQuotaWithoutResettingIt() throws Exception {
    start(yaml(3, ""));
    for (int i = 0; i < 3; i++) {
      assertEquals(200, signed().statusCode()); // 3 used
    }
    assertEquals(429, signed().statusCode());
    Files.writeString(file, yaml(5, ""));
    long deadline = System.nanoTime() + 20_000_000_000L;
    HttpResponse<Buffer> r = signed();
    while (r.statusCode() != 200 && System.nanoTime() < deadline) {
      Thread.sleep(100); // the gateway polls its file every 2 s
      r = signed();
    }
    assertEquals(200, r.statusCode(), "the plan's new limit applies"); // 4 used of 5
    assertTrue(r.getHeader("RateLimit").startsWith("\"year\";r=1;"), "3 were used before: " + r.getHeader("RateLimit"));
    assertEquals(200, signed().statusCode()); // 5 of 5
    assertEquals(429, signed().statusCode(), "what was used stayed used");
  }

  @Test
  void aTencentRequestOverAQuotaStays60007() throws Exception {
    long app = 1400000777L;
    String key = "quota-tencent-key-0123456789abcdef";
    start(yaml(100, "").replace("  - id: globex\n", "  - id: tc\n    plan: pro\n    rate_limit: {quotas: [{name: year, "
        + "limit: 2, window_seconds: " + YEAR + "}]}\n    tencent: {sdkappid: " + app + ", secret_key: " + key
        + ", admins: [administrator]}\n  - id: globex\n"));
    io.roomgate.testsupport.TencentTestClient tc = new io.roomgate.testsupport.TencentTestClient(vertx,
        gateway.apiPort(), app, key, "administrator");
    JsonObject body = new JsonObject().put("RoomId", "nosuchroom");
    assertEquals(100004, tc.call("get_room_info", body).getInteger("ErrorCode"), "admitted: no such room");
    assertEquals(100004, tc.call("get_room_info", body).getInteger("ErrorCode"));
    assertEquals(60007, tc.call("get_room_info", body).getInteger("ErrorCode"), "the year's 2 are spent");
  }

  @Test
  void usageReportsEveryPolicyFromTheLimitersState() throws Exception {
    start(yaml(10, "    rate_limit: {apis: {getJoinToken: {qps: 5}}}\n"));
    for (int i = 0; i < 4; i++) {
      assertEquals(200, signed().statusCode());
    }
    JsonObject usage = new JsonObject(management("/admin/tenants/acme/usage"));
    assertEquals("acme", usage.getString("tenant"));
    assertEquals("pro", usage.getString("plan"));
    assertEquals("enforce", usage.getString("mode"));
    assertEquals(3, usage.getJsonArray("policies").size(), usage.encode());
    JsonObject year = usage.getJsonArray("policies").getJsonObject(1);
    assertEquals("year", year.getString("name"));
    assertEquals("quota", year.getString("kind"));
    assertEquals(10, year.getLong("limit"));
    assertEquals(6, year.getLong("remaining"));
    assertTrue(Math.abs(year.getLong("reset_seconds") - secondsToWindowEnd()) <= 2, usage.encode());
    assertTrue(year.getString("reset_at").endsWith("Z"));
    assertEquals("getJoinToken", usage.getJsonArray("policies").getJsonObject(2).getString("name"));
    assertEquals(6, new JsonObject(management("/admin/tenants/acme/usage")).getJsonArray("policies")
        .getJsonObject(1).getLong("remaining"), "reading took nothing");
    assertEquals("no such tenant", new JsonObject(management("/admin/tenants/nobody/usage")).getString("error"));
  }
}
