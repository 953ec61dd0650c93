package io.roomgate.livekit;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.FreePorts;
import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TestConfigs;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import livekit.LivekitModels.Room;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LiveKit slow or down (issue 13, point 5), with the simulator as its own process: under a steady load of creates and
 * reads, the simulator is frozen (SIGSTOP) for a few seconds and resumed (SIGCONT), later killed (SIGKILL) and
 * started again on the same port. Asserted from the client's side: every answer within the deadline (plus slack for a
 * busy machine), outages answered as "LiveKit is unavailable", reads the store can answer always answered, creates
 * succeeding again within 2 s of LiveKit's return, and in the end no half-created room: LiveKit and the store hold the
 * same rooms, and every room answered as created is in both.
 */
class LiveKitOutageIT {
  private static final Logger LOG = Logger.getLogger(LiveKitOutageIT.class.getName());
  private static final long DEADLINE_MS = 2000;   // TestConfigs' livekit.request_timeout_ms
  private static final long SLACK_MS = 1500;      // a busy 2-core machine: scheduling, GC, the client's own loop
  /**
   * Point 5 asks for calls to succeed again within 2 s of LiveKit's return; asserted with the same slack, since a
   * restarted simulator is a cold JVM whose first answers are slow on a busy machine. The README has the figures.
   */
  private static final long RECOVERY_MS = 2000 + SLACK_MS;

  private final List<GatewayProcess> processes = new ArrayList<>();
  private Vertx vertx;

  /** One answered request, as the client saw it. */
  private record Answer(String op, String roomId, long startNanos, long endNanos, boolean status, String msg) {
    long millis() {
      return TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
    }
  }

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (GatewayProcess p : processes) {
      p.close();
    }
    vertx.close().await();
  }

  private GatewayProcess startSimulator(int port) throws Exception {
    GatewayProcess sim = GatewayProcess.start("livekit-sim", "--port", Integer.toString(port),
        "--api-key", TestConfigs.LIVEKIT_KEY, "--api-secret", TestConfigs.LIVEKIT_SECRET);
    processes.add(sim);
    sim.awaitReady();
    return sim;
  }

  @Test
  void stoppedAndKilledLiveKitUnderLoad() throws Exception {
    int simPort = FreePorts.next();
    String simUrl = "http://127.0.0.1:" + simPort;
    GatewayProcess sim = startSimulator(simPort);
    TestConfigs.GatewayYaml config = TestConfigs.gateway(null, simUrl)
        .withLiveKit("presence_max_age_ms: 1000")
        .withLiveKit("reconcile_interval_ms: 2000")
        .withTenantLine("acme", "rate_limit: {qps: 100000}");
    GatewayProcess gateway = GatewayProcess.withConfig(config.yaml());
    processes.add(gateway);

    WebClient web = WebClient.create(vertx, new WebClientOptions(), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(32));
    PlugNmeetTestClient setup = new PlugNmeetTestClient(vertx, config.apiPort(), TestConfigs.ACME_KEY,
        TestConfigs.ACME_SECRET);
    List<String> known = List.of("known0", "known1", "known2");
    for (String id : known) { // setup, not under test: a cold simulator on a busy machine may miss a deadline
      Eventually.await("room " + id + " created", () -> setup.call("create", createBody(id)).getBoolean("status"),
          30_000);
    }

    ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger seq = new AtomicInteger();
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < 6; i++) { // creates of new rooms
      loops.add(loop(running, () -> call(web, config.apiPort(), "create", "load" + seq.incrementAndGet(), answers)));
    }
    for (int i = 0; i < 3; i++) { // reads the store can answer
      String id = known.get(i);
      loops.add(loop(running, () -> call(web, config.apiPort(), "getActiveRoomInfo", id, answers)));
      loops.add(loop(running, () -> call(web, config.apiPort(), "isRoomActive", id, answers)));
    }

    Thread.sleep(2000);
    long stoppedAt = System.nanoTime();
    signal(sim.pid(), "STOP");
    boolean sawOpen = false;
    for (int i = 0; i < 10 && !sawOpen; i++) {
      Thread.sleep(500);
      sawOpen = metrics(web, config.managementPort()).contains("state=\"open\"} 1.0");
    }
    Thread.sleep(Math.max(0, 6000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt)));
    signal(sim.pid(), "CONT");
    long resumedAt = System.nanoTime();
    Thread.sleep(4000);

    long killedAt = System.nanoTime(); // before the signal: creates started from here on may meet the kill
    sim.kill();
    Thread.sleep(3000);
    sim = startSimulator(simPort);
    long restartedAt = System.nanoTime();
    Thread.sleep(5000);
    running.set(false);
    Future.all(loops).await(30, TimeUnit.SECONDS);

    List<Answer> all = new ArrayList<>(answers);
    // 1. every answer within the deadline
    long maxMillis = all.stream().mapToLong(Answer::millis).max().orElse(0);
    List<Answer> late = all.stream().filter(a -> a.millis() > DEADLINE_MS + SLACK_MS).toList();
    // 2. reads the store can answer never fail
    List<Answer> failedReads = all.stream().filter(a -> !a.op().equals("create") && !a.status()).toList();
    // 3. failures say LiveKit is unavailable
    List<Answer> unclear = all.stream().filter(a -> !a.status() && !a.msg().contains("LiveKit is unavailable"))
        .toList();
    List<Answer> creates = all.stream().filter(a -> a.op().equals("create")).toList();
    long failedDuringStop = creates.stream().filter(a -> !a.status() && a.startNanos() >= stoppedAt
        && a.startNanos() < resumedAt).count();
    long fastDuringStop = creates.stream().filter(a -> !a.status() && a.startNanos() >= stoppedAt
        && a.startNanos() < resumedAt && a.millis() < 100).count();
    // 4. recovery: creates started after LiveKit's return
    long resumeRecovery = firstSuccessAfter(creates, resumedAt, killedAt);
    long restartRecovery = firstSuccessAfter(creates, restartedAt, Long.MAX_VALUE);
    long resumeLastFailure = lastFailureAfter(creates, resumedAt, killedAt);
    long restartLastFailure = lastFailureAfter(creates, restartedAt, Long.MAX_VALUE);
    List<Answer> failedAfterResume = creates.stream().filter(a -> !a.status()
        && a.startNanos() >= resumedAt + ms(RECOVERY_MS) && a.endNanos() < killedAt).toList();
    List<Answer> failedAfterRestart = creates.stream().filter(a -> !a.status()
        && a.startNanos() >= restartedAt + ms(RECOVERY_MS)).toList();

    String report = String.format("answers=%d creates=%d (failed during the stop: %d, of which under 100 ms: %d)"
            + " max answer %d ms; first create success %d ms after SIGCONT, %d ms after the restart; last failed create"
            + " started %d ms after SIGCONT, %d ms after the restart (-1: none); breaker seen open: %s",
        all.size(), creates.size(), failedDuringStop, fastDuringStop, maxMillis, resumeRecovery, restartRecovery,
        resumeLastFailure, restartLastFailure, sawOpen);
    LOG.info("LiveKitOutageIT: " + report);
    gateway.output().lines().filter(l -> l.contains("circuit breaker") || l.contains("reconciliation")
        || l.contains("failed to create room"))
        .forEach(l -> System.out.println("LiveKitOutageIT gateway: " + l));
    System.out.println("LiveKitOutageIT: " + report);
    assertTrue(late.isEmpty(), "answers over " + (DEADLINE_MS + SLACK_MS) + " ms: " + late.size() + "; " + report);
    assertTrue(failedReads.isEmpty(), "failed reads: " + failedReads.stream().limit(3).toList() + "; " + report);
    assertTrue(unclear.isEmpty(), "failures without 'LiveKit is unavailable': " + unclear.stream().limit(3).toList());
    assertTrue(failedDuringStop > 0, "the stop was noticed; " + report);
    assertTrue(fastDuringStop > 0, "the open breaker failed creates fast; " + report);
    assertTrue(sawOpen, "roomgate_livekit_circuit_state showed the open breaker");
    assertTrue(failedAfterResume.isEmpty(), "creates failed more than " + RECOVERY_MS + " ms after SIGCONT: "
        + failedAfterResume.stream().limit(3).toList() + "; " + report);
    assertTrue(failedAfterRestart.isEmpty(), "creates failed more than " + RECOVERY_MS + " ms after the restart: "
        + failedAfterRestart.stream().limit(3).toList() + "; " + report);

    // 5. no half-created room: LiveKit and the store hold the same rooms, and every room answered as created
    Set<String> answeredCreated = creates.stream().filter(Answer::status).map(Answer::roomId)
        .collect(Collectors.toSet());
    answeredCreated.addAll(known);
    LiveKitClient liveKit = new LiveKitClient(vertx, ConfigBuilders.liveKit(simUrl, TestConfigs.LIVEKIT_KEY,
        TestConfigs.LIVEKIT_SECRET, 0, 4, 1000, 5000, 600, 0), simUrl, GatewayClock.SYSTEM);
    AtomicInteger passes = new AtomicInteger();
    String[] last = new String[1];
    Eventually.await("LiveKit's rooms and the store's are one set", () -> {
      passes.incrementAndGet();
      Set<String> inLiveKit = liveKit.listRooms(List.of()).await().stream().map(Room::getName)
          .filter(n -> n.startsWith("acme:")).map(n -> n.substring("acme:".length())).collect(Collectors.toSet());
      Set<String> inStore = activeRoomIds(setup);
      Set<String> missingInStore = new HashSet<>(answeredCreated);
      missingInStore.removeAll(inStore);
      last[0] = "LiveKit " + inLiveKit.size() + ", store " + inStore.size() + ", answered created "
          + answeredCreated.size() + ", answered but not in the store " + missingInStore;
      return inLiveKit.equals(inStore) && missingInStore.isEmpty();
    }, 60_000);
    System.out.println("LiveKitOutageIT: consistent after " + passes.get() + " checks: " + last[0]);
    liveKit.close();
    setup.close();
    assertTrue(!gateway.output().contains("SEVERE"), gateway.output());
  }

  private static long ms(long millis) {
    return TimeUnit.MILLISECONDS.toNanos(millis);
  }

  private static long firstSuccessAfter(List<Answer> creates, long from, long until) {
    return creates.stream().filter(a -> a.status() && a.startNanos() >= from && a.startNanos() < until)
        .mapToLong(a -> TimeUnit.NANOSECONDS.toMillis(a.endNanos() - from)).min().orElse(-1);
  }

  private static long lastFailureAfter(List<Answer> creates, long from, long until) {
    return creates.stream().filter(a -> !a.status() && a.startNanos() >= from && a.startNanos() < until)
        .mapToLong(a -> TimeUnit.NANOSECONDS.toMillis(a.startNanos() - from)).max().orElse(-1);
  }

  private static Set<String> activeRoomIds(PlugNmeetTestClient client) {
    JsonObject answer = client.call("getActiveRoomsInfo", new JsonObject());
    Set<String> ids = new HashSet<>();
    JsonArray rooms = answer.getJsonArray("rooms", new JsonArray());
    for (int i = 0; i < rooms.size(); i++) {
      ids.add(rooms.getJsonObject(i).getJsonObject("room_info").getString("room_id"));
    }
    return ids;
  }

  private static JsonObject createBody(String id) {
    return new JsonObject().put("room_id", id)
        .put("metadata", new JsonObject().put("room_title", "t").put("room_features", new JsonObject()));
  }

  /** Repeats {@code step} until {@code running} is false, one at a time, 50 ms apart. */
  private Future<Void> loop(AtomicBoolean running, java.util.function.Supplier<Future<Void>> step) {
    Promise<Void> done = Promise.promise();
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      if (!running.get()) {
        done.tryComplete();
        return;
      }
      step.get().onComplete(ar -> vertx.setTimer(50, id -> next[0].run()));
    };
    vertx.runOnContext(v -> next[0].run());
    return done.future();
  }

  private Future<Void> call(WebClient web, int port, String api, String roomId,
                            ConcurrentLinkedQueue<Answer> answers) {
    JsonObject json = api.equals("create") ? createBody(roomId) : new JsonObject().put("room_id", roomId);
    byte[] body = json.encode().getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    return web.post(port, "127.0.0.1", "/auth/room/" + api)
        .putHeader("Content-Type", "application/json")
        .putHeader("API-KEY", TestConfigs.ACME_KEY)
        .putHeader("HASH-SIGNATURE", PlugNmeetTestClient.sign(TestConfigs.ACME_SECRET, body))
        .timeout(30_000)
        .sendBuffer(Buffer.buffer(body))
        .transform(ar -> {
          long end = System.nanoTime();
          if (ar.failed()) {
            answers.add(new Answer(api, roomId, start, end, false, "client: " + ar.cause()));
          } else {
            JsonObject r = ar.result().bodyAsJsonObject();
            answers.add(new Answer(api, roomId, start, end, r.getBoolean("status", false), r.getString("msg", "")));
          }
          return Future.succeededFuture();
        });
  }

  private static String metrics(WebClient web, int port) {
    return web.get(port, "127.0.0.1", "/metrics").send().await().bodyAsString();
  }

  private static void signal(long pid, String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name + " " + pid);
  }
}
