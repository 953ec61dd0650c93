package io.roomgate.api.plugnmeet;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.ReplaySigned;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, point 5, through a real gateway: tenant acme has {@code replay_window_seconds: 300}, globex does not.
 * Timestamps are taken from the system clock the gateway also reads, and the stale ones are hours off, so a busy
 * machine cannot move a request across the window's edge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplaySafeSigningTest {
  private static final String PATH = "/auth/room/isRoomActive";
  private static final byte[] BODY = "{\"room_id\":\"replay-room\"}".getBytes(StandardCharsets.UTF_8);
  private Vertx vertx;
  private Gateway gateway;
  private WebClient web;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    String yaml = TestConfigs.yaml(null).replace("api_secret: " + TestConfigs.ACME_SECRET + "}",
        "api_secret: " + TestConfigs.ACME_SECRET + ", replay_window_seconds: 300}");
    gateway = Gateway.start(vertx, ConfigLoader.parse(yaml)).await();
    web = WebClient.create(vertx);
  }

  @AfterAll
  void stop() {
    gateway.close().await();
    vertx.close().await();
  }

  @Test
  void aStampedRequestPassesOnceAndItsReplayIsRefused() {
    long now = System.currentTimeMillis() / 1000;
    String nonce = nonce();
    HttpResponse<Buffer> first = post(now, nonce);
    assertEquals(200, first.statusCode(), first.bodyAsString());
    assertTrue(first.bodyAsJsonObject().getBoolean("status"), first.bodyAsString());
    HttpResponse<Buffer> replay = post(now, nonce);
    assertRefused(replay, 401, "INVALID_TOKEN_OR_SIGNATURE", "X-Roomgate-Nonce was already used");
  }

  @Test
  void aTimestampOutsideTheWindowIsRefused() {
    long now = System.currentTimeMillis() / 1000;
    assertRefused(post(now - 3_600, nonce()), 401, "INVALID_TOKEN_OR_SIGNATURE", "X-Roomgate-Timestamp");
    assertRefused(post(now + 3_600, nonce()), 401, "INVALID_TOKEN_OR_SIGNATURE", "X-Roomgate-Timestamp");
  }

  @Test
  void theSignatureCoversTheStamp() {
    long now = System.currentTimeMillis() / 1000;
    String nonce = nonce();
    // plugNmeet's body-only signature, or one over another nonce, does not verify
    assertRefused(ReplaySigned.post(web, gateway.apiPort(), PATH, TestConfigs.ACME_KEY, Long.toString(now), nonce,
        PlugNmeetTestClient.sign(TestConfigs.ACME_SECRET, BODY), BODY), 401, "INVALID_TOKEN_OR_SIGNATURE",
        "Failed to verify");
    assertRefused(ReplaySigned.post(web, gateway.apiPort(), PATH, TestConfigs.ACME_KEY, Long.toString(now), nonce,
        ReplaySigned.sign(TestConfigs.ACME_SECRET, now, nonce(), BODY), BODY), 401, "INVALID_TOKEN_OR_SIGNATURE",
        "Failed to verify");
    // a failed signature did not burn the nonce
    assertEquals(200, post(now, nonce).statusCode());
  }

  @Test
  void missingOrMalformedStampHeadersAreNamed() {
    String sig = PlugNmeetTestClient.sign(TestConfigs.ACME_SECRET, BODY);
    assertRefused(ReplaySigned.post(web, gateway.apiPort(), PATH, TestConfigs.ACME_KEY, null, null, sig, BODY),
        401, "MISSING_REQUIRED_PARAMETER", "Missing X-Roomgate-Timestamp header.");
    assertRefused(ReplaySigned.post(web, gateway.apiPort(), PATH, TestConfigs.ACME_KEY, "1", null, sig, BODY),
        401, "MISSING_REQUIRED_PARAMETER", "Missing X-Roomgate-Nonce header.");
    assertRefused(ReplaySigned.post(web, gateway.apiPort(), PATH, TestConfigs.ACME_KEY, "1", "short", sig, BODY),
        401, "INVALID_PARAMETERS", "X-Roomgate-Nonce must be 16-64 URL-safe characters");
    assertRefused(ReplaySigned.post(web, gateway.apiPort(), PATH, TestConfigs.ACME_KEY, "soon", nonce(), sig, BODY),
        401, "INVALID_PARAMETERS", "X-Roomgate-Timestamp must be unix seconds");
  }

  @Test
  void aTenantWithoutTheSettingIsUnchanged() {
    PlugNmeetTestClient globex = new PlugNmeetTestClient(vertx, gateway.apiPort(), TestConfigs.GLOBEX_KEY,
        TestConfigs.GLOBEX_SECRET);
    HttpResponse<Buffer> plain = globex.raw(PATH, BODY);
    assertEquals(200, plain.statusCode(), plain.bodyAsString());
    assertEquals(200, globex.raw(PATH, BODY).statusCode(), "body-only signatures may repeat, as in plugNmeet");
    globex.close();
  }

  private HttpResponse<Buffer> post(long timestamp, String nonce) {
    return ReplaySigned.post(web, gateway.apiPort(), PATH, TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET, timestamp,
        nonce, BODY);
  }

  private static String nonce() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static void assertRefused(HttpResponse<Buffer> r, int status, String code, String msgPart) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    JsonObject body = r.bodyAsJsonObject();
    assertEquals(false, body.getBoolean("status"));
    assertEquals(code, body.getString("status_code"));
    assertTrue(body.getString("msg").contains(msgPart), body.getString("msg"));
  }
}
