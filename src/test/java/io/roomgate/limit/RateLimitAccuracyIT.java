package io.roomgate.limit;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 3, point 7: the limiter's accuracy with real processes. Tenant {@code acme} (qps 100, burst 100) is offered
 * twice its limit for 10 s, paced by the clock and spread round-robin over the gateways; it must be admitted within
 * ±2% of qps×10 + burst = 1100. Meanwhile tenant {@code globex} (same limit) is offered half of it and must never see
 * a 429. Four set-ups: one gateway with the in-process limiter (in this JVM), one gateway process on Redis, three
 * gateway processes sharing one redis-server, and the same three with tenant {@code busy} (qps 600) as the hot one,
 * busy enough that the nodes lease several tokens per script call.
 *
 * <p>These are count assertions, not timing assertions: the offered load is paced against elapsed time (each tick
 * sends what is due), so exactly 2000 and 500 requests are offered whatever the timer jitter. The expected count
 * comes from the span the gateways really saw, not from the planned 10 s: a starved client or server stretches the
 * offer, and the bucket refills meanwhile. The servers' first and last decisions for the hot tenant lie between the
 * client's first send and first answer, and between its last send and last answer, so the exact count lies between
 * burst + qps × (last send − first answer) and burst + qps × (last answer − first send); the tolerance applies
 * around that range.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RateLimitAccuracyIT {
  private static final int QPS = 100;
  private static final int BURST = 100;
  private static final int SECONDS = 10;
  private static final double TOLERANCE = 0.02;
  private static final byte[] BODY = "{\"room_id\":\"accuracy\"}".getBytes(StandardCharsets.UTF_8);
  private static final String WARM_KEY = "warm-key";
  private static final String WARM_SECRET = "warm-secret-0123456789";
  /** A tenant busy enough that each node leases several tokens per script call (~400/s per node: 8 at a time). */
  private static final int BUSY_QPS = 600;
  private static final String BUSY_KEY = "busy-key";
  private static final String BUSY_SECRET = "busy-secret-0123456789";

  /** Who is offered what: the hot tenant twice its limit, the calm one half of its limit. */
  record Load(String hotKey, String hotSecret, int hotQps, String calmKey, String calmSecret, int calmQps) {
    static final Load STANDARD = new Load(TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET, QPS,
        TestConfigs.GLOBEX_KEY, TestConfigs.GLOBEX_SECRET, QPS);
    static final Load LEASED = new Load(BUSY_KEY, BUSY_SECRET, BUSY_QPS,
        TestConfigs.GLOBEX_KEY, TestConfigs.GLOBEX_SECRET, QPS);

    /** What the bucket allows over {@code nanos}: qps × seconds + burst, and burst = qps for both hot tenants. */
    double allowedOver(long nanos) {
      return hotQps * (nanos / 1e9) + hotQps;
    }
  }

  private static RedisServerProcess redis;
  private static final List<GatewayProcess> processes = new ArrayList<>();
  private static final List<Integer> processPorts = new ArrayList<>();
  private static Vertx vertx;

  /** Result of one run. */
  record Counts(int hotOk, int hot429, int calmOk, int calm429, int other, Span hot) {
  }

  /** When the client sent and saw answers of the hot tenant's requests ({@code System.nanoTime()}). */
  record Span(long firstSent, long firstAnswered, long lastSent, long lastAnswered) {
    /** At most as long as the servers' span of decisions. */
    long shortest() {
      return Math.max(0, lastSent - firstAnswered);
    }

    /** At least as long as the servers' span of decisions. */
    long longest() {
      return lastAnswered - firstSent;
    }
  }

  static String yaml(TestConfigs.GatewayYaml base) {
    String limit = "    rate_limit: {qps: " + QPS + ", burst: " + BURST + "}\n";
    return base.yaml()
        .replace("event_loops: 2", "event_loops: 1")
        // This measures the shared bucket, so Redis must not be declared failed when a busy shared CI machine
        // starves a process for a few hundred ms: every such "failure" is a fallback decision at qps/nodes
        // (on_redis_error: local), which is by design not exact. The fallbacks have their own tests.
        .replace("redis: {url: ", "redis: {timeout_ms: 3000, url: ")
        .replace("  - id: acme\n", "  - id: acme\n" + limit)
        .replace("  - id: globex\n", "  - id: globex\n" + limit)
        + "  - id: warm\n    rate_limit: {qps: 1000000}\n    plugnmeet: {api_key: " + WARM_KEY + ", api_secret: "
        + WARM_SECRET + "}\n"
        + "  - id: busy\n    rate_limit: {qps: " + BUSY_QPS + "}\n    plugnmeet: {api_key: " + BUSY_KEY
        + ", api_secret: " + BUSY_SECRET + "}\n"
        + "rate_limit: {nodes: 3}\n";
  }

  @BeforeAll
  static void startProcesses() throws Exception {
    vertx = Vertx.vertx();
    redis = RedisServerProcess.start();
    for (int i = 0; i < 3; i++) { // all three start at once, while the in-process case runs
      TestConfigs.GatewayYaml base = TestConfigs.gateway(redis.url(), null);
      Path file = Files.createTempFile("roomgate-accuracy-", ".yaml");
      Files.writeString(file, yaml(base));
      processes.add(GatewayProcess.start("--config", file.toString()));
      processPorts.add(base.apiPort());
    }
  }

  @AfterAll
  static void stopProcesses() throws Exception {
    for (GatewayProcess p : processes) {
      p.close();
    }
    if (redis != null) {
      redis.close();
    }
    vertx.close().await();
  }

  @Test
  @Order(1)
  void oneNodeInProcess() {
    Vertx gatewayVertx = Vertx.vertx();
    try {
      TestConfigs.GatewayYaml base = TestConfigs.gateway(null, null);
      Gateway g = Gateway.start(gatewayVertx, ConfigLoader.parse(yaml(base))).await();
      assertAccurate("one node, in-process limiter", List.of(g.apiPort()), Load.STANDARD);
    } finally {
      gatewayVertx.close().await();
    }
  }

  @Test
  @Order(2)
  void oneNodeOnRedis() throws Exception {
    awaitProcesses();
    redis.flushAll();
    assertAccurate("one gateway process on Redis", processPorts.subList(0, 1), Load.STANDARD);
  }

  @Test
  @Order(3)
  void threeNodesShareOneRedis() throws Exception {
    awaitProcesses();
    redis.flushAll();
    assertAccurate("three gateway processes sharing one Redis", processPorts, Load.STANDARD);
  }

  @Test
  @Order(4)
  void threeNodesLeasingTokensShareOneRedis() throws Exception {
    awaitProcesses();
    redis.flushAll();
    // ~400 requests/s per node: while the bucket has tokens each call takes a lease of ~8 (unit-tested in
    // RedisRateLimiterTest); over the limit the bucket only has what refilled since, so grants shrink to 1-2
    long callsBefore = scriptCalls();
    Counts c = assertAccurate("three gateway processes leasing tokens from one Redis", processPorts, Load.LEASED);
    System.out.println("[accuracy]   script calls: " + (scriptCalls() - callsBefore) + " (warm-up included) for "
        + (c.hotOk() + c.hot429() + c.calmOk()) + " decisions");
  }

  private static long scriptCalls() {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("cmdstat_evalsha:calls=(\\d+)")
        .matcher(redis.command("INFO", "commandstats"));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static void awaitProcesses() throws Exception {
    for (GatewayProcess p : processes) {
      p.awaitReady();
    }
  }

  private static Counts assertAccurate(String setup, List<Integer> ports, Load load) {
    WebClient web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(32));
    try {
      warmUp(web, ports);
      Counts c = offer(web, ports, load).await();
      double low = load.allowedOver(c.hot().shortest());
      double high = load.allowedOver(c.hot().longest());
      double error = c.hotOk() < low ? (c.hotOk() - low) / low : c.hotOk() > high ? (c.hotOk() - high) / high : 0;
      String report = String.format("%s: %s admitted %d of %d offered (exact count for the span seen: %.0f-%.0f, "
              + "offer %.2f-%.2f s; error %+.2f%%), 429s %d; %s admitted %d, 429s %d; other answers %d", setup,
          load.hotKey(), c.hotOk(), 2 * load.hotQps() * SECONDS, low, high, c.hot().shortest() / 1e9,
          c.hot().longest() / 1e9, 100 * error, c.hot429(), load.calmKey(), c.calmOk(), c.calm429(), c.other());
      System.out.println("[accuracy] " + report);
      for (GatewayProcess p : processes) { // a Redis failure would show here (and explain a miss)
        p.output().lines().filter(l -> l.contains("rate limiter")).forEach(l -> System.out.println("[accuracy]   " + l));
      }
      assertEquals(0, c.other(), report);
      assertEquals(2 * load.hotQps() * SECONDS, c.hotOk() + c.hot429(), report);
      assertTrue(Math.abs(error) <= TOLERANCE, report);
      assertEquals(0, c.calm429(), report);
      assertEquals(load.calmQps() * SECONDS / 2, c.calmOk(), report);
      return c;
    } finally {
      web.close();
    }
  }

  /** JIT and connections warm on every gateway, through a tenant of its own (acme and globex stay untouched). */
  private static void warmUp(WebClient web, List<Integer> ports) {
    String sig = PlugNmeetTestClient.sign(WARM_SECRET, BODY);
    List<Future<?>> all = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      all.clear();
      for (int port : ports) {
        for (int i = 0; i < 100; i++) {
          all.add(send(web, port, WARM_KEY, sig));
        }
      }
      Future.join(all).await();
    }
  }

  private static Future<Integer> send(WebClient web, int port, String apiKey, String signature) {
    return web.request(HttpMethod.POST, new RequestOptions().setHost("127.0.0.1").setPort(port)
            .setURI("/auth/room/isRoomActive"))
        .putHeader("Content-Type", "application/json")
        .putHeader("API-KEY", apiKey)
        .putHeader("HASH-SIGNATURE", signature)
        .sendBuffer(Buffer.buffer(BODY))
        .map(r -> r.statusCode())
        .otherwise(-1);
  }

  /** Offers the hot tenant 2×qps and the calm one qps/2 for SECONDS, round-robin over {@code ports}; completes when all answered. */
  private static Future<Counts> offer(WebClient web, List<Integer> ports, Load load) {
    String hotSig = PlugNmeetTestClient.sign(load.hotSecret(), BODY);
    String calmSig = PlugNmeetTestClient.sign(load.calmSecret(), BODY);
    long hotTotal = 2L * load.hotQps() * SECONDS;
    long calmTotal = (long) load.calmQps() * SECONDS / 2;
    AtomicInteger hotOk = new AtomicInteger();
    AtomicInteger hot429 = new AtomicInteger();
    AtomicInteger calmOk = new AtomicInteger();
    AtomicInteger calm429 = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    AtomicInteger pending = new AtomicInteger();
    long[] hotTimes = {0, 0, 0, 0}; // first sent, first answered, last sent, last answered (one context: no races)
    Promise<Counts> done = Promise.promise();
    long[] sent = {0, 0};
    long durationNanos = SECONDS * 1_000_000_000L;
    Runnable finish = () -> done.tryComplete(new Counts(hotOk.get(), hot429.get(), calmOk.get(), calm429.get(),
        other.get(), new Span(hotTimes[0], hotTimes[1], hotTimes[2], hotTimes[3])));
    vertx.runOnContext(v -> {
      long start = System.nanoTime();
      vertx.setPeriodic(2, timer -> {
        long elapsed = Math.min(System.nanoTime() - start, durationNanos);
        long hotDue = hotTotal * elapsed / durationNanos;
        long calmDue = calmTotal * elapsed / durationNanos;
        while (sent[0] < hotDue) {
          int port = ports.get((int) (sent[0]++ % ports.size()));
          pending.incrementAndGet();
          long sentAt = System.nanoTime();
          hotTimes[0] = hotTimes[0] == 0 ? sentAt : hotTimes[0];
          hotTimes[2] = sentAt;
          send(web, port, load.hotKey(), hotSig).onSuccess(status -> {
            long answeredAt = System.nanoTime();
            hotTimes[1] = hotTimes[1] == 0 ? answeredAt : hotTimes[1];
            hotTimes[3] = answeredAt;
            (status == 200 ? hotOk : status == 429 ? hot429 : other).incrementAndGet();
            if (pending.decrementAndGet() == 0 && sent[0] == hotTotal && sent[1] == calmTotal) {
              finish.run();
            }
          });
        }
        while (sent[1] < calmDue) {
          int port = ports.get((int) (sent[1]++ % ports.size()));
          pending.incrementAndGet();
          send(web, port, load.calmKey(), calmSig).onSuccess(status -> {
            (status == 200 ? calmOk : status == 429 ? calm429 : other).incrementAndGet();
            if (pending.decrementAndGet() == 0 && sent[0] == hotTotal && sent[1] == calmTotal) {
              finish.run();
            }
          });
        }
        if (elapsed == durationNanos) {
          vertx.cancelTimer(timer);
          if (pending.get() == 0) {
            finish.run();
          }
        }
      });
    });
    return done.future();
  }
}
