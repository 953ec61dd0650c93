package io.roomgate;

import io.roomgate.config.ConfigLoader;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.roomgate.livekit.sim.LiveKitSimulator;
import io.roomgate.livekit.sim.SimulatorOptions;
import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.LogCapture;
import io.roomgate.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, point 1: a gateway says ready only after its warm-up, which runs the real pipelines of both dialects
 * and leaves no trace in any tenant's numbers, rooms or webhooks.
 */
class WarmupTest {
  private final LogCapture warmupLog = LogCapture.of(Warmup.class.getName());

  /** The warm-up's log lines, as "LEVEL message". */
  private List<String> log() {
    return warmupLog.records().stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
  }
  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    warmupLog.attach();
  }

  @AfterEach
  void tearDown() {
    warmupLog.close();
    vertx.close().await();
  }

  @Test
  void readyComesAfterAWarmUpThatTouchesNoTenant() throws Exception {
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
    System.out.println("[warmup] " + log() + ", /ready probed " + readyAnswers.size() + " times");
    assertEquals("503 WARMING_UP", readyAnswers.get(0), "probes during the warm-up: " + readyAnswers);
    int firstReady = readyAnswers.indexOf("200 READY");
    List<String> afterReady = firstReady < 0 ? List.of() : readyAnswers.subList(firstReady, readyAnswers.size());
    assertTrue(afterReady.stream().allMatch("200 READY"::equals), "ready only once warm: " + readyAnswers);
    assertEquals(200, web.get(yaml.managementPort(), "127.0.0.1", "/ready").send().await().statusCode());
    assertTrue(log().stream().anyMatch(l -> l.matches("INFO warm-up: \\d+ requests in \\d+ ms, last \\d+ requests/s")),
        "every warm-up request answered as expected: " + log());
    assertFalse(log().stream().anyMatch(l -> l.startsWith("WARNING")), "no warm-up request failed: " + log());

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
  }

  /**
   * LiveKit not listening yet when the gateway starts (it comes up a moment later): opening the pools fails for
   * LiveKit and the first creates of the warm-up room are refused, yet the warm-up goes on and, once LiveKit is
   * there, runs the pipelines hot as usual.
   */
  @Test
  void aLiveKitThatComesUpLateCostsTheWarmUpNothing() throws Exception {
    int liveKitPort = FreePorts.next();
    TestConfigs.GatewayYaml yaml = TestConfigs.gateway(null, "http://127.0.0.1:" + liveKitPort);
    Future<Gateway> starting = Gateway.start(vertx,
        ConfigLoader.parse(yaml.yaml().replace("warmup_seconds: 0", "warmup_seconds: 60")));
    Eventually.await("a refused create of the warm-up room", () -> log().stream().anyMatch(l -> l.contains("trying again")),
        30_000);
    assertFalse(starting.isComplete(), "still warming up while LiveKit is away: " + log());
    Vertx simVertx = Vertx.vertx();
    try {
      simVertx.deployVerticle(new LiveKitSimulator(new SimulatorOptions("127.0.0.1", liveKitPort,
          Map.of(TestConfigs.LIVEKIT_KEY, TestConfigs.LIVEKIT_SECRET)))).await();
      Gateway g = starting.await();
      System.out.println("[warmup, late LiveKit] " + log());
      assertTrue(log().stream().anyMatch(l -> l.startsWith("INFO warm-up: not every pooled connection opened")), "" + log());
      String done = log().stream().filter(l -> l.matches("INFO warm-up: \\d+ requests in \\d+ ms, last \\d+ requests/s"))
          .findFirst().orElseThrow(() -> new AssertionError("no summary line: " + log()));
      assertTrue(Integer.parseInt(done.split(" ")[2]) > 0, "the pipelines ran once LiveKit was there: " + done);
      assertFalse(log().stream().anyMatch(l -> l.startsWith("WARNING")), "the warm-up did not give up: " + log());
      g.close().await();
    } finally {
      simVertx.close().await();
    }
  }

  /** The pools' connections are opened in equal shares from the API loops, so each loop has connections of its own. */
  @Test
  void everyApiLoopOpensItsShareOfThePools() {
    assertEquals(List.of(11, 11, 10), List.of(Warmup.share(32, 3, 0), Warmup.share(32, 3, 1), Warmup.share(32, 3, 2)));
    assertEquals(List.of(16, 16), List.of(Warmup.share(32, 2, 0), Warmup.share(32, 2, 1)));
    assertEquals(List.of(1, 0, 0), List.of(Warmup.share(1, 3, 0), Warmup.share(1, 3, 1), Warmup.share(1, 3, 2)));
  }
}
