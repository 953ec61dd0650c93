package io.roomgate.webhook;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.testsupport.LogCapture;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TestConfigs;
import io.roomgate.testsupport.TestJwt;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LiveKit's webhooks into a real gateway over HTTP: a token must carry {@code exp}, an event must carry an
 * {@code id}, an oversized body is a quiet 413, and unverified webhooks spend the client IP's failed-authentication
 * budget that the dialects share. Every log record of the process is captured to show what was (not) logged.
 */
class LiveKitWebhookInboundTest {
  private final LogCapture log = LogCapture.of("");
  private Vertx vertx;
  private Gateway gateway;
  private WebClient web;

  private void start(String authFailures) {
    log.attach();
    vertx = Vertx.vertx();
    TestConfigs.GatewayYaml config = TestConfigs.gateway(null, null)
        .withSection("rate_limit: {auth_failures: " + authFailures + "}");
    gateway = Gateway.start(vertx, ConfigLoader.parse(config.yaml())).await();
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    log.close();
    if (gateway != null) {
      gateway.close().await();
    }
    vertx.close().await();
  }

  private HttpResponse<Buffer> post(String body, String authorization) {
    var req = web.post(gateway.apiPort(), "127.0.0.1", "/webhook").putHeader("Content-Type", "application/webhook+json");
    if (authorization != null) {
      req.putHeader("Authorization", authorization);
    }
    return req.sendBuffer(Buffer.buffer(body)).await();
  }

  private static String event(String id) {
    JsonObject e = new JsonObject().put("event", "room_started")
        .put("room", new JsonObject().put("name", "acme:hooked").put("sid", "RM_x"));
    return (id == null ? e : e.put("id", id)).encode();
  }

  private static String token(String body) {
    return TestJwt.webhookToken(TestConfigs.LIVEKIT_KEY, TestConfigs.LIVEKIT_SECRET, body);
  }

  private static String sha256(String body) {
    return java.util.Base64.getEncoder().encodeToString(
        LiveKitWebhookVerifier.sha256(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aTokenWithoutExpIsRefusedLikeAForgery() {
    start("{burst: 1000}");
    String body = event("EV_noexp");
    long now = System.currentTimeMillis() / 1000;
    String noExp = TestJwt.sign(TestConfigs.LIVEKIT_SECRET, new JsonObject().put("iss", TestConfigs.LIVEKIT_KEY)
        .put("nbf", now).put("sha256", sha256(body)));
    HttpResponse<Buffer> refused = post(body, noExp);
    assertEquals(403, refused.statusCode());
    assertEquals("forbidden", refused.bodyAsString());
    assertTrue(log.records().stream().anyMatch(r -> r.getMessage().contains("webhook token has no exp claim")));
    assertEquals(200, post(body, token(body)).statusCode(), "the same event with LiveKit's exp (now + 5 min)");
  }

  @Test
  void anEventWithoutAnIdIs422() {
    start("{burst: 1000}");
    String absent = event(null);
    assertEquals(422, post(absent, token(absent)).statusCode());
    assertEquals("webhook event has no id", post(absent, token(absent)).bodyAsString());
    String empty = event("");
    assertEquals(422, post(empty, token(empty)).statusCode());
    String withId = event("EV_hasid");
    assertEquals(200, post(withId, token(withId)).statusCode());
  }

  @Test
  void anOversizedBodyIs413WithoutASevereLine() {
    start("{burst: 1000}");
    String huge = "{\"event\":\"room_started\",\"id\":\"EV_big\",\"pad\":\"" + "x".repeat(5000) + "\"}"; // limit 4096
    HttpResponse<Buffer> r = post(huge, token(huge));
    assertEquals(413, r.statusCode());
    assertEquals("request body too large", r.bodyAsString());
    // chunked, without a Content-Length: the limit is counted as the bytes arrive
    HttpResponse<Buffer> chunked = web.post(gateway.apiPort(), "127.0.0.1", "/webhook")
        .putHeader("Authorization", token(huge))
        .sendStream(new io.vertx.core.streams.ReadStream<Buffer>() {
          private io.vertx.core.Handler<Buffer> data;
          private io.vertx.core.Handler<Void> end;

          @Override
          public io.vertx.core.streams.ReadStream<Buffer> exceptionHandler(io.vertx.core.Handler<Throwable> h) {
            return this;
          }

          @Override
          public io.vertx.core.streams.ReadStream<Buffer> handler(io.vertx.core.Handler<Buffer> h) {
            data = h;
            return this;
          }

          @Override
          public io.vertx.core.streams.ReadStream<Buffer> pause() {
            return this;
          }

          @Override
          public io.vertx.core.streams.ReadStream<Buffer> resume() {
            return fetch(Long.MAX_VALUE);
          }

          @Override
          public io.vertx.core.streams.ReadStream<Buffer> fetch(long amount) {
            if (data != null && end != null) {
              io.vertx.core.Handler<Buffer> d = data;
              data = null;
              for (int i = 0; i < 5; i++) {
                d.handle(Buffer.buffer("x".repeat(1000)));
              }
              end.handle(null);
            }
            return this;
          }

          @Override
          public io.vertx.core.streams.ReadStream<Buffer> endHandler(io.vertx.core.Handler<Void> h) {
            end = h;
            return this;
          }
        }).await();
    assertEquals(413, chunked.statusCode());
    List<LogRecord> severe = log.records().stream().filter(l -> l.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertEquals(List.of(), severe.stream().map(l -> l.getLoggerName() + ": " + l.getMessage()).toList());
  }

  @Test
  void unverifiedWebhooksSpendTheFailureBudgetThatBothDialectsShareButAVerifiedOneAlwaysPasses() {
    start("{burst: 3, per_minute: 1}"); // a failure back per minute: none during this test
    String body = event("EV_budget");
    String forged = TestJwt.webhookToken(TestConfigs.LIVEKIT_KEY, "not-the-secret-0123456789abcdef0123456789", body);
    assertEquals(403, post(body, forged).statusCode()); // 3 -> 2
    String huge = "x".repeat(5000);
    assertEquals(413, post(huge, token(huge)).statusCode()); // 2 -> 1: not an authenticated request either
    assertEquals(403, post(body, null).statusCode()); // 1 -> 0
    HttpResponse<Buffer> refused = post(body, forged);
    assertEquals(429, refused.statusCode());
    assertTrue(Integer.parseInt(refused.getHeader("Retry-After")) >= 1);
    long warningsBefore = log.records().stream().filter(l -> l.getMessage().startsWith("rejected a LiveKit webhook")).count();
    assertEquals(429, post(body, forged).statusCode());
    assertEquals(warningsBefore, log.records().stream().filter(l -> l.getMessage().startsWith("rejected a LiveKit webhook"))
        .count(), "refusals are not logged: a flood of forgeries logs no more than the budget");

    assertEquals(200, post(body, token(body)).statusCode(), "a verified webhook from the same IP passes");
    String unsignedEvent = event("");
    assertEquals(422, post(unsignedEvent, token(unsignedEvent)).statusCode(), "422 is not an auth failure");
    // the budget is the one the dialects spend too
    PlugNmeetTestClient acme = new PlugNmeetTestClient(vertx, gateway.apiPort(), TestConfigs.ACME_KEY,
        TestConfigs.ACME_SECRET);
    byte[] pnm = "{\"room_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals(429, acme.unsigned("/auth/room/isRoomActive", pnm, TestConfigs.ACME_KEY, "00").statusCode());
    assertEquals(200, acme.raw("/auth/room/isRoomActive", pnm).statusCode());
    assertEquals(3, gateway.rateLimitStats().authFailureRefusals());
  }
}
