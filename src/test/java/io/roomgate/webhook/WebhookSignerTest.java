package io.roomgate.webhook;

import io.roomgate.config.ConfigLoader;
import io.roomgate.tenant.TenantRegistry;
import io.roomgate.testsupport.TestClock;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The signer reads time from the gateway's clock only: on a clock the test moves, a token's {@code iat}, {@code nbf}
 * and {@code exp} are that clock's seconds (a year off the real date, so the system clock cannot be mistaken for it),
 * and moving the clock moves them, without sleeping.
 */
class WebhookSignerTest {
  private static final long START = 1_735_689_600L; // 2025-01-01T00:00:00Z

  private Vertx vertx;
  private TestClock clock;
  private WebhookSigner signer;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    clock = TestClock.atSeconds(START);
    TenantRegistry tenants = new TenantRegistry(ConfigLoader.parse(TestConfigs.yaml(null)).tenants(), clock);
    signer = new WebhookSigner(vertx, tenants, clock);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void aTokenIsStampedWithTheGatewaysClock() throws Exception {
    JsonObject first = claims(signer.sign("acme", "{\"event\":\"room_started\"}"));
    assertEquals(START, first.getLong("iat"));
    assertEquals(START, first.getLong("nbf"));
    assertEquals(START + 300, first.getLong("exp"));
    assertEquals(TestConfigs.ACME_KEY, first.getString("iss"));

    clock.advanceMillis(90_500);
    JsonObject later = claims(signer.sign("acme", "{\"event\":\"room_finished\"}"));
    assertEquals(START + 90, later.getLong("iat"));
    assertEquals(START + 90, later.getLong("nbf"));
    assertEquals(START + 90 + 300, later.getLong("exp"));
  }

  /** The token's claims, after checking its HS256 signature with the tenant's secret. */
  private static JsonObject claims(String token) throws Exception {
    String[] parts = token.split("\\.");
    assertEquals(3, parts.length, token);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(TestConfigs.ACME_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(
        mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8)));
    assertEquals(expected, parts[2], "signature");
    return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
  }
}
