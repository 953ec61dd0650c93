package io.roomgate.livekit;

import io.roomgate.config.LiveKitConfig;
import io.roomgate.livekit.sim.LiveKitSimulator;
import io.roomgate.livekit.sim.SimulatorOptions;
import io.roomgate.testsupport.FreePorts;
import io.roomgate.testsupport.TestJwt;
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

import java.util.List;
import java.util.Map;

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
    return new LiveKitClient(vertx, new LiveKitConfig(url, KEY, secret, 0, 4, 500, timeoutMs, 600, 0), url);
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
      assertEquals(LiveKitException.UNAVAILABLE, e.twirpCode());
      assertTrue(e.transientFailure());
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
