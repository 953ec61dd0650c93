package io.roomgate.store;

import io.roomgate.room.RoomStore;
import io.roomgate.room.PastRoomQuery;
import io.roomgate.room.PastRoomPage;
import io.roomgate.room.ActiveClaim;
import io.roomgate.room.Codec;
import io.roomgate.room.RoomKey;
import io.roomgate.room.RoomRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link RoomStore} must do. Subclasses provide a fresh, empty store per test.
 */
@ExtendWith(VertxExtension.class)
public abstract class RoomStoreContract {

  protected Vertx vertx;
  protected RoomStore store;

  /** A new store with no rooms. */
  protected abstract RoomStore newEmptyStore(Vertx vertx) throws Exception;

  @BeforeEach
  void openStore(Vertx vertx) throws Exception {
    this.vertx = vertx;
    this.store = newEmptyStore(vertx);
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      await(store.close());
    }
  }

  /** Waits (on the test thread, never an event loop) for {@code f}; a hang fails the test instead of blocking it. */
  protected static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new RuntimeException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("store operation did not complete", e);
    }
  }

  protected static RoomRecord room(String tenant, String roomId, String sid) {
    return new RoomRecord(tenant, roomId, sid, "Title " + roomId, 0, 0, 1_700_000_000L, "{}", "", "", List.of(),
        new JsonObject(), 0);
  }

  protected static RoomRecord richRoom(String tenant, String roomId) {
    JsonObject extra = new JsonObject()
        .put("RoomType", "Live")
        .put("MaxMicSeatCount", 8)
        .put("big", 9_007_199_254_740_000L)
        .put("ratio", 0.125)
        .put("flag", true)
        .put("nested", new JsonObject().put("a", new JsonArray().add(1).add("two").addNull()))
        .put("unicode", "Zimmer \u00fc \u623f\u95f4 \"quoted\" \\ back");
    String metadata = new JsonObject().put("room_title", "Weekly \"sync\"")
        .put("room_features", new JsonObject().put("allow_webcams", true)).encode();
    return new RoomRecord(tenant, roomId, "RM_" + roomId, "Weekly \"sync\" \u00e9", 25, 600, 1_700_000_123L, metadata,
        "https://hooks.example/room", "turn-pass",
        List.of(new Codec("audio/opus", "minptime=10;useinbandfec=1"), new Codec("video/VP8", ""), new Codec("video/H264", null)),
        extra, 0);
  }

  private static Set<String> ids(List<RoomRecord> rooms) {
    return rooms.stream().map(RoomRecord::roomId).collect(Collectors.toSet());
  }

  private static List<String> sids(List<RoomRecord> rooms) {
    return rooms.stream().map(RoomRecord::sid).collect(Collectors.toList());
  }

  @Test
  void findAbsentRoomIsNull() {
    assertNull(await(store.findActive(new RoomKey("acme", "nope"))));
    await(store.putActiveIfAbsent(room("acme", "r1", "RM_1")));
    assertNull(await(store.findActive(new RoomKey("acme", "nope"))));
    assertNull(await(store.findActive(new RoomKey("other", "r1"))));
  }

  @Test
  void putThenFindReturnsTheRoom() {
    RoomRecord r = room("acme", "r1", "RM_1");
    assertEquals(r, await(store.putActiveIfAbsent(r)));
    assertEquals(r, await(store.findActive(new RoomKey("acme", "r1"))));
  }

  @Test
  void putActiveIfAbsentReturnsTheWinner() {
    RoomRecord first = room("acme", "r1", "RM_first");
    RoomRecord second = room("acme", "r1", "RM_second");
    assertEquals(first, await(store.putActiveIfAbsent(first)));
    assertEquals(first, await(store.putActiveIfAbsent(second)));
    assertEquals(first, await(store.findActive(first.key())));
    assertEquals(1, await(store.listActive("acme")).size());
  }

  @Test
  void onlyTheClaimThatStoredTheRoomSaysSo() {
    RoomRecord first = room("acme", "r1", "RM_first");
    ActiveClaim won = await(store.claimActive(first));
    assertEquals(new ActiveClaim(first, true), won);
    ActiveClaim again = await(store.claimActive(first)); // the very same room, e.g. a second node's create
    assertEquals(new ActiveClaim(first, false), again);
  }

  @Test
  void concurrentPutActiveIfAbsentKeepsExactlyOneRoom() throws Exception {
    int n = 64;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<ActiveClaim>> calls = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        RoomRecord candidate = room("acme", "hot", "RM_" + i);
        // half from plain threads, half from event loops
        if (i % 2 == 0) {
          calls.add(CompletableFuture.supplyAsync(() -> store.claimActive(candidate), pool)
              .thenCompose(f -> f.toCompletionStage()));
        } else {
          CompletableFuture<ActiveClaim> cf = new CompletableFuture<>();
          vertx.runOnContext(v -> store.claimActive(candidate)
              .onSuccess(cf::complete).onFailure(cf::completeExceptionally));
          calls.add(cf);
        }
      }
      Set<String> winners = new HashSet<>();
      int created = 0;
      for (CompletableFuture<ActiveClaim> c : calls) {
        ActiveClaim claim = c.get(30, TimeUnit.SECONDS);
        winners.add(claim.room().sid());
        created += claim.created() ? 1 : 0;
      }
      assertEquals(1, winners.size(), "every caller must see the same winner: " + winners);
      assertEquals(1, created, "exactly one claim stored the room");
      RoomRecord active = await(store.findActive(new RoomKey("acme", "hot")));
      assertEquals(winners.iterator().next(), active.sid());
      assertEquals(1, await(store.listActive("acme")).size());
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- max_active_rooms

  @Test
  void countActiveCountsOneTenantsActiveRooms() {
    assertEquals(0, await(store.countActive("acme")), "a tenant with no rooms");
    await(store.putActiveIfAbsent(room("acme", "a1", "RM_a1")));
    await(store.putActiveIfAbsent(room("acme", "a2", "RM_a2")));
    await(store.putActiveIfAbsent(room("beta", "b1", "RM_b1")));
    assertEquals(2, await(store.countActive("acme")));
    await(store.end(new RoomKey("acme", "a1"), 100));
    assertEquals(1, await(store.countActive("acme")), "ended rooms do not count");
    assertEquals(1, await(store.countActive("beta")));
  }

  @Test
  void aNewRoomAtTheLimitIsRefusedAndChangesNothing() {
    assertTrue(await(store.claimActive(room("acme", "a1", "RM_a1"), 2)).created());
    assertTrue(await(store.claimActive(room("acme", "a2", "RM_a2"), 2)).created());
    ActiveClaim refused = await(store.claimActive(room("acme", "a3", "RM_a3"), 2));
    assertEquals(ActiveClaim.refusedAtLimit(), refused);
    assertTrue(refused.limitReached());
    assertNull(refused.room());
    assertNull(await(store.findActive(new RoomKey("acme", "a3"))), "the refused room was not stored");
    assertEquals(Set.of("a1", "a2"), ids(await(store.listActive("acme"))));
    assertEquals(2, await(store.countActive("acme")));
  }

  @Test
  void anActiveRoomIsReturnedAtTheLimitAndBelowIt() {
    RoomRecord a1 = room("acme", "a1", "RM_a1");
    await(store.claimActive(a1, 2));
    await(store.claimActive(room("acme", "a2", "RM_a2"), 2));
    assertEquals(new ActiveClaim(a1, false), await(store.claimActive(room("acme", "a1", "RM_other"), 2)),
        "re-creating an active room is not a new room");
    assertEquals(new ActiveClaim(a1, false), await(store.claimActive(room("acme", "a1", "RM_other"), 1)),
        "not even when the limit was lowered below the count");
  }

  @Test
  void endingARoomFreesItsSlot() {
    await(store.claimActive(room("acme", "a1", "RM_a1"), 1));
    assertTrue(await(store.claimActive(room("acme", "a2", "RM_a2"), 1)).limitReached());
    await(store.end(new RoomKey("acme", "a1"), 100));
    ActiveClaim now = await(store.claimActive(room("acme", "a2", "RM_a2"), 1));
    assertTrue(now.created(), "the ended room's slot is free again");
    assertEquals(1, await(store.countActive("acme")));
  }

  @Test
  void oneTenantAtItsLimitDoesNotLimitAnother() {
    await(store.claimActive(room("acme", "r1", "RM_a"), 1));
    assertTrue(await(store.claimActive(room("acme", "r2", "RM_a2"), 1)).limitReached());
    ActiveClaim beta = await(store.claimActive(room("beta", "r1", "RM_b"), 1));
    assertTrue(beta.created(), "beta has its own count, even for the same room id");
    assertEquals(1, await(store.countActive("acme")));
    assertEquals(1, await(store.countActive("beta")));
  }

  @Test
  void concurrentClaimsOfManyRoomsNeverPassTheLimit() throws Exception {
    int rooms = 48;
    int max = 5;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<ActiveClaim>> calls = new ArrayList<>();
      for (int i = 0; i < rooms; i++) {
        RoomRecord candidate = room("acme", "room" + i, "RM_" + i);
        if (i % 2 == 0) {
          calls.add(CompletableFuture.supplyAsync(() -> store.claimActive(candidate, max), pool)
              .thenCompose(f -> f.toCompletionStage()));
        } else {
          CompletableFuture<ActiveClaim> cf = new CompletableFuture<>();
          vertx.runOnContext(v -> store.claimActive(candidate, max)
              .onSuccess(cf::complete).onFailure(cf::completeExceptionally));
          calls.add(cf);
        }
      }
      int created = 0;
      int refused = 0;
      for (CompletableFuture<ActiveClaim> c : calls) {
        ActiveClaim claim = c.get(30, TimeUnit.SECONDS);
        created += claim.created() ? 1 : 0;
        refused += claim.limitReached() ? 1 : 0;
      }
      assertEquals(max, created, "exactly the limit was admitted");
      assertEquals(rooms - max, refused);
      assertEquals(max, await(store.listActive("acme")).size());
      assertEquals(max, await(store.countActive("acme")));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void replaceActiveReplacesOnlyActiveRooms() {
    RoomRecord r = room("acme", "r1", "RM_1");
    assertNull(await(store.replaceActive(r)), "not active yet");
    assertNull(await(store.findActive(r.key())), "replace must not create");
    await(store.putActiveIfAbsent(r));
    RoomRecord updated = new RoomRecord("acme", "r1", "RM_1", "New title", 10, 60, r.creationTime(),
        "{\"room_title\":\"New title\"}", "", "", List.of(), new JsonObject().put("k", "v"), 0);
    assertEquals(updated, await(store.replaceActive(updated)));
    assertEquals(updated, await(store.findActive(r.key())));
    await(store.end(r.key(), 1_700_000_500L));
    assertNull(await(store.replaceActive(updated)), "ended rooms cannot be replaced");
    assertNull(await(store.findActive(r.key())));
  }

  @Test
  void endMovesTheRoomToPastOnce() {
    RoomRecord r = room("acme", "r1", "RM_1");
    await(store.putActiveIfAbsent(r));
    RoomRecord ended = await(store.end(r.key(), 1_700_000_900L));
    assertEquals(r.endedAt(1_700_000_900L), ended);
    assertFalse(ended.active());
    assertNull(await(store.findActive(r.key())));
    assertTrue(await(store.listActive("acme")).isEmpty());
    PastRoomPage page = await(store.pastRooms("acme", new PastRoomQuery(List.of(), 0, 10, true)));
    assertEquals(1, page.total());
    assertEquals(List.of(ended), page.rooms());

    assertNull(await(store.end(r.key(), 1_700_000_950L)), "second end finds nothing");
    assertNull(await(store.end(new RoomKey("acme", "never"), 1_700_000_950L)));
    assertNull(await(store.end(new RoomKey("nobody", "r1"), 1_700_000_950L)));
    assertEquals(1, await(store.pastRooms("acme", new PastRoomQuery(List.of(), 0, 10, true))).total());
  }

  @Test
  void aRoomIdCanBeReusedAfterItEnded() {
    await(store.putActiveIfAbsent(room("acme", "r1", "RM_a")));
    await(store.end(new RoomKey("acme", "r1"), 100));
    assertEquals("RM_b", await(store.putActiveIfAbsent(room("acme", "r1", "RM_b"))).sid());
    assertEquals("RM_b", await(store.findActive(new RoomKey("acme", "r1"))).sid());
    await(store.end(new RoomKey("acme", "r1"), 200));
    PastRoomPage page = await(store.pastRooms("acme", new PastRoomQuery(List.of("r1"), 0, 10, false)));
    assertEquals(2, page.total());
    assertEquals(List.of("RM_a", "RM_b"), sids(page.rooms()));
  }

  @Test
  void listActiveIsPerTenant() {
    await(store.putActiveIfAbsent(room("acme", "a1", "RM_a1")));
    await(store.putActiveIfAbsent(room("acme", "a2", "RM_a2")));
    await(store.putActiveIfAbsent(room("beta", "b1", "RM_b1")));
    assertEquals(Set.of("a1", "a2"), ids(await(store.listActive("acme"))));
    assertEquals(Set.of("b1"), ids(await(store.listActive("beta"))));
    assertTrue(await(store.listActive("nobody")).isEmpty());
    await(store.end(new RoomKey("acme", "a1"), 10));
    assertEquals(Set.of("a2"), ids(await(store.listActive("acme"))));
  }

  @Test
  void tenantsAreIsolated() {
    RoomRecord acme = room("acme", "same", "RM_acme");
    RoomRecord beta = room("beta", "same", "RM_beta");
    assertEquals(acme, await(store.putActiveIfAbsent(acme)));
    assertEquals(beta, await(store.putActiveIfAbsent(beta)), "same room id under another tenant is another room");
    assertEquals("RM_acme", await(store.findActive(acme.key())).sid());
    assertEquals("RM_beta", await(store.findActive(beta.key())).sid());

    assertEquals("RM_acme", await(store.end(acme.key(), 42)).sid());
    assertNull(await(store.findActive(acme.key())));
    assertEquals(beta, await(store.findActive(beta.key())), "ending acme's room leaves beta's");
    assertEquals(1, await(store.pastRooms("acme", new PastRoomQuery(List.of(), 0, 10, true))).total());
    assertEquals(0, await(store.pastRooms("beta", new PastRoomQuery(List.of(), 0, 10, true))).total());
    assertEquals(0, await(store.pastRooms("beta", new PastRoomQuery(List.of("same"), 0, 10, true))).total());
  }

  @Test
  void tenantIdsThatLookLikeKeySyntaxStayApart() {
    RoomRecord a = room("a:b", "c", "RM_1");
    RoomRecord b = room("a", "b:c", "RM_2");
    RoomRecord c = room("x}y{", "r", "RM_3");
    RoomRecord d = room("x", "r", "RM_4");
    for (RoomRecord r : List.of(a, b, c, d)) {
      assertEquals(r, await(store.putActiveIfAbsent(r)));
    }
    for (RoomRecord r : List.of(a, b, c, d)) {
      assertEquals(r, await(store.findActive(r.key())));
      assertEquals(1, await(store.listActive(r.tenantId())).size());
    }
  }

  @Test
  void pastRoomsPageOrderFilterAndTotal() {
    // r0..r4 end at 1000, 1010, ... ; r5 ends at the same time as r2 (tie: the order they ended)
    for (int i = 0; i < 6; i++) {
      await(store.putActiveIfAbsent(room("acme", "r" + i, "RM_" + i)));
    }
    for (int i = 0; i < 5; i++) {
      await(store.end(new RoomKey("acme", "r" + i), 1000 + 10L * i));
    }
    await(store.end(new RoomKey("acme", "r5"), 1020));
    await(store.putActiveIfAbsent(room("acme", "still-active", "RM_live")));

    PastRoomPage asc = await(store.pastRooms("acme", new PastRoomQuery(List.of(), 0, 100, false)));
    assertEquals(6, asc.total());
    assertEquals(List.of("RM_0", "RM_1", "RM_2", "RM_5", "RM_3", "RM_4"), sids(asc.rooms()));

    PastRoomPage desc = await(store.pastRooms("acme", new PastRoomQuery(List.of(), 0, 100, true)));
    assertEquals(6, desc.total());
    assertEquals(List.of("RM_4", "RM_3", "RM_5", "RM_2", "RM_1", "RM_0"), sids(desc.rooms()));

    PastRoomPage page2 = await(store.pastRooms("acme", new PastRoomQuery(List.of(), 2, 2, true)));
    assertEquals(6, page2.total());
    assertEquals(List.of("RM_5", "RM_2"), sids(page2.rooms()));

    PastRoomPage beyond = await(store.pastRooms("acme", new PastRoomQuery(List.of(), 10, 5, true)));
    assertEquals(6, beyond.total());
    assertTrue(beyond.rooms().isEmpty());

    PastRoomPage lastPartial = await(store.pastRooms("acme", new PastRoomQuery(List.of(), 4, 5, false)));
    assertEquals(List.of("RM_3", "RM_4"), sids(lastPartial.rooms()));

    // filter: unknown ids, duplicates and an active room's id count nothing extra
    List<String> filter = List.of("r4", "r1", "unknown", "r1", "still-active", "r5");
    PastRoomPage filtered = await(store.pastRooms("acme", new PastRoomQuery(filter, 0, 100, false)));
    assertEquals(3, filtered.total());
    assertEquals(List.of("RM_1", "RM_5", "RM_4"), sids(filtered.rooms()));

    PastRoomPage filteredDesc = await(store.pastRooms("acme", new PastRoomQuery(filter, 1, 1, true)));
    assertEquals(3, filteredDesc.total());
    assertEquals(List.of("RM_5"), sids(filteredDesc.rooms()));

    PastRoomPage none = await(store.pastRooms("acme", new PastRoomQuery(List.of("unknown"), 0, 10, true)));
    assertEquals(0, none.total());
    assertTrue(none.rooms().isEmpty());

    PastRoomPage otherTenant = await(store.pastRooms("nobody", new PastRoomQuery(List.of(), 0, 10, true)));
    assertEquals(0, otherTenant.total());
    assertTrue(otherTenant.rooms().isEmpty());

    for (RoomRecord r : asc.rooms()) {
      assertFalse(r.active());
      assertEquals("acme", r.tenantId());
    }
  }

  @Test
  void everyFieldSurvivesTheRoundTrip() {
    RoomRecord rich = richRoom("acme", "rich");
    assertEquals(rich, await(store.putActiveIfAbsent(rich)));
    RoomRecord found = await(store.findActive(rich.key()));
    assertEquals(rich, found);
    assertEquals(rich.extra(), found.extra());
    assertEquals(9_007_199_254_740_000L, found.extra().getLong("big"));
    assertEquals(0.125, found.extra().getDouble("ratio"));
    assertEquals(rich.enabledCodecs(), found.enabledCodecs());
    assertEquals(List.of(rich), await(store.listActive("acme")));

    RoomRecord ended = await(store.end(rich.key(), 1_700_009_999L));
    assertEquals(rich.endedAt(1_700_009_999L), ended);
    PastRoomPage page = await(store.pastRooms("acme", new PastRoomQuery(List.of("rich"), 0, 1, true)));
    assertEquals(List.of(rich.endedAt(1_700_009_999L)), page.rooms());
    assertEquals(9_007_199_254_740_000L, page.rooms().get(0).extra().getLong("big"));
  }

  @Test
  void storedRoomsAreNotChangedByTheCallersObjects() {
    RoomRecord r = richRoom("acme", "r1");
    await(store.putActiveIfAbsent(r));
    r.extra().put("RoomType", "changed-after-put");
    RoomRecord found = await(store.findActive(r.key()));
    assertNotNull(found);
    assertEquals("Live", found.extra().getString("RoomType"));
  }

  @Test
  void anEndedRecordHandedInIsStoredAsActive() {
    RoomRecord r = room("acme", "r1", "RM_1").endedAt(77);
    RoomRecord stored = await(store.putActiveIfAbsent(r));
    assertTrue(stored.active());
    assertTrue(await(store.findActive(r.key())).active());
    assertEquals(99, await(store.end(r.key(), 99)).endedAt());
  }
}
