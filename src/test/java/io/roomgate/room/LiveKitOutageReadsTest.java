package io.roomgate.room;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.livekit.LiveKitClient;
import io.roomgate.livekit.sim.LiveKitSimulator;
import io.roomgate.livekit.sim.SimulatorOptions;
import io.roomgate.store.InMemoryPresenceStore;
import io.roomgate.store.InMemoryRoomStore;
import io.roomgate.testsupport.TestClock;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitRoom.CreateRoomRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the room side does while LiveKit is unavailable and after it returns: stale participant lists answered from
 * the store's presence at once and repaired in the background (not while the breaker is open), and {@link LiveKitReconciler} making LiveKit's rooms and
 * the store's one set again. Real HTTP against the simulator or a failing server; time from a {@link TestClock}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveKitOutageReadsTest {
  private static final String KEY = "outagekey";
  private static final String SECRET = "outage-secret-0123456789abcdef0123456789";
  private static final long NOW_MS = System.currentTimeMillis();

  private Vertx vertx;
  private String simUrl;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    LiveKitSimulator sim = new LiveKitSimulator(new SimulatorOptions("127.0.0.1", 0, Map.of(KEY, SECRET)));
    vertx.deployVerticle(sim).await();
    simUrl = "http://127.0.0.1:" + sim.port();
  }

  @AfterAll
  void stop() {
    vertx.close().await();
  }

  /** A generous deadline: the first calls of a cold simulator on a busy machine are slow, and it is not under test. */
  private LiveKitClient client(String url, int breakerFailures) {
    return new LiveKitClient(vertx, ConfigBuilders.liveKit(url, KEY, SECRET, 0, 4, 5000, 20_000, 600, 0,
        breakerFailures, 60_000, 0, 5, 0), url, GatewayClock.SYSTEM);
  }

  @Test
  void aStaleRoomIsAnsweredFromPresenceAtOnceAndRepairedInTheBackgroundNeverWhileTheBreakerIsOpen() {
    AtomicInteger calls = new AtomicInteger();
    HttpServer down = vertx.createHttpServer().requestHandler(req -> {
      calls.incrementAndGet();
      req.response().setStatusCode(503).end("no healthy upstream");
    }).listen(0, "127.0.0.1").await();
    String url = "http://127.0.0.1:" + down.actualPort();
    LiveKitClient liveKit = client(url, 1); // the first failure opens the breaker
    InMemoryPresenceStore presence = new InMemoryPresenceStore();
    RoomKey room = new RoomKey("acme", "r1");
    presence.join(room, ParticipantInfo.newBuilder().setIdentity("ada").build()).await();
    presence.replace(room, presence.get(room).await().participants(), NOW_MS).await();
    TestClock clock = new TestClock(NOW_MS);
    ParticipantDirectory directory = new ParticipantDirectory(presence, liveKit, clock, 1000);
    try {
      clock.advanceMillis(60_000); // the room's presence is older than maxAgeMillis: a repair is due
      assertEquals(List.of("ada"), identities(directory.participants(room).await()), "answered as stored");
      assertEquals(0, calls.get(), "the read did not wait for LiveKit");
      assertEquals(1, directory.repairer().pending());
      directory.repairer().drain().await(); // the background repair: ListParticipants fails (503)
      assertEquals(1, calls.get());
      assertEquals(1, directory.repairer().count(PresenceRepairer.Reason.STALE, PresenceRepairer.Outcome.FAILED));
      assertTrue(liveKit.circuitOpen());
      assertEquals(List.of("ada"), identities(directory.participants(room).await()), "breaker open");
      clock.advanceMillis(1000);
      directory.repairer().drain().await();
      assertEquals(1, calls.get(), "no ListParticipants while the breaker is open");
      assertEquals(1, directory.repairer().pending(), "the repair waits for LiveKit");
    } finally {
      liveKit.close().await();
      down.close().await();
    }
  }

  @Test
  void reconciliationRecreatesRoomsLiveKitLostAndDeletesOnlyOldOrphansOfConfiguredTenants() {
    LiveKitClient liveKit = client(simUrl, 5);
    InMemoryRoomStore store = new InMemoryRoomStore();
    TestClock clock = new TestClock(NOW_MS);
    LiveKitReconciler reconciler = new LiveKitReconciler(store, liveKit, () -> List.of("acme"), clock, 10);
    try {
      // the store holds acme:lost, which LiveKit does not know (LiveKit restarted without its state)
      RoomRecord lost = new RoomRecord("acme", "lost", "RM_before_restart", "Lost", 7, 120, NOW_MS / 1000,
          "{\"room_title\":\"Lost\"}", "", "", List.of(), new JsonObject(), 0);
      store.claimActive(lost).await();
      // LiveKit holds acme:orphan (a create that reached it after the gateway gave up) and a room of no tenant here
      liveKit.createRoom(CreateRoomRequest.newBuilder().setName("acme:orphan").build()).await();
      liveKit.createRoom(CreateRoomRequest.newBuilder().setName("elsewhere:room").build()).await();

      // the orphan was made just now: it may be a create between its LiveKit call and its store claim, so it stays
      assertEquals(new LiveKitReconciler.Pass(1, 0), reconciler.reconcile().await());
      Room recreated = liveKit.listRooms(List.of("acme:lost")).await().get(0);
      assertEquals(7, recreated.getMaxParticipants());
      assertEquals(120, recreated.getEmptyTimeout());
      assertEquals("{\"room_title\":\"Lost\"}", recreated.getMetadata());
      RoomRecord stored = store.findActive(new RoomKey("acme", "lost")).await();
      assertEquals(recreated.getSid(), stored.sid(), "the store follows LiveKit's new sid");
      assertNotEquals("RM_before_restart", stored.sid());
      assertEquals(Set.of("acme:lost", "acme:orphan", "elsewhere:room"), names(liveKit));

      clock.advanceMillis(60_000); // now the orphan is older than any create in progress can be
      assertEquals(new LiveKitReconciler.Pass(0, 1), reconciler.reconcile().await());
      assertEquals(Set.of("acme:lost", "elsewhere:room"), names(liveKit), "only the orphan of a tenant here goes");
      assertEquals(new LiveKitReconciler.Pass(0, 0), reconciler.reconcile().await(), "nothing left to repair");
    } finally { // whatever the test left, without hiding its failure
      for (String room : List.of("acme:lost", "acme:orphan", "elsewhere:room")) {
        liveKit.deleteRoom(room).otherwiseEmpty().await();
      }
      liveKit.close().await();
    }
  }

  private static Set<String> names(LiveKitClient liveKit) {
    return liveKit.listRooms(List.of()).await().stream().map(Room::getName).collect(Collectors.toSet());
  }

  private static List<String> identities(List<ParticipantInfo> participants) {
    return participants.stream().map(ParticipantInfo::getIdentity).toList();
  }
}
