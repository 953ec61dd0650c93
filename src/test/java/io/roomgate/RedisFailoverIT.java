package io.roomgate;

import io.roomgate.config.ConfigLoader;
import io.roomgate.redis.RedisKeys;
import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.RedisClusterProcess;
import io.roomgate.testsupport.RedisSentinelProcess;
import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.testsupport.TestConfigs;
import io.roomgate.testsupport.WebhookReceiverServer;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14, point 3: a Redis master lost under load, four ways: killed (SIGKILL) in a 3-master / 3-replica cluster,
 * switched by {@code CLUSTER FAILOVER}, switched by {@code SENTINEL FAILOVER}, and killed under Sentinel. The gateway
 * (in this JVM, with the default {@code redis.timeout_ms} of 250) follows the new master without a restart:
 * <ul>
 *   <li>every request is answered, failures with a clear "... unavailable" message, none hangs;</li>
 *   <li>creates work again within 10 s of the master's death (every create sent from then on succeeds);</li>
 *   <li>rooms created before the loss and every acknowledged create's {@code room_created} webhook survive it;</li>
 *   <li>tenant {@code limited} (qps 50), offered twice that throughout, is admitted within ±10 % of what an exact
 *       token bucket admits of the same requests.</li>
 * </ul>
 * On the cluster, the lost master is the one that holds tenant {@code acme}'s rooms and {@code limited}'s bucket.
 */
class RedisFailoverIT {
  private static final long RUN_MILLIS = 16_000;
  private static final long EVENT_AT_MILLIS = 3_000;
  private static final long CREATES_BACK_WITHIN_MILLIS = 10_000;
  private static final int READS_PER_SECOND = 100;
  private static final int CREATES_PER_SECOND = 10;
  private static final int LIMIT_QPS = 50;
  private static final int LIMITED_PER_SECOND = 2 * LIMIT_QPS;
  private static final double LIMIT_TOLERANCE = 0.10;
  private static final String LIMITED_KEY = "limited-key";
  private static final String LIMITED_SECRET = "limited-secret-0123456789";

  private record Outcome(String api, long sentAt, long answeredAt, int status, boolean ok, String answer) {
  }

  private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
  private final List<String> created = new CopyOnWriteArrayList<>();
  private Vertx vertx;

  @BeforeEach
  void up() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void down() {
    vertx.close().await();
  }

  @Test
  void clusterMasterKilled() throws Exception {
    try (RedisClusterProcess cluster = RedisClusterProcess.start("cluster-data-password")) {
      String limited = sameMasterAs(cluster);
      run("cluster, master killed", cluster.yaml(), limited, () -> cluster.masterOf(RedisKeys.active("acme")).kill());
    }
  }

  @Test
  void clusterFailover() throws Exception {
    try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
      String limited = sameMasterAs(cluster);
      run("cluster, CLUSTER FAILOVER", cluster.yaml(), limited,
          () -> cluster.failover(cluster.masterOf(RedisKeys.active("acme"))));
    }
  }

  @Test
  void sentinelFailover() throws Exception {
    try (RedisSentinelProcess sentinel = RedisSentinelProcess.start("sentinel-data-password")) {
      run("sentinel, SENTINEL FAILOVER", sentinel.yaml(), "limited", sentinel::failover, () -> false);
    }
  }

  @Test
  void sentinelMasterKilled() throws Exception {
    try (RedisSentinelProcess sentinel = RedisSentinelProcess.start("sentinel-data-password")) {
      // one promotion: what the new master acknowledged survives; two raced: only what was acknowledged before
      run("sentinel, master killed", sentinel.yaml(), "limited", () -> sentinel.master().kill(),
          () -> sentinel.promotions() <= 1);
    }
  }

  /** A tenant id whose rate-limit bucket is on the master that holds acme's rooms. */
  private static String sameMasterAs(RedisClusterProcess cluster) {
    RedisServerProcess acme = cluster.masterOf(RedisKeys.active("acme"));
    for (int i = 0; ; i++) {
      String id = "limited" + i;
      if (cluster.masterOf(RedisKeys.rateLimit(id, "app")).port() == acme.port()) {
        return id;
      }
    }
  }

  private void run(String setup, String redisYaml, String limitedTenant, Runnable event) throws Exception {
    run(setup, redisYaml, limitedTenant, event, () -> true);
  }

  /**
   * @param writesDuringSwitchSurvive false for {@code SENTINEL FAILOVER}: the old master keeps accepting writes
   *     between the replica's promotion and its own demotion (about a second), and Redis discards them when it
   *     re-syncs from the new master (replication is asynchronous and Sentinel does not pause clients, unlike
   *     {@code CLUSTER FAILOVER}); then only what was acknowledged before the switch began must survive. The same
   *     after a killed master when two sentinels' failovers raced ({@link RedisSentinelProcess#promotions}): the
   *     replica promoted first acknowledges writes until it is demoted again. Asked after the run.
   */
  private void run(String setup, String redisYaml, String limitedTenant, Runnable event,
                   BooleanSupplier writesDuringSwitchSurvive) throws Exception {
    try (WebhookReceiverServer receiver = WebhookReceiverServer.start(vertx)) {
      String yaml = TestConfigs.gateway(redisYaml, null)
          .withAcmeWebhook(receiver.url("/hook"))
          .withTenantLine("acme", "rate_limit: {qps: 100000}")
          .yaml()
          + "  - id: " + limitedTenant + "\n    rate_limit: {qps: " + LIMIT_QPS + "}\n"
          + "    plugnmeet: {api_key: " + LIMITED_KEY + ", api_secret: " + LIMITED_SECRET + "}\n"
          + "webhooks: {backoff_initial_ms: 50, backoff_max_ms: 500, allow_networks: [127.0.0.0/8]}\n";
      Gateway gateway = Gateway.start(vertx, ConfigLoader.parse(yaml)).await();
      try {
        int port = gateway.apiPort();
        PlugNmeetTestClient acme = new PlugNmeetTestClient(vertx, port, TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET);
        // the first commands of a fresh client also open its connections (seconds on a cold cluster client)
        Eventually.await("the first room created", () -> acme.call("create", room("hot")).getBoolean("status"));
        WebClient web = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(32));
        long[] eventAt = {0};
        long start = System.nanoTime();
        Thread chaos = new Thread(() -> {
          try {
            Thread.sleep(EVENT_AT_MILLIS);
            eventAt[0] = (System.nanoTime() - start) / 1_000_000;
            event.run();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "redis-chaos");
        chaos.start();
        offer(web, port, start).await();
        chaos.join();
        long lostAt = eventAt[0];

        long failed = outcomes.stream().filter(o -> !o.ok() && o.status() != 429).count();
        long worst = outcomes.stream().mapToLong(o -> o.answeredAt() - o.sentAt()).max().orElse(0);
        long createsBackAfter = outcomes.stream().filter(o -> o.api().equals("create") && o.sentAt() >= lostAt)
            .filter(o -> outcomes.stream().noneMatch(l -> l.api().equals("create") && !l.ok() && l.sentAt() >= o.sentAt()))
            .mapToLong(Outcome::sentAt).min().orElse(Long.MAX_VALUE) - lostAt;
        List<String> unclear = outcomes.stream().filter(o -> !o.ok() && o.status() != 429
                && !o.answer().contains("unavailable"))
            .map(o -> o.api() + ": " + o.answer()).distinct().toList();
        long[] limitedSent = outcomes.stream().filter(o -> o.api().equals("limited")).mapToLong(Outcome::sentAt).toArray();
        long[] limitedAnswered = outcomes.stream().filter(o -> o.api().equals("limited"))
            .mapToLong(Outcome::answeredAt).toArray();
        long admitted = outcomes.stream().filter(o -> o.api().equals("limited") && o.status() == 200).count();
        long exactLow = Math.min(perfect(limitedSent), perfect(limitedAnswered));
        long exactHigh = Math.max(perfect(limitedSent), perfect(limitedAnswered));
        double error = admitted < exactLow ? (admitted - exactLow) / (double) exactLow
            : admitted > exactHigh ? (admitted - exactHigh) / (double) exactHigh : 0;
        String report = String.format("%s: %d requests, %d failed (master lost at %d ms), slowest answer %d ms;"
                + " creates all succeed from %d ms after the loss; limiter admitted %d, exact %d..%d (error %+.1f%%);"
                + " rooms created %d", setup, outcomes.size(), failed, lostAt, worst, createsBackAfter, admitted,
            exactLow, exactHigh, 100 * error, created.size());
        System.out.println("[failover] " + report);
        outcomes.stream().filter(o -> !o.ok() && o.status() != 429).map(o -> o.api() + ": " + o.answer()).distinct()
            .limit(5).forEach(a -> System.out.println("[failover]   failure: " + a));
        outcomes.stream().sorted((a, b) -> Long.compare(b.answeredAt() - b.sentAt(), a.answeredAt() - a.sentAt()))
            .limit(5).forEach(o -> System.out.println("[failover]   slowest: " + o.api() + " sent at " + o.sentAt()
                + " ms, " + (o.answeredAt() - o.sentAt()) + " ms: " + o.answer()));
        outcomes.stream().filter(o -> o.api().equals("create") && !o.ok()).mapToLong(Outcome::sentAt).max()
            .ifPresent(t -> System.out.println("[failover]   last failed create sent at " + t + " ms"));

        assertEquals((READS_PER_SECOND + CREATES_PER_SECOND + LIMITED_PER_SECOND) * RUN_MILLIS / 1000, outcomes.size(),
            "every request answered: " + report);
        assertTrue(worst <= 10_000, "no request waited more than 10 s: " + report);
        assertEquals(List.of(), unclear, "every failure says what is unavailable: " + report);
        assertTrue(createsBackAfter <= CREATES_BACK_WITHIN_MILLIS, report);
        assertTrue(Math.abs(error) <= LIMIT_TOLERANCE, "limiter within ±10 %: " + report);
        assertTrue(acme.call("getActiveRoomInfo", new JsonObject().put("room_id", "hot")).getBoolean("status"),
            "a room created before the loss survives it");
        List<String> before = outcomes.stream()
            .filter(o -> o.api().equals("create") && o.ok() && o.answeredAt() < lostAt - 500)
            .map(Outcome::answer).toList();
        // (on a starved machine no create may have been answered that early: then the hot room above is the check)
        for (String id : before) {
          assertTrue(acme.call("getActiveRoomInfo", new JsonObject().put("room_id", id)).getBoolean("status"),
              id + " created before the loss survives it: " + report);
        }
        boolean switchWritesSurvive = writesDuringSwitchSurvive.getAsBoolean();
        if (!switchWritesSurvive) {
          System.out.println("[failover]   writes acknowledged during the switch need not survive it (see the setup)");
        }
        List<String> mustSurvive = outcomes.stream().filter(o -> o.api().equals("create") && o.ok()
            && (switchWritesSurvive || o.answeredAt() < lostAt)).map(Outcome::answer).toList();
        try {
          Eventually.await("a room_created webhook for each of " + mustSurvive.size() + " rooms created",
              () -> mustSurvive.stream().allMatch(id -> receiver.events("/hook", id).contains("room_created")), 30_000);
          System.out.println("[failover]   room_created delivered for " + created.stream()
              .filter(id -> receiver.events("/hook", id).contains("room_created")).count() + " of " + created.size());
        } catch (AssertionError e) {
          List<String> missing = outcomes.stream().filter(o -> o.api().equals("create") && o.ok()
                  && !receiver.events("/hook", o.answer()).contains("room_created"))
              .map(o -> o.answer() + "@" + o.sentAt() + "-" + o.answeredAt()).toList();
          throw new AssertionError("no room_created for " + missing + "; " + report, e);
        }
        web.close();
      } finally {
        gateway.close().await();
      }
    }
  }

  /** What an exact token bucket (qps = burst = LIMIT_QPS) admits of requests at these times (ms). */
  private static long perfect(long[] times) {
    long[] sorted = times.clone();
    java.util.Arrays.sort(sorted);
    double tokens = LIMIT_QPS;
    long last = sorted.length == 0 ? 0 : sorted[0];
    long admitted = 0;
    for (long t : sorted) {
      tokens = Math.min(LIMIT_QPS, tokens + (t - last) * LIMIT_QPS / 1000.0);
      last = t;
      if (tokens >= 1) {
        tokens -= 1;
        admitted++;
      }
    }
    return admitted;
  }

  private static JsonObject room(String id) {
    return new JsonObject().put("room_id", id).put("metadata",
        new JsonObject().put("room_title", "failover").put("room_features", new JsonObject()));
  }

  /** Reads, creates and limited-tenant requests, paced by the clock until RUN_MILLIS; completes when all answered. */
  private Future<Void> offer(WebClient web, int port, long start) {
    Promise<Void> done = Promise.promise();
    AtomicInteger pending = new AtomicInteger();
    boolean[] allSent = {false};
    long[] sent = {0, 0, 0};
    byte[] read = new JsonObject().put("room_id", "hot").encode().getBytes(StandardCharsets.UTF_8);
    byte[] limitedRead = new JsonObject().put("room_id", "none").encode().getBytes(StandardCharsets.UTF_8);
    Function<Future<Void>, Future<Void>> track = f -> f.onComplete(x -> {
      if (pending.decrementAndGet() == 0 && allSent[0]) {
        done.tryComplete();
      }
    });
    vertx.runOnContext(v -> vertx.setPeriodic(5, timer -> {
      long elapsed = Math.min((System.nanoTime() - start) / 1_000_000, RUN_MILLIS);
      while (sent[0] < READS_PER_SECOND * elapsed / 1000) {
        sent[0]++;
        pending.incrementAndGet();
        track.apply(send(web, port, "getActiveRoomInfo", "getActiveRoomInfo", read, TestConfigs.ACME_KEY,
            TestConfigs.ACME_SECRET, null, start));
      }
      while (sent[1] < CREATES_PER_SECOND * elapsed / 1000) {
        String id = "failover-" + sent[1]++;
        pending.incrementAndGet();
        track.apply(send(web, port, "create", "create", room(id).encode().getBytes(StandardCharsets.UTF_8),
            TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET, id, start));
      }
      while (sent[2] < LIMITED_PER_SECOND * elapsed / 1000) {
        sent[2]++;
        pending.incrementAndGet();
        track.apply(send(web, port, "limited", "isRoomActive", limitedRead, LIMITED_KEY, LIMITED_SECRET, null, start));
      }
      if (elapsed == RUN_MILLIS) {
        vertx.cancelTimer(timer);
        allSent[0] = true;
        if (pending.get() == 0) {
          done.tryComplete();
        }
      }
    }));
    return done.future();
  }

  private Future<Void> send(WebClient web, int port, String label, String api, byte[] body, String key, String secret,
                            String createdRoom, long start) {
    long sentAt = (System.nanoTime() - start) / 1_000_000;
    return web.request(HttpMethod.POST, new RequestOptions().setHost("127.0.0.1").setPort(port)
            .setURI("/auth/room/" + api).setIdleTimeout(10_000))
        .putHeader("Content-Type", "application/json")
        .putHeader("API-KEY", key)
        .putHeader("HASH-SIGNATURE", PlugNmeetTestClient.sign(secret, body))
        .sendBuffer(Buffer.buffer(body))
        .transform(ar -> {
          long answeredAt = (System.nanoTime() - start) / 1_000_000;
          int status = ar.succeeded() ? ar.result().statusCode() : -1;
          String answer = ar.succeeded() ? ar.result().bodyAsString() : String.valueOf(ar.cause());
          // the limited tenant reads a room that does not exist: an admitted request is a 200 "not found"
          boolean ok = status == 200 && (label.equals("limited") ? !answer.contains("unavailable")
              : ar.result().bodyAsJsonObject().getBoolean("status", false));
          outcomes.add(new Outcome(label, sentAt, answeredAt, status, ok, createdRoom != null && ok ? createdRoom : answer));
          if (ok && createdRoom != null) {
            created.add(createdRoom);
          }
          return Future.succeededFuture();
        });
  }
}
