package io.roomgate;

import io.roomgate.config.ConfigLoader;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, point 1: a gateway says ready only after its warm-up, which runs the real pipelines of both dialects
 * and leaves no trace in any tenant's numbers, rooms or webhooks.
 */
class WarmupTest {
  @Test
  void readyComesAfterAWarmUpThatTouchesNoTenant() throws Exception {
    Vertx vertx = Vertx.vertx();
    List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        log.add(r.getLevel() + " " + r.getMessage());
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger warmupLog = Logger.getLogger(Warmup.class.getName()); // held: JUL keeps loggers only weakly
    warmupLog.addHandler(capture);
    try {
      TestConfigs.GatewayYaml yaml = TestConfigs.gateway(null, null);
      WebClient web = WebClient.create(vertx);
      Future<Gateway> starting = Gateway.start(vertx,
          ConfigLoader.parse(yaml.yaml().replace("warmup_seconds: 0", "warmup_seconds: 30")));
      List<String> readyAnswers = new ArrayList<>();
      while (!starting.isComplete()) {
        web.get(yaml.managementPort(), "127.0.0.1", "/ready").send()
            .onSuccess(r -> readyAnswers.add(r.statusCode() + " " + r.bodyAsJsonObject().getString("status")))
            .otherwiseEmpty().await();
        Thread.sleep(20);
      }
      Gateway g = starting.await();
      System.out.println("[warmup] " + log + ", /ready probed " + readyAnswers.size() + " times");
      assertEquals("503 WARMING_UP", readyAnswers.get(0), "probes during the warm-up: " + readyAnswers);
      int firstReady = readyAnswers.indexOf("200 READY");
      List<String> afterReady = firstReady < 0 ? List.of() : readyAnswers.subList(firstReady, readyAnswers.size());
      assertTrue(afterReady.stream().allMatch("200 READY"::equals), "ready only once warm: " + readyAnswers);
      assertEquals(200, web.get(yaml.managementPort(), "127.0.0.1", "/ready").send().await().statusCode());
      assertTrue(log.stream().anyMatch(l -> l.matches("INFO warm-up: \\d+ requests in \\d+ ms, last \\d+ requests/s")),
          "every warm-up request answered as expected: " + log);
      assertFalse(log.stream().anyMatch(l -> l.startsWith("WARNING")), "no warm-up request failed: " + log);

      String metrics = web.get(yaml.managementPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
      // (LiveKit's own room_started/room_finished webhooks about the warm-up room are LiveKit's requests, counted)
      assertFalse(metrics.contains("roomgate_requests_seconds_count{api=\"getActiveRoomInfo\""), "not counted");
      assertFalse(metrics.contains("dialect=\"plugnmeet\""), "no plugNmeet request counted");
      assertFalse(metrics.contains("dialect=\"tencent\""), "no Tencent request counted");
      assertFalse(metrics.contains("_warmup"), "no series of the warm-up tenant");
      assertTrue(metrics.contains("roomgate_ratelimit_decisions_total{outcome=\"allowed\",tenant=\"unknown\"} 0.0"),
          "no decision counted");
      assertTrue(metrics.contains("roomgate_ratelimit_decisions_total{outcome=\"allowed\",tenant=\"acme\"} 0.0"));

      PlugNmeetTestClient acme = new PlugNmeetTestClient(vertx, g.apiPort(), TestConfigs.ACME_KEY,
          TestConfigs.ACME_SECRET);
      JsonObject rooms = acme.call("getActiveRoomsInfo", new JsonObject());
      assertEquals(0, rooms.getJsonArray("rooms", new io.vertx.core.json.JsonArray()).size(), rooms.encode());
      // the warm-up tenant is gone: its made-up key is unknown again
      assertEquals(401, acme.unsigned("/auth/room/isRoomActive", "{}".getBytes(), "_warmup-x", "00").statusCode());
      g.close().await();
    } finally {
      warmupLog.removeHandler(capture);
      vertx.close().await();
    }
  }
}
