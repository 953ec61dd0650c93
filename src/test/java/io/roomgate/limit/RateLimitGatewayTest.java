package io.roomgate.limit;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.config.GatewayConfig;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TencentTestClient;
import io.roomgate.testsupport.UserSigs;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limiter in a real gateway over HTTP (in-process limiter, embedded LiveKit simulator): 429s with the
 * plugNmeet body and the IETF fields, authentication before quota, the failed-authentication budget (both
 * dialects, without collateral damage), and a hot reload that changes a tenant's limit.
 */
class RateLimitGatewayTest {
  private static final byte[] BODY = "{\"room_id\":\"nosuchroom\"}".getBytes(StandardCharsets.UTF_8);
  private static final long APP = 1400000321L;
  private static final String TENCENT_KEY = "acme-tencent-key-0123456789";

  private Vertx vertx;
  private Gateway gateway;
  private PlugNmeetTestClient acme;
  private Path file;

  /** The test tenants with {@code acme}'s rate limit and the top-level {@code rate_limit} section. */
  private static String yaml(String acmeLimit, String limiter) {
    return TestConfigs.yaml(null)
        .replace("  - id: acme\n", "  - id: acme\n    rate_limit: " + acmeLimit + "\n")
        + "rate_limit: " + limiter + "\n";
  }

  private void start(String yaml) throws Exception {
    file = Files.createTempFile("roomgate-rl-", ".yaml");
    Files.writeString(file, yaml);
    vertx = Vertx.vertx();
    GatewayConfig config = ConfigLoader.load(file);
    gateway = Gateway.start(vertx, config, io.roomgate.metrics.MetricsVertx.newRegistry(), file).await();
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

  private HttpResponse<Buffer> badSignature() {
    return acme.unsigned("/auth/room/isRoomActive", BODY, TestConfigs.ACME_KEY, "00".repeat(32));
  }

  @Test
  void overTheLimitIs429WithTheFieldsAndAPlugNmeetBody() throws Exception {
    start(yaml("{qps: 1, burst: 2}", "{}"));
    HttpResponse<Buffer> first = signed();
    assertEquals(200, first.statusCode());
    assertEquals("\"app\";q=1;w=1", first.getHeader("RateLimit-Policy"));
    assertEquals("\"app\";r=1;t=1", first.getHeader("RateLimit"));
    HttpResponse<Buffer> limited = null;
    for (int i = 0; i < 10 && limited == null; i++) { // 1 token/s: a few quick calls empty the bucket
      HttpResponse<Buffer> r = signed();
      if (r.statusCode() == 429) {
        limited = r;
      }
    }
    assertNotNull(limited, "no 429");
    assertEquals("1", limited.getHeader("Retry-After"));
    assertEquals("\"app\";q=1;w=1", limited.getHeader("RateLimit-Policy"));
    assertEquals("\"app\";r=0;t=1", limited.getHeader("RateLimit"));
    assertEquals("application/json", limited.getHeader("Content-Type"));
    assertEquals("{\"status\":false,\"msg\":\"too many requests: rate limit 'app' exceeded, retry in 1 s\","
        + "\"status_code\":\"PERMISSION_DENIED\"}", limited.bodyAsString());
    assertTrue(gateway.rateLimitStats().of("acme").limited() >= 1);
  }

  @Test
  void failedAuthenticationsNeverConsumeTheTenantsQuota() throws Exception {
    start(yaml("{qps: 1, burst: 5}", "{auth_failures: {burst: 1000}}"));
    for (int i = 0; i < 20; i++) {
      assertEquals(401, badSignature().statusCode());
    }
    HttpResponse<Buffer> ok = signed(); // 5 -> 4: the 20 failures took nothing
    assertEquals(200, ok.statusCode());
    assertEquals("\"app\";r=4;t=1", ok.getHeader("RateLimit"));
    assertEquals(1, gateway.rateLimitStats().of("acme").allowed());
  }

  @Test
  void aSpentFailureBudgetTurnsFailuresInto429ButNeverRefusesACorrectRequest() throws Exception {
    start(tencentYaml("{auth_failures: {burst: 3, per_minute: 1}}")); // a failure back per minute: none in this test
    assertTrue(scrape().contains("roomgate_auth_failures_refused_total 0.0"), "exported from the start at zero");
    for (int i = 0; i < 3; i++) {
      assertEquals(401, badSignature().statusCode()); // budget 3 -> 0
    }
    HttpResponse<Buffer> refused = badSignature(); // verified, failed, budget spent: 429 instead of 401
    assertEquals(429, refused.statusCode());
    assertEquals("PERMISSION_DENIED", refused.bodyAsJsonObject().getString("status_code"));
    assertEquals("too many failed authentications", refused.bodyAsJsonObject().getString("msg"));
    assertTrue(Integer.parseInt(refused.getHeader("Retry-After")) >= 1);
    assertEquals(429, acme.unsigned("/auth/room/isRoomActive", BODY, "no-such-key", "00").statusCode(),
        "an unknown key costs nothing to check and fails: 429 too");

    // the same IP, correctly signed, in both dialects: never refused for the failures above
    HttpResponse<Buffer> ok = signed();
    assertEquals(200, ok.statusCode());
    assertEquals(true, ok.bodyAsJsonObject().getBoolean("status"));
    TencentTestClient tencent = new TencentTestClient(vertx, gateway.apiPort(), APP, TENCENT_KEY, "administrator");
    assertEquals(0, tencent.call("get_room_list", new JsonObject()).getInteger("ErrorCode"));
    assertEquals(2, gateway.rateLimitStats().of("acme").allowed(), "both calls passed on to the tenant's quota");

    // Tencent failures from the spent IP: verified, then 70050 instead of their own code
    JsonObject badSig = tencent.callWithSig("get_room_list",
        UserSigs.fresh(APP, "another-key-0123456789", "administrator"), new JsonObject());
    assertEquals(70050, badSig.getInteger("ErrorCode"));
    assertEquals("FAIL", badSig.getString("ActionStatus"));
    HttpResponse<Buffer> unknownApp = tencent.raw(TencentTestClient.BASE + "get_room_list?sdkappid=1499999999"
        + "&identifier=administrator&usersig=x&random=1&contenttype=json", "{}");
    assertEquals(200, unknownApp.statusCode());
    assertEquals(70050, unknownApp.bodyAsJsonObject().getInteger("ErrorCode"));
    assertTrue(Integer.parseInt(unknownApp.getHeader("Retry-After")) >= 1);
    assertEquals(0, tencent.call("get_room_list", new JsonObject()).getInteger("ErrorCode"), "and still no collateral");
    tencent.close();

    assertEquals(4, gateway.rateLimitStats().authFailureRefusals()); // 2 plugNmeet + 2 Tencent
    assertTrue(scrape().contains("roomgate_auth_failures_refused_total 4.0"), scrape());
  }

  /** The test tenants, {@code acme} with Tencent credentials too, and this top-level {@code rate_limit}. */
  private static String tencentYaml(String limiter) {
    return yaml("{qps: 100}", limiter).replace("  - id: acme\n", "  - id: acme\n    tencent: {sdkappid: " + APP
        + ", secret_key: " + TENCENT_KEY + ", admins: [administrator]}\n");
  }

  private String scrape() throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
            "http://127.0.0.1:" + gateway.managementPort() + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    return r.body();
  }

  @Test
  void aHotReloadChangesTheLimitWithoutARestart() throws Exception {
    start(yaml("{qps: 1000}", "{}"));
    assertEquals("\"app\";q=1000;w=1", signed().getHeader("RateLimit-Policy"));
    Files.writeString(file, yaml("{qps: 1, burst: 1}", "{}"));
    long deadline = System.nanoTime() + 20_000_000_000L;
    HttpResponse<Buffer> r = signed();
    while (!"\"app\";q=1;w=1".equals(r.getHeader("RateLimit-Policy")) && System.nanoTime() < deadline) {
      Thread.sleep(100); // the gateway polls its file every 2 s
      r = signed();
    }
    assertEquals("\"app\";q=1;w=1", r.getHeader("RateLimit-Policy"));
    int limited = 0;
    for (int i = 0; i < 5; i++) {
      limited += signed().statusCode() == 429 ? 1 : 0;
    }
    assertTrue(limited >= 1, "the new limit of 1/s is enforced");
  }
}
