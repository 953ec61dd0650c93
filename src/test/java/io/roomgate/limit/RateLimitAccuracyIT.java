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
 * comes from what really happened, not from the planned 10 s: a starved client or server stretches the offer or
 * bunches it up, and a full bucket loses refill meanwhile. Each decision happened between the request's send and its
 * answer, so the exact count is taken as what a perfect token bucket admits fed with the send times, and fed with
 * the answer times, widened by the first answer's wait (the first decision may come as early as the first send, or
 * as late as the first answer: at rate × that wait more or fewer tokens over the run; a cold process on a busy
 * machine once took ~1 s for its first answers and admitted 627 against 528-583 by send and answer times); the
 * tolerance applies around that range.
 *
 * <p>The gateways run with the default {@code redis.timeout_ms} (250): a slow answer on a busy machine must not be
 * taken for an outage, so the healthy runs assert that no decision fell back. A fifth run pauses Redis (SIGSTOP)
 * for 2 s while tenant {@code outage} (qps 50, burst 50) is offered three times its limit over the three processes
 * ({@code rate_limit.nodes: 3}): the count may exceed the exact one by at most burst / nodes per node (+50).
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

  /** A tenant offered three times its limit by freshly started processes, from their first second. */
  private static final String FRESH_KEY = "fresh-key";
  private static final String FRESH_SECRET = "fresh-secret-0123456789";
  private static final double FRESH_TOLERANCE = 0.05;

  /** A tenant offered three times its limit while Redis is paused. */
  private static final int OUTAGE_QPS = 50;
  private static final String OUTAGE_KEY = "outage-key";
  private static final String OUTAGE_SECRET = "outage-secret-0123456789";

  /** Who is offered what: the hot tenant {@code overload} times its limit, the calm one half of its limit. */
  record Load(String hotKey, String hotSecret, int hotQps, int overload, String calmKey, String calmSecret,
              int calmQps) {
    static final Load STANDARD = new Load(TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET, QPS, 2,
        TestConfigs.GLOBEX_KEY, TestConfigs.GLOBEX_SECRET, QPS);
    static final Load LEASED = new Load(BUSY_KEY, BUSY_SECRET, BUSY_QPS, 2,
        TestConfigs.GLOBEX_KEY, TestConfigs.GLOBEX_SECRET, QPS);
    static final Load OUTAGE = new Load(OUTAGE_KEY, OUTAGE_SECRET, OUTAGE_QPS, 3,
        TestConfigs.GLOBEX_KEY, TestConfigs.GLOBEX_SECRET, QPS);
    static final Load FRESH = new Load(FRESH_KEY, FRESH_SECRET, OUTAGE_QPS, 3,
        TestConfigs.GLOBEX_KEY, TestConfigs.GLOBEX_SECRET, QPS);

    long hotOffered() {
      return (long) overload * hotQps * SECONDS;
    }

    /** What a perfect bucket of the hot tenant (burst = qps) admits of requests arriving at {@code times}. */
    long perfectCount(long[] times) {
      long[] sorted = times.clone();
      java.util.Arrays.sort(sorted);
      double tokens = hotQps;
      long last = sorted.length == 0 ? 0 : sorted[0];
      long admitted = 0;
      for (long t : sorted) {
        tokens = Math.min(hotQps, tokens + (t - last) * hotQps / 1e9);
        last = t;
        if (tokens >= 1) {
          tokens -= 1;
          admitted++;
        }
      }
      return admitted;
    }
  }

  private static RedisServerProcess redis;
  private static final List<GatewayProcess> processes = new ArrayList<>();
  private static final List<Integer> processPorts = new ArrayList<>();
  private static final List<Integer> managementPorts = new ArrayList<>();
  /** Admitted requests the store could not answer ("room store unavailable"). */
  private static final AtomicInteger STORE_ERRORS = new AtomicInteger();
  private static Vertx vertx;

  /** Result of one run. */
  record Counts(int hotOk, int hot429, int calmOk, int calm429, int other, long[] hotSent, long[] hotAnswered) {
  }

  /** A run's counts, what the bucket allowed over the span the gateways saw, and a line that says it all. */
  record Result(Counts counts, double low, double high, String report) {
  }


  static String yaml(TestConfigs.GatewayYaml base) {
    String limit = "    rate_limit: {qps: " + QPS + ", burst: " + BURST + "}\n";
    return base.yaml()
        .replace("event_loops: 2", "event_loops: 1")
        .replace("warmup_seconds: 0, ", "") // the default warm-up: these are processes as operators start them
        .replace("  - id: acme\n", "  - id: acme\n" + limit)
        .replace("  - id: globex\n", "  - id: globex\n" + limit)
        + "  - id: warm\n    rate_limit: {qps: 1000000}\n    plugnmeet: {api_key: " + WARM_KEY + ", api_secret: "
        + WARM_SECRET + "}\n"
        + "  - id: busy\n    rate_limit: {qps: " + BUSY_QPS + "}\n    plugnmeet: {api_key: " + BUSY_KEY
        + ", api_secret: " + BUSY_SECRET + "}\n"
        + "  - id: outage\n    rate_limit: {qps: " + OUTAGE_QPS + "}\n    plugnmeet: {api_key: " + OUTAGE_KEY
        + ", api_secret: " + OUTAGE_SECRET + "}\n"
        + "  - id: fresh\n    rate_limit: {qps: " + OUTAGE_QPS + "}\n    plugnmeet: {api_key: " + FRESH_KEY
        + ", api_secret: " + FRESH_SECRET + "}\n"
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
      managementPorts.add(base.managementPort());
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

  /**
   * Issue 13, point 1: three processes that just said "roomgate ready" (after their warm-up), offered three times a
   * 50/s limit from their first second, without any warm-up traffic of this test: within ±5 % of the exact count,
   * and not one store error (a cold process once answered "room store unavailable" and over-admitted 44–77 %).
   */
  @Test
  @Order(0)
  void threeFreshProcessesAdmitExactlyFromTheirFirstSecond() throws Exception {
    awaitProcesses();
    assertAccurate("three freshly started gateway processes", processPorts, Load.FRESH, FRESH_TOLERANCE, false);
  }

  @Test
  @Order(1)
  void oneNodeInProcess() {
    Vertx gatewayVertx = Vertx.vertx();
    try {
      TestConfigs.GatewayYaml base = TestConfigs.gateway(null, null);
      Gateway g = Gateway.start(gatewayVertx, ConfigLoader.parse(yaml(base))).await();
      assertAccurate("one node, in-process limiter", List.of(g.apiPort()), Load.STANDARD);
      assertEquals(0, g.rateLimitStats().of("acme").fallback() + g.rateLimitStats().of("globex").fallback());
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

  /**
   * Issue 13, point 2: Redis paused for 2 s in the middle of a 3× overload. The nodes fall back to their shares
   * (starting from what Redis last said was left, not full) and pay what they admitted on their own when Redis
   * answers again, so the count stays within burst / nodes per node of the exact one.
   */
  @Test
  @Order(5)
  void threeNodesThroughATwoSecondRedisPause() throws Exception {
    awaitProcesses();
    redis.flushAll();
    WebClient web = client();
    try {
      warmUp(web, processPorts);
      Thread pauser = new Thread(() -> {
        try {
          Thread.sleep(3_000);
          redis.pause();
          Thread.sleep(2_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          redis.resume();
        }
      }, "redis-pauser");
      pauser.start();
      int storeErrorsBefore = STORE_ERRORS.get();
      Result r = measure("three gateway processes, Redis paused 2 s", web, processPorts, Load.OUTAGE);
      pauser.join();
      System.out.println("[accuracy]   admitted, then answered \"room store unavailable\": "
          + (STORE_ERRORS.get() - storeErrorsBefore));
      long fallbacks = fallbacks();
      System.out.println("[accuracy]   fallback decisions: " + fallbacks);
      Counts c = r.counts();
      assertEquals(0, c.other(), r.report());
      assertEquals(Load.OUTAGE.hotOffered(), c.hotOk() + c.hot429(), r.report());
      assertTrue(fallbacks > 0, "Redis was paused: some decisions fell back; " + r.report());
      assertTrue(c.hotOk() <= r.high() + OUTAGE_QPS, "at most burst/nodes per node over: " + r.report());
      assertTrue(c.hotOk() >= r.low() * (1 - 0.10), "not starved either: " + r.report());
    } finally {
      web.close();
    }
  }

  /** How often the gateway processes have declared Redis down so far. */
  private static long outagesDeclared() {
    return processes.stream().mapToLong(p -> p.output().lines()
        .filter(l -> l.contains("rate limiter: Redis failed")).count()).sum();
  }

  /** Fallback decisions of every tenant on the three gateway processes, from their /metrics. */
  private static long fallbacks() {
    WebClient web = WebClient.create(vertx);
    try {
      long sum = 0;
      java.util.regex.Pattern line = java.util.regex.Pattern.compile(
          "^roomgate_ratelimit_decisions_total\\{outcome=\"fallback\",tenant=\"[^\"]+\"} ([0-9.E]+)$",
          java.util.regex.Pattern.MULTILINE);
      for (int port : managementPorts) {
        String text = web.get(port, "127.0.0.1", "/metrics").send().await().bodyAsString();
        java.util.regex.Matcher m = line.matcher(text);
        while (m.find()) {
          sum += (long) Double.parseDouble(m.group(1));
        }
      }
      return sum;
    } finally {
      web.close();
    }
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

  private static WebClient client() {
    return WebClient.create(vertx, new WebClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(32));
  }

  private static Counts assertAccurate(String setup, List<Integer> ports, Load load) {
    return assertAccurate(setup, ports, load, TOLERANCE, true);
  }

  /** @param warm whether this test warms the gateways up first (JIT, connections) through a tenant of its own */
  private static Counts assertAccurate(String setup, List<Integer> ports, Load load, double tolerance, boolean warm) {
    WebClient web = client();
    try {
      if (warm) {
        warmUp(web, ports);
      }
      boolean onRedis = ports.equals(processPorts) || ports.equals(processPorts.subList(0, 1));
      long fallbacksBefore = onRedis ? fallbacks() : 0;
      long outagesBefore = outagesDeclared();
      int storeErrorsBefore = STORE_ERRORS.get();
      Result r = measure(setup, web, ports, load);
      Counts c = r.counts();
      double error = c.hotOk() < r.low() ? (c.hotOk() - r.low()) / r.low()
          : c.hotOk() > r.high() ? (c.hotOk() - r.high()) / r.high() : 0;
      String report = r.report() + String.format(" (error %+.2f%%)", 100 * error);
      assertEquals(0, c.other(), report);
      assertEquals(storeErrorsBefore, STORE_ERRORS.get(), "no store error: " + report);
      assertEquals(load.hotOffered(), c.hotOk() + c.hot429(), report);
      assertTrue(Math.abs(error) <= tolerance, report);
      assertEquals(0, c.calm429(), report);
      assertEquals(load.calmQps() * SECONDS / 2, c.calmOk(), report);
      if (onRedis) {
        // A slow answer is not an outage: however loaded the machine, healthy Redis is never declared down. A call
        // that really misses its deadline (a process starved for over 250 ms) still has its request decided by the
        // fallback; measured: 0 on a quiet machine, 8 of 2,500 and 44 of 12,500 decisions at load average 13.
        long fallbacks = fallbacks() - fallbacksBefore;
        System.out.println("[accuracy]   fallback decisions (single late calls): " + fallbacks);
        assertEquals(outagesBefore, outagesDeclared(), "Redis was healthy: never declared down; " + report);
        assertTrue(fallbacks <= 0.02 * (load.hotOffered() + load.calmQps() * SECONDS / 2), report);
      }
      return c;
    } finally {
      web.close();
    }
  }

  /** Offers {@code load}, prints what happened, and returns the counts with the exact range for the span seen. */
  private static Result measure(String setup, WebClient web, List<Integer> ports, Load load) {
    Counts c = offer(web, ports, load).await();
    long bySend = load.perfectCount(c.hotSent());
    long byAnswer = load.perfectCount(c.hotAnswered());
    long firstWaitNanos = Math.max(0, min(c.hotAnswered()) - min(c.hotSent()));
    long widening = (long) Math.ceil(load.hotQps() * firstWaitNanos / 1e9);
    double low = Math.min(bySend, byAnswer) - widening;
    double high = Math.max(bySend, byAnswer) + widening;
    String report = String.format("%s: %s admitted %d of %d offered (exact count: %d by send times, %d by answer "
            + "times, ±%d for the first answer's %d ms), 429s %d; %s admitted %d, 429s %d; other answers %d", setup,
        load.hotKey(), c.hotOk(), load.hotOffered(), bySend, byAnswer, widening, firstWaitNanos / 1_000_000,
        c.hot429(), load.calmKey(), c.calmOk(), c.calm429(), c.other());
    System.out.println("[accuracy] " + report);
    for (GatewayProcess p : processes) { // a Redis failure would show here (and explain a miss)
      p.output().lines().filter(l -> l.contains("rate limiter")).forEach(l -> System.out.println("[accuracy]   " + l));
    }
    return new Result(c, low, high, report);
  }

  private static long min(long[] times) {
    return java.util.Arrays.stream(times).min().orElse(0);
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
        .map(r -> {
          // A store error is HTTP 200 in plugNmeet's envelope, after the limiter admitted the request: an
          // admission, counted apart as well (only an outage of Redis may cause one).
          if (r.statusCode() == 200 && r.bodyAsString().contains("INTERNAL_SERVER_ERROR")) {
            STORE_ERRORS.incrementAndGet();
          }
          return r.statusCode();
        })
        .otherwise(-1);
  }

  /** Offers the hot tenant overload×qps and the calm one qps/2 for SECONDS, round-robin over {@code ports}; completes when all answered. */
  private static Future<Counts> offer(WebClient web, List<Integer> ports, Load load) {
    String hotSig = PlugNmeetTestClient.sign(load.hotSecret(), BODY);
    String calmSig = PlugNmeetTestClient.sign(load.calmSecret(), BODY);
    long hotTotal = load.hotOffered();
    long calmTotal = (long) load.calmQps() * SECONDS / 2;
    AtomicInteger hotOk = new AtomicInteger();
    AtomicInteger hot429 = new AtomicInteger();
    AtomicInteger calmOk = new AtomicInteger();
    AtomicInteger calm429 = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    AtomicInteger pending = new AtomicInteger();
    long[] hotSent = new long[(int) hotTotal]; // per hot request, on the client (one context: no races)
    long[] hotAnswered = new long[(int) hotTotal];
    Promise<Counts> done = Promise.promise();
    long[] sent = {0, 0};
    long durationNanos = SECONDS * 1_000_000_000L;
    Runnable finish = () -> done.tryComplete(new Counts(hotOk.get(), hot429.get(), calmOk.get(), calm429.get(),
        other.get(), hotSent, hotAnswered));
    vertx.runOnContext(v -> {
      long start = System.nanoTime();
      vertx.setPeriodic(2, timer -> {
        long elapsed = Math.min(System.nanoTime() - start, durationNanos);
        long hotDue = hotTotal * elapsed / durationNanos;
        long calmDue = calmTotal * elapsed / durationNanos;
        while (sent[0] < hotDue) {
          int index = (int) sent[0];
          int port = ports.get((int) (sent[0]++ % ports.size()));
          pending.incrementAndGet();
          hotSent[index] = System.nanoTime();
          send(web, port, load.hotKey(), hotSig).onSuccess(status -> {
            hotAnswered[index] = System.nanoTime();
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
