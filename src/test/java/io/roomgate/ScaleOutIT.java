package io.roomgate;

import io.roomgate.testsupport.FreePorts;
import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.NginxProcess;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.RedisClusterProcess;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, point 4: three gateway processes (the packaged jar) behind nginx share one 3-master / 3-replica Redis
 * Cluster and one LiveKit (the simulator as its own process, its webhooks sent through nginx too). A room created
 * through one gateway is read through another at once; a room ended on one is gone on all at once (their node-local
 * read caches are told on the cluster's pub/sub); and tenant {@code hot}'s limit (qps 100) holds within ±2 % when
 * three times that is offered through nginx for 10 s.
 */
class ScaleOutIT {
  private static final int QPS = 100;
  private static final int OVERLOAD = 3;
  private static final int SECONDS = 10;
  private static final double TOLERANCE = 0.02;
  private static final String HOT_KEY = "hot-key";
  private static final String HOT_SECRET = "hot-secret-0123456789";
  private static final String WARM_KEY = "warm-key";
  private static final String WARM_SECRET = "warm-secret-0123456789";

  private static RedisClusterProcess cluster;
  private static GatewayProcess liveKit;
  private static final List<GatewayProcess> gateways = new ArrayList<>();
  private static final List<Integer> ports = new ArrayList<>();
  private static NginxProcess nginx;
  private static Vertx vertx;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    cluster = RedisClusterProcess.start("scale-out-password");
    int liveKitPort = FreePorts.next();
    List<TestConfigs.GatewayYaml> configs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TestConfigs.GatewayYaml c = TestConfigs.gateway(cluster.yaml(), "http://127.0.0.1:" + liveKitPort);
      configs.add(c);
      ports.add(c.apiPort());
    }
    nginx = NginxProcess.start(ports);
    liveKit = GatewayProcess.start("livekit-sim", "--port", Integer.toString(liveKitPort),
        "--api-key", TestConfigs.LIVEKIT_KEY, "--api-secret", TestConfigs.LIVEKIT_SECRET,
        "--webhook-url", "http://127.0.0.1:" + nginx.port() + "/webhook");
    liveKit.awaitReady();
    for (TestConfigs.GatewayYaml c : configs) {
      String yaml = c.yaml()
          .replace("event_loops: 2", "event_loops: 1") // three JVMs on two cores
          .replace("warmup_seconds: 0, ", "") // the default warm-up (pools, scripts) before ready, as operators run it
          + "  - id: warm\n    rate_limit: {qps: 1000000}\n    plugnmeet: {api_key: " + WARM_KEY + ", api_secret: "
          + WARM_SECRET + "}\n"
          // the limited tenant of its own: acme's rooms are created and read by the other tests in any order
          + "  - id: hot\n    rate_limit: {qps: " + QPS + ", burst: " + QPS + "}\n    plugnmeet: {api_key: " + HOT_KEY
          + ", api_secret: " + HOT_SECRET + "}\n"
          + "rate_limit: {nodes: 3}\n";
      Path file = Files.createTempFile("roomgate-scale-", ".yaml");
      Files.writeString(file, yaml);
      gateways.add(GatewayProcess.start("--config", file.toString()));
    }
    for (GatewayProcess g : gateways) {
      g.awaitReady();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    for (GatewayProcess g : gateways) {
      g.close();
    }
    if (nginx != null) {
      nginx.close();
    }
    if (liveKit != null) {
      liveKit.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    vertx.close().await();
  }

  private static PlugNmeetTestClient acme(int port) {
    return new PlugNmeetTestClient(vertx, port, TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET);
  }

  private static JsonObject room(String id) {
    return new JsonObject().put("room_id", id).put("metadata",
        new JsonObject().put("room_title", "scale-out").put("room_features", new JsonObject()));
  }

  /**
   * Creates the room through the gateway on {@code port}. Create is idempotent: on a starved machine the simulator
   * may miss the gateway's LiveKit deadline ("LiveKit is unavailable, retry later"), and the test retries as a
   * client would; what is tested is what the other gateways see once it succeeded.
   */
  private static void create(int port, String id) {
    JsonObject[] last = {null};
    io.roomgate.testsupport.Eventually.await("room " + id + " created through " + port + " (last answer: " + last[0] + ")",
        () -> (last[0] = acme(port).call("create", room(id))).getBoolean("status"));
  }

  @Test
  void aRoomCreatedThroughOneGatewayIsReadThroughTheOthersAtOnce() {
    for (int i = 0; i < 3; i++) {
      String id = "created-on-" + i;
      create(ports.get(i), id);
      for (int j = 0; j < 3; j++) {
        JsonObject info = acme(ports.get(j)).call("getActiveRoomInfo", new JsonObject().put("room_id", id));
        assertTrue(info.getBoolean("status"), "created on gateway " + i + ", read on " + j + ": " + info.encode());
      }
    }
  }

  @Test
  void aRoomEndedOnOneGatewayIsGoneOnAllAtOnce() {
    String id = "ended";
    create(ports.get(0), id);
    JsonObject read = new JsonObject().put("room_id", id);
    for (int round = 0; round < 3; round++) { // every gateway holds a node-local copy of the room now
      for (int port : ports) {
        assertTrue(acme(port).call("isRoomActive", read).getBoolean("is_active"));
      }
    }
    assertTrue(acme(ports.get(1)).call("endRoom", read).getBoolean("status"));
    for (int port : ports) {
      JsonObject active = acme(port).call("isRoomActive", read);
      assertFalse(active.getBoolean("is_active"), "gateway on " + port + " still serves the ended room: " + active.encode());
      assertFalse(acme(port).call("getActiveRoomInfo", read).getBoolean("status"));
    }
  }

  @Test
  void aTenantsLimitHoldsThroughNginxUnderThreeTimesItsRate() {
    WebClient web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(32));
    try {
      warmUp(web);
      long total = (long) OVERLOAD * QPS * SECONDS;
      long[] sentAt = new long[(int) total];
      long[] answeredAt = new long[(int) total];
      int[] status = new int[(int) total];
      offer(web, HOT_KEY, HOT_SECRET, total, sentAt, answeredAt, status).await();
      long ok = java.util.Arrays.stream(status).filter(s -> s == 200).count();
      long limited = java.util.Arrays.stream(status).filter(s -> s == 429).count();
      long low = Math.min(perfect(sentAt), perfect(answeredAt));
      long high = Math.max(perfect(sentAt), perfect(answeredAt));
      double error = ok < low ? (ok - low) / (double) low : ok > high ? (ok - high) / (double) high : 0;
      String report = String.format("3 gateways behind nginx on one cluster: admitted %d of %d offered (exact %d..%d,"
          + " error %+.2f%%), 429s %d", ok, total, low, high, 100 * error, limited);
      System.out.println("[scale-out] " + report);
      assertEquals(total, ok + limited, "every answer a 200 or a 429: " + report);
      assertTrue(Math.abs(error) <= TOLERANCE, report);
    } finally {
      web.close();
    }
  }

  /** JIT and connections warm on every gateway, through a tenant of its own. */
  private static void warmUp(WebClient web) {
    long n = 3_000;
    offer(web, WARM_KEY, WARM_SECRET, n, new long[(int) n], new long[(int) n], new int[(int) n]).await();
  }

  /** What an exact token bucket (qps = burst = QPS) admits of requests at these times (ns). */
  private static long perfect(long[] times) {
    long[] sorted = times.clone();
    java.util.Arrays.sort(sorted);
    double tokens = QPS;
    long last = sorted[0];
    long admitted = 0;
    for (long t : sorted) {
      tokens = Math.min(QPS, tokens + (t - last) * QPS / 1e9);
      last = t;
      if (tokens >= 1) {
        tokens -= 1;
        admitted++;
      }
    }
    return admitted;
  }

  /** {@code total} isRoomActive requests through nginx, paced evenly over SECONDS; completes when all answered. */
  private static Future<Void> offer(WebClient web, String key, String secret, long total, long[] sentAt,
                                    long[] answeredAt, int[] status) {
    byte[] body = "{\"room_id\":\"limit\"}".getBytes(StandardCharsets.UTF_8);
    String signature = PlugNmeetTestClient.sign(secret, body);
    Promise<Void> done = Promise.promise();
    AtomicInteger answered = new AtomicInteger();
    long[] sent = {0};
    long duration = SECONDS * 1_000_000_000L;
    vertx.runOnContext(v -> {
      long start = System.nanoTime();
      vertx.setPeriodic(2, timer -> {
        long elapsed = Math.min(System.nanoTime() - start, duration);
        while (sent[0] < total * elapsed / duration) {
          int i = (int) sent[0]++;
          sentAt[i] = System.nanoTime();
          web.request(HttpMethod.POST, new RequestOptions().setHost("127.0.0.1").setPort(nginx.port())
                  .setURI("/auth/room/isRoomActive").setIdleTimeout(10_000))
              .putHeader("Content-Type", "application/json")
              .putHeader("API-KEY", key)
              .putHeader("HASH-SIGNATURE", signature)
              .sendBuffer(Buffer.buffer(body))
              .onComplete(ar -> {
                answeredAt[i] = System.nanoTime();
                status[i] = ar.succeeded() ? ar.result().statusCode() : -1;
                if (answered.incrementAndGet() == total) {
                  done.tryComplete();
                }
              });
        }
        if (elapsed == duration) {
          vertx.cancelTimer(timer);
        }
      });
    });
    return done.future();
  }
}
