package io.roomgate;

import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.testsupport.TestConfigs;
import io.roomgate.testsupport.WebhookReceiverServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, point 4: SIGTERM under load loses nothing. Two gateway processes share one Redis; a client that behaves
 * like a load balancer (it sends a request to the other gateway only when a connection is refused, or reset before
 * any answer on a connection it had not used before: nothing was processed then) offers hot reads
 * and room creates to both, and gateway A gets SIGTERM mid-run. A must answer {@code /ready} with 503 at once, keep
 * serving through its drain, stop accepting, and exit by itself within drain + 5 s; no request may fail, and every
 * room created gets its {@code room_created} webhook (the Redis queue hands A's undelivered events to B).
 */
class GracefulDrainIT {
  private static final long DRAIN_SECONDS = 3;
  private static final long RUN_MILLIS = 12_000;
  private static final long SIGTERM_AT_MILLIS = 3_000;
  private static final int READS_PER_SECOND = 300;
  private static final int CREATES_PER_SECOND = 20;

  private final AtomicInteger ok = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger movedOn = new AtomicInteger();
  private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Set<String> created = ConcurrentHashMap.newKeySet();

  @Test
  void sigtermUnderLoadFailsNoRequestAndLosesNoWebhook() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (RedisServerProcess redis = RedisServerProcess.start();
         WebhookReceiverServer receiver = WebhookReceiverServer.start(vertx)) {
      TestConfigs.GatewayYaml a = config(redis, receiver);
      TestConfigs.GatewayYaml b = config(redis, receiver);
      GatewayProcess gatewayA = GatewayProcess.withConfig(a.yaml());
      try (GatewayProcess gatewayB = GatewayProcess.withConfig(b.yaml())) {
        HttpClient web = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(16));
        PlugNmeetTestClient setup = new PlugNmeetTestClient(vertx, b.apiPort(), TestConfigs.ACME_KEY,
            TestConfigs.ACME_SECRET);
        assertTrue(setup.call("create", room("drain-hot")).getBoolean("status"));
        int[] ports = {a.apiPort(), b.apiPort()};
        warmUp(web, ports); // a cold start has its own test; this one is about the stop

        long[] sigtermAt = {0};
        List<Integer> readyAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread terminator = new Thread(() -> {
          try {
            Thread.sleep(SIGTERM_AT_MILLIS);
            sigtermAt[0] = System.nanoTime();
            new ProcessBuilder("kill", "-TERM", Long.toString(gatewayA.pid())).start().waitFor();
            WebClient probe = WebClient.create(vertx);
            long until = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < until) {
              readyAnswers.add(probe.get(a.managementPort(), "127.0.0.1", "/ready").send()
                  .map(r -> r.statusCode()).otherwise(-1).await());
              Thread.sleep(50);
            }
          } catch (Exception e) {
            failures.add("terminator: " + e);
          }
        }, "sigterm");
        terminator.start();

        offer(vertx, web, ports).await();
        terminator.join();
        int exit = gatewayA.awaitExit();
        long exitedAfterMillis = (gatewayA.exitedAtNanos() - sigtermAt[0]) / 1_000_000;
        String report = "ok " + ok + ", failed " + failed + ", moved to the other gateway " + movedOn
            + ", rooms created " + created.size() + ", A exited " + exit + " after " + exitedAfterMillis
            + " ms, /ready after SIGTERM " + readyAnswers + "; failures " + failures.subList(0,
            Math.min(5, failures.size())) + "\nA's output:\n" + gatewayA.output();
        System.out.println("[drain] " + report.lines().findFirst().orElse(""));
        assertEquals(0, failed.get(), report);
        assertTrue(movedOn.get() > 0, "A stopped accepting during the run: " + report);
        // kill returns before the JVM has taken the signal, so a probe may still see 200 first; from the first 503
        // on (within the one second of probing, long before the listener stops) it must stay 503
        int first503 = readyAnswers.indexOf(503);
        assertTrue(first503 >= 0, "/ready says 503 after SIGTERM: " + report);
        assertTrue(readyAnswers.subList(first503, readyAnswers.size()).stream().allMatch(s -> s == 503 || s == -1),
            "/ready stays 503: " + report);
        assertTrue(exitedAfterMillis < (DRAIN_SECONDS + 5) * 1000, report);
        assertTrue(gatewayA.output().contains("drained and closed"), report);

        Eventually.await("a room_created webhook for each of " + created.size() + " rooms",
            () -> created.stream().allMatch(id -> receiver.events("/hook", id).contains("room_created")), 30_000);
        web.close();
      } finally {
        gatewayA.kill();
      }
    } finally {
      vertx.close().await();
    }
  }

  private static TestConfigs.GatewayYaml config(RedisServerProcess redis, WebhookReceiverServer receiver) {
    // A generous Redis deadline: this test is about the stop; a loaded machine's slow Redis answer is another matter
    // (RateLimitAccuracyIT and RedisOutageIT keep the default).
    TestConfigs.GatewayYaml base = TestConfigs.gateway(redis.url(), null);
    // A generous LiveKit deadline too: a create on a loaded machine may take longer than the tests' usual 2 s.
    base = new TestConfigs.GatewayYaml(base.yaml().replace("request_timeout_ms: 2000", "request_timeout_ms: 8000"),
        base.apiPort(), base.managementPort(), base.liveKitPort());
    return base
        .withRedis("timeout_ms: 5000")
        .withAcmeWebhook(receiver.url("/hook"))
        .withSection("webhooks: {backoff_initial_ms: 50, backoff_max_ms: 200, allow_networks: [127.0.0.0/8]}")
        .withServer("drain_seconds: " + DRAIN_SECONDS)
        .withTenantLine("acme", "rate_limit: {qps: 100000}");
  }

  private static JsonObject room(String id) {
    return new JsonObject().put("room_id", id).put("metadata",
        new JsonObject().put("room_title", "drain").put("room_features", new JsonObject()));
  }

  private void warmUp(HttpClient web, int[] ports) {
    byte[] read = new JsonObject().put("room_id", "drain-hot").encode().getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < 20; round++) {
      List<Future<JsonObject>> all = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        all.add(attempt(web, ports[i % 2], "getActiveRoomInfo", read).map(Answer::body));
      }
      Future.join(all).otherwiseEmpty().await();
    }
  }

  /** Reads and creates, paced by the clock, alternating between the gateways; completes when all answered. */
  private Future<Void> offer(Vertx vertx, HttpClient web, int[] ports) {
    Promise<Void> done = Promise.promise();
    AtomicInteger pending = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean allSent = new java.util.concurrent.atomic.AtomicBoolean();
    long[] sent = {0, 0};
    byte[] read = new JsonObject().put("room_id", "drain-hot").encode().getBytes(StandardCharsets.UTF_8);
    vertx.runOnContext(v -> {
      long start = System.nanoTime();
      vertx.setPeriodic(5, timer -> {
        long elapsed = Math.min((System.nanoTime() - start) / 1_000_000, RUN_MILLIS);
        while (sent[0] < READS_PER_SECOND * elapsed / 1000) {
          pending.incrementAndGet();
          send(web, ports, (int) (sent[0]++ % 2), "getActiveRoomInfo", read, null)
              .onComplete(x -> finishIfLast(pending, allSent, done));
        }
        while (sent[1] < CREATES_PER_SECOND * elapsed / 1000) {
          String id = "drain-" + sent[1];
          byte[] body = room(id).encode().getBytes(StandardCharsets.UTF_8);
          pending.incrementAndGet();
          send(web, ports, (int) (sent[1]++ % 2), "create", body, id)
              .onComplete(x -> finishIfLast(pending, allSent, done));
        }
        if (elapsed == RUN_MILLIS) {
          vertx.cancelTimer(timer);
          allSent.set(true);
          if (pending.get() == 0) {
            done.tryComplete();
          }
        }
      });
    });
    return done.future();
  }

  private static void finishIfLast(AtomicInteger pending, java.util.concurrent.atomic.AtomicBoolean allSent,
                                   Promise<Void> done) {
    if (pending.decrementAndGet() == 0 && allSent.get()) {
      done.tryComplete();
    }
  }

  /** An answer's body, or why there was none and whether the connection was one not used before. */
  private record Answer(int port, JsonObject body, Throwable failure, boolean freshConnection) {
    /**
     * Nothing can have been processed: the connection was refused, or a new one was reset or closed before any
     * answer (a listener that stops accepting closes the connections it accepted but has not read from; one that
     * read a request answers it first).
     */
    boolean unprocessed() {
      // A kept-alive connection the stopping listener closes while idle races a request the client writes on it
      // at that instant (HTTP/1.1's known keep-alive race): the gateway never read it, so it is retried like one on
      // a fresh connection. A request the gateway had read is answered first (requests in flight finish).
      return failure instanceof ConnectException || (failure != null
          && (failure instanceof io.vertx.core.http.HttpClosedException
          || String.valueOf(failure.getMessage()).contains("reset")));
    }
  }

  /**
   * One request as a load balancer sends it: to {@code ports[first]}, and to the other gateway only when nothing
   * can have been processed (so nothing can happen twice).
   */
  private Future<Void> send(HttpClient web, int[] ports, int first, String api, byte[] body, String createdRoom) {
    return attempt(web, ports[first], api, body).compose(a -> {
      if (a.unprocessed()) {
        movedOn.incrementAndGet();
        return attempt(web, ports[1 - first], api, body);
      }
      return Future.succeededFuture(a);
    }).map(a -> {
      if (a.failure() == null && a.body().getBoolean("status", false)) {
        ok.incrementAndGet();
        if (createdRoom != null) {
          created.add(createdRoom);
        }
      } else {
        failed.incrementAndGet();
        failures.add(java.time.Instant.now() + " " + api + " on port " + a.port() + ": "
            + (a.failure() == null ? a.body().encode() : String.valueOf(a.failure())));
      }
      return null;
    });
  }

  private final Set<HttpConnection> connectionsSeen = ConcurrentHashMap.newKeySet();

  /** One try; never fails: the outcome is in the {@link Answer}. */
  private Future<Answer> attempt(HttpClient web, int port, String api, byte[] body) {
    boolean[] fresh = {false};
    return web.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
            .setURI("/auth/room/" + api).setIdleTimeout(10_000)) // no answer in 10 s is a failure, not a hang
        .compose(req -> {
          fresh[0] = connectionsSeen.add(req.connection());
          return req.putHeader("Content-Type", "application/json")
              .putHeader("API-KEY", TestConfigs.ACME_KEY)
              .putHeader("HASH-SIGNATURE", PlugNmeetTestClient.sign(TestConfigs.ACME_SECRET, body))
              .send(Buffer.buffer(body))
              .compose(resp -> resp.body());
        })
        .map(b -> new Answer(port, new JsonObject(b), null, false))
        .otherwise(e -> new Answer(port, null, e, fresh[0]));
  }
}
