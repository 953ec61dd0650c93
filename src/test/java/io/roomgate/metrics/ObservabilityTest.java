package io.roomgate.metrics;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.testsupport.PlugNmeetTestClient;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request metrics, outcomes, request ids and the management endpoints through a real in-process gateway. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityTest {
  private Vertx vertx;
  private Gateway gateway;
  private PlugNmeetTestClient acme;
  private WebClient web;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    gateway = Gateway.start(vertx, ConfigLoader.parse(TestConfigs.yaml(null))).await();
    acme = new PlugNmeetTestClient(vertx, gateway.apiPort(), TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET);
    web = WebClient.create(vertx);
  }

  @AfterAll
  void stop() {
    gateway.close().await();
    vertx.close().await();
  }

  private String scrape() {
    return web.get(gateway.managementPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
  }

  @Test
  void everyAnswerCarriesAFreshRequestId() {
    byte[] body = "{\"room_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    HttpResponse<Buffer> a = acme.raw("/auth/room/isRoomActive", body);
    HttpResponse<Buffer> b = acme.unsigned("/auth/room/isRoomActive", body, "nobody", "00");
    assertNotNull(a.getHeader("X-Request-Id"));
    assertTrue(b.getHeader("X-Request-Id").matches("[0-9a-f]{16}"), b.getHeader("X-Request-Id"));
    assertNotEquals(a.getHeader("X-Request-Id"), b.getHeader("X-Request-Id"));
  }

  @Test
  void outcomesFollowThePlugNmeetEnvelopeNotJustTheHttpStatus() {
    String room = "obs-" + System.nanoTime();
    acme.call("create", new JsonObject().put("room_id", room).put("metadata",
        new JsonObject().put("room_title", "t").put("room_features", new JsonObject())));
    acme.call("create", new JsonObject().put("room_id", room + "b"));               // 200, INVALID_PARAMETERS
    acme.call("getActiveRoomInfo", new JsonObject().put("room_id", "nope"));        // 200, ROOM_NOT_FOUND
    acme.unsigned("/auth/room/endRoom", new byte[0], TestConfigs.ACME_KEY, "bad");  // 401
    acme.raw("/auth/nothing/" + System.nanoTime(), "{}".getBytes(StandardCharsets.UTF_8)); // raw path, bounded label
    String s = scrape();
    assertTrue(s.contains("roomgate_requests_seconds_count{api=\"create\",dialect=\"plugnmeet\",outcome=\"success\",status=\"200\"}"), s);
    assertTrue(s.contains("roomgate_requests_seconds_count{api=\"create\",dialect=\"plugnmeet\",outcome=\"client_error\",status=\"200\"}"), s);
    assertTrue(s.contains("roomgate_requests_seconds_count{api=\"getActiveRoomInfo\",dialect=\"plugnmeet\",outcome=\"client_error\",status=\"200\"}"), s);
    assertTrue(s.contains("roomgate_requests_seconds_count{api=\"endRoom\",dialect=\"plugnmeet\",outcome=\"auth_failed\",status=\"401\"}"), s);
    assertTrue(s.contains("roomgate_requests_seconds_count{api=\"unknown\",dialect=\"plugnmeet\",outcome=\"client_error\",status=\"200\"}"), s);
    assertTrue(s.contains("roomgate_tenant_requests_total{api=\"create\",dialect=\"plugnmeet\",outcome=\"success\",tenant=\"acme\"}"), s);
    assertTrue(s.contains("roomgate_livekit_calls_seconds_count{code=\"ok\",method=\"CreateRoom\"}"), s);
    assertTrue(s.contains("roomgate_ratelimit_decisions_total{outcome=\"limited\",tenant=\"globex\"} 0.0"), s);
    assertTrue(s.contains("roomgate_eventloop_lag_seconds"), s);
    assertTrue(!s.contains("/auth/nothing/"), "a raw path leaked into a label");
  }

  @Test
  void limiterFailureCountersAreExportedFromStart() {
    Vertx v = Vertx.vertx();
    try {
      Gateway g = Gateway.start(v, ConfigLoader.parse(TestConfigs.yaml(null))).await();
      WebClient c = WebClient.create(v);
      String s = c.get(g.managementPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
      assertTrue(s.contains("roomgate_ratelimit_backend_errors_total 0.0"), s);
      assertTrue(s.contains("roomgate_auth_failures_refused_total 0.0"), s);
      g.close().await();
    } finally {
      v.close().await();
    }
  }

  @Test
  void healthAndReadyAnswerCheaply() {
    assertEquals(200, web.get(gateway.managementPort(), "127.0.0.1", "/health").send().await().statusCode());
    for (int i = 0; i < 20; i++) {
      assertEquals(200, web.get(gateway.managementPort(), "127.0.0.1", "/ready").send().await().statusCode());
    }
    // (the cache itself is pinned down in ReadinessProbeTest)
    String s = scrape();
    assertTrue(s.contains("roomgate_requests_seconds") && !s.contains("route=\"/ready\""), "in-process: no vertx meters");
  }

  @Test
  void metricsCanBeTurnedOff() {
    Vertx v = Vertx.vertx();
    try {
      Gateway g = Gateway.start(v, ConfigLoader.parse(TestConfigs.yaml(null) + "metrics: {enabled: false}\n")).await();
      WebClient c = WebClient.create(v);
      assertEquals(404, c.get(g.managementPort(), "127.0.0.1", "/metrics").send().await().statusCode());
      assertEquals(200, c.get(g.managementPort(), "127.0.0.1", "/health").send().await().statusCode());
      g.close().await();
    } finally {
      v.close().await();
    }
  }
}
