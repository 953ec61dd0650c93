package io.roomgate.livekit;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.livekit.sim.LiveKitSimulator;
import io.roomgate.livekit.sim.SimulatorOptions;
import io.roomgate.testsupport.FreePorts;
import io.roomgate.testsupport.TestJwt;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.CreateRoomRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Twirp client against the simulator over real HTTP, and against servers that fail in the ways LiveKit can. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveKitClientTest {
  private static final String KEY = "clientkey";
  private static final String SECRET = "client-secret-0123456789abcdef0123456789";

  private Vertx vertx;
  private LiveKitSimulator sim;
  private String simUrl;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    sim = new LiveKitSimulator(new SimulatorOptions("127.0.0.1", 0, Map.of(KEY, SECRET)));
    vertx.deployVerticle(sim).await();
    simUrl = "http://127.0.0.1:" + sim.port();
  }

  @AfterAll
  void stop() {
    vertx.close().await();
  }

  private LiveKitClient client(String url, String secret, long timeoutMs) {
    return new LiveKitClient(vertx, ConfigBuilders.liveKit(url, KEY, secret, 0, 4, 500, timeoutMs, 600, 0), url,
        GatewayClock.SYSTEM);
  }

  @Test
  void createListAndDeleteOverProtobuf() {
    LiveKitClient lk = client(simUrl, SECRET, 2000);
    Room room = lk.createRoom(CreateRoomRequest.newBuilder().setName("t:r1").setEmptyTimeout(900)
        .setMaxParticipants(7).setMetadata("{\"a\":1}").build()).await();
    assertTrue(room.getSid().startsWith("RM_"));
    assertEquals(900, room.getEmptyTimeout());
    assertEquals(7, room.getMaxParticipants());
    assertEquals("{\"a\":1}", room.getMetadata());

    WebClient.create(vertx).post(sim.port(), "127.0.0.1", "/sim/rooms/t:r1/participants")
        .putHeader("Authorization", TestJwt.simAdmin(KEY, SECRET)).sendJsonObject(new JsonObject().put("identity", "ann")).await();
    List<ParticipantInfo> participants = lk.listParticipants("t:r1").await();
    assertEquals("ann", participants.get(0).getIdentity());
    assertEquals(List.of("t:r1"), lk.listRooms(List.of("t:r1")).await().stream().map(Room::getName).toList());
    assertEquals("{\"b\":2}", lk.updateRoomMetadata("t:r1", "{\"b\":2}").await().getMetadata());

    lk.deleteRoom("t:r1").await();
    assertTrue(lk.listRooms(List.of("t:r1")).await().isEmpty());
  }

  @Test
  void unknownRoomIsClassifiedNotFoundByTwirpCode() {
    LiveKitException e = failure(() -> client(simUrl, SECRET, 2000).deleteRoom("nope").await());
    assertEquals("not_found", e.twirpCode());
    assertEquals(404, e.httpStatus());
    assertTrue(e.notFound());
    assertFalse(e.transientFailure());
  }

  @Test
  void wrongSecretIsUnauthenticatedFromThePlainTextMiddleware() {
    LiveKitException e = failure(() -> client(simUrl, "another-secret-0123456789abcdef01234", 2000)
        .createRoom(CreateRoomRequest.newBuilder().setName("x").build()).await());
    assertEquals(401, e.httpStatus());
    assertEquals("unauthenticated", e.twirpCode());
    assertFalse(e.transientFailure());
  }

  @Test
  void nothingListeningIsUnavailable() {
    LiveKitException e = failure(() -> client("http://127.0.0.1:" + FreePorts.next(), SECRET, 2000)
        .listRooms(List.of()).await());
    assertEquals(0, e.httpStatus());
    assertTrue(e.transientFailure());
  }

  @Test
  void aServerThatNeverAnswersHitsTheDeadline() {
    // accepts the request and never responds
    HttpServer silent = vertx.createHttpServer().requestHandler(req -> { }).listen(0, "127.0.0.1").await();
    try {
      LiveKitException e = failure(() -> client("http://127.0.0.1:" + silent.actualPort(), SECRET, 200)
          .listRooms(List.of()).await());
      assertEquals(LiveKitException.DEADLINE_EXCEEDED, e.twirpCode());
      assertTrue(e.transientFailure());
      assertTrue(e.outcomeUnknown(), "the request was sent: LiveKit may have acted on it");
    } finally {
      silent.close().await();
    }
  }

  @Test
  void intermediaryErrorsAreClassifiedByStatus() {
    HttpServer proxy = vertx.createHttpServer()
        .requestHandler(req -> req.response().setStatusCode(503).end("upstream connect error"))
        .listen(0, "127.0.0.1").await();
    try {
      LiveKitException e = failure(() -> client("http://127.0.0.1:" + proxy.actualPort(), SECRET, 2000)
          .listRooms(List.of()).await());
      assertEquals(503, e.httpStatus());
      assertEquals("unavailable", e.twirpCode());
    } finally {
      proxy.close().await();
    }
  }

  /** A client with a small breaker: opens after 3 failures, probes after {@code resetMs}. */
  private LiveKitClient breakerClient(String url, long timeoutMs, long resetMs, int retries) {
    return new LiveKitClient(vertx, ConfigBuilders.liveKit(url, KEY, SECRET, 0, 4, 500, timeoutMs, 600, 0,
        3, resetMs, retries, 5, 0), url, GatewayClock.SYSTEM);
  }

  /** A server that answers 503 while {@code failing} is set, else an empty ListRooms, and counts what reaches it. */
  private HttpServer flaky(AtomicReference<Boolean> failing, AtomicInteger hits) {
    return vertx.createHttpServer().requestHandler(req -> {
      hits.incrementAndGet();
      if (failing.get()) {
        req.response().setStatusCode(503).end("upstream connect error");
      } else {
        req.response().putHeader("Content-Type", "application/protobuf").end();
      }
    }).listen(0, "127.0.0.1").await();
  }

  @Test
  void theBreakerOpensAfterConsecutiveFailuresFailsFastAndClosesOnAProbe() {
    AtomicReference<Boolean> failing = new AtomicReference<>(true);
    AtomicInteger hits = new AtomicInteger();
    HttpServer server = flaky(failing, hits);
    String url = "http://127.0.0.1:" + server.actualPort();
    LiveKitClient client = breakerClient(url, 2000, 60_000, 0);
    try {
      for (int i = 0; i < 3; i++) { // failures 1..3 reach the server, the third opens the breaker
        assertEquals(503, failure(() -> client.listRooms(List.of()).await()).httpStatus());
      }
      assertEquals(3, hits.get());
      assertEquals("open", client.circuitState());
      assertTrue(client.circuitOpen());
      LiveKitException fast = failure(() -> client.createRoom(CreateRoomRequest.newBuilder().setName("r").build())
          .await());
      assertTrue(fast.circuitOpen());
      assertTrue(fast.transientFailure(), "rendered as 'LiveKit unavailable'");
      assertTrue(fast.notSent());
      assertEquals(3, hits.get(), "an open breaker sends nothing");
    } finally {
      client.close().await();
      server.close().await();
    }
  }

  @Test
  void halfOpenLetsOneProbeThroughAndItsSuccessClosesTheBreaker() {
    AtomicReference<Boolean> failing = new AtomicReference<>(true);
    AtomicInteger hits = new AtomicInteger();
    HttpServer server = flaky(failing, hits);
    String url = "http://127.0.0.1:" + server.actualPort();
    LiveKitClient client = breakerClient(url, 2000, 100, 0);
    try {
      for (int i = 0; i < 3; i++) {
        failure(() -> client.listRooms(List.of()).await());
      }
      assertTrue(client.circuitOpen());
      failing.set(false); // LiveKit is back
      io.roomgate.testsupport.Eventually.await("the breaker half-opens after breaker_reset_ms",
          () -> "half_open".equals(client.circuitState()));
      assertEquals(List.of(), client.listRooms(List.of()).await(), "the probe goes through");
      assertEquals("closed", client.circuitState());
      assertEquals(4, hits.get());
    } finally {
      client.close().await();
      server.close().await();
    }
  }

  @Test
  void aFailedProbeOpensTheBreakerAgain() {
    AtomicReference<Boolean> failing = new AtomicReference<>(true);
    AtomicInteger hits = new AtomicInteger();
    HttpServer server = flaky(failing, hits);
    String url = "http://127.0.0.1:" + server.actualPort();
    LiveKitClient client = breakerClient(url, 2000, 100, 0);
    try {
      for (int i = 0; i < 3; i++) {
        failure(() -> client.listRooms(List.of()).await());
      }
      io.roomgate.testsupport.Eventually.await("half-open", () -> "half_open".equals(client.circuitState()));
      assertEquals(503, failure(() -> client.listRooms(List.of()).await()).httpStatus());
      assertEquals("open", client.circuitState());
    } finally {
      client.close().await();
      server.close().await();
    }
  }

  @Test
  void idempotentCallsAreRetriedAndCreateRoomIsNot() {
    AtomicInteger hits = new AtomicInteger();
    AtomicInteger failFirst = new AtomicInteger(2);
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      hits.incrementAndGet();
      if (failFirst.getAndDecrement() > 0) {
        req.response().setStatusCode(503).end();
      } else {
        req.response().putHeader("Content-Type", "application/protobuf").end();
      }
    }).listen(0, "127.0.0.1").await();
    String url = "http://127.0.0.1:" + server.actualPort();
    LiveKitClient client = breakerClient(url, 5000, 60_000, 2);
    try {
      assertEquals(List.of(), client.listRooms(List.of()).await(), "the third attempt answers");
      assertEquals(3, hits.get());
      assertEquals("closed", client.circuitState(), "a success resets the failure count");

      hits.set(0);
      failFirst.set(1);
      LiveKitException e = failure(() -> client.createRoom(CreateRoomRequest.newBuilder().setName("r").build())
          .await());
      assertEquals(503, e.httpStatus());
      assertEquals(1, hits.get(), "a CreateRoom that reached LiveKit is not repeated");
    } finally {
      client.close().await();
      server.close().await();
    }
  }

  @Test
  void aCallThatWaitedForAPooledConnectionPastItsDeadlineIsNeverSentAndDoesNotOpenTheBreaker() {
    AtomicInteger creates = new AtomicInteger();
    AtomicReference<io.vertx.core.http.HttpServerRequest> heldHealthCheck = new AtomicReference<>();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      if (req.path().equals("/")) {
        heldHealthCheck.set(req); // holds the client's only connection until the test answers it
      } else {
        creates.incrementAndGet();
        req.response().putHeader("Content-Type", "application/protobuf").end();
      }
    }).listen(0, "127.0.0.1").await();
    String url = "http://127.0.0.1:" + server.actualPort();
    // one pooled connection, 300 ms deadlines, a breaker that would open after 2 failures counted against the host
    LiveKitClient client = new LiveKitClient(vertx, ConfigBuilders.liveKit(url, KEY, SECRET, 0, 1, 500, 300, 600, 0,
        2, 60_000, 0, 5, 0), url, GatewayClock.SYSTEM);
    try {
      io.vertx.core.Future<Void> health = client.health(60_000);
      io.roomgate.testsupport.Eventually.await("the health check holds the connection",
          () -> heldHealthCheck.get() != null);
      List<io.vertx.core.Future<Room>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(client.createRoom(CreateRoomRequest.newBuilder().setName("r" + i).build()));
      }
      for (io.vertx.core.Future<Room> call : calls) {
        LiveKitException e = failure(call::await);
        assertEquals(LiveKitException.DEADLINE_EXCEEDED, e.twirpCode());
        assertTrue(e.queued(), "it never had a connection");
        assertTrue(e.notSent());
      }
      assertEquals("closed", client.circuitState(), "waiting for this gateway's own pool is not LiveKit's failure");
      heldHealthCheck.get().response().end("OK");
      health.await();
      // The pool serves waiters in order: once a fifth call has its answer, the four that waited have had the
      // connection after their deadline, and were reset unsent.
      assertEquals("", client.createRoom(CreateRoomRequest.newBuilder().setName("r4").build()).await().getName());
      assertEquals(1, creates.get(), "only the fifth CreateRoom reached the server");
    } finally {
      client.close().await();
      server.close().await();
    }
  }

  private static LiveKitException failure(Runnable call) {
    RuntimeException e = assertThrows(RuntimeException.class, call::run);
    Throwable t = e;
    while (t != null && !(t instanceof LiveKitException)) {
      t = t.getCause();
    }
    if (t == null) {
      throw new AssertionError("expected a LiveKitException", e);
    }
    return (LiveKitException) t;
  }
}
