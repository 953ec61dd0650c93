package io.roomgate.limit;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.config.GatewayConfig;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
 * plugNmeet body and the IETF fields, authentication before quota, the failed-authentication budget, and a hot
 * reload that changes a tenant's limit.
 */
class RateLimitGatewayTest {
  private static final byte[] BODY = "{\"room_id\":\"nosuchroom\"}".getBytes(StandardCharsets.UTF_8);

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
    assertEquals("{\"status\":false,\"msg\":\"too many requests: rate limit of 1/s exceeded\","
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
  void aClientThatSpentItsFailedAuthenticationBudgetGets429BeforeAnyHmac() throws Exception {
    start(yaml("{qps: 100}", "{auth_failures: {burst: 3, per_minute: 1}}"));
    for (int i = 0; i < 3; i++) {
      assertEquals(401, badSignature().statusCode()); // budget 3 -> 0
    }
    HttpResponse<Buffer> refused = badSignature();
    assertEquals(429, refused.statusCode());
    assertEquals("PERMISSION_DENIED", refused.bodyAsJsonObject().getString("status_code"));
    assertEquals("too many failed authentications", refused.bodyAsJsonObject().getString("msg"));
    assertTrue(Integer.parseInt(refused.getHeader("Retry-After")) >= 1);
    assertEquals(429, signed().statusCode(), "refused before the signature is even checked");
    assertEquals(0, gateway.rateLimitStats().of("acme").allowed(), "and before the tenant's quota");
    assertTrue(gateway.rateLimitStats().authFailureRefusals() >= 2);
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
