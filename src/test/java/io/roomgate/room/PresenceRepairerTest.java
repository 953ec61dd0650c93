package io.roomgate.room;

import io.roomgate.room.PresenceRepairer.Outcome;
import io.roomgate.room.PresenceRepairer.Reason;
import io.roomgate.testsupport.TestClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The background presence repairer with an in-process fake sync and a {@link TestClock}: the rate bound holds in every
 * second, rooms with evidence of a gap go first, then rooms never synced, then stale ones, and the queue is bounded.
 */
class PresenceRepairerTest {
  private final TestClock clock = new TestClock(1_000_000);
  private final List<RoomKey> synced = new ArrayList<>();
  private final AtomicBoolean liveKitAway = new AtomicBoolean();

  private PresenceRepairer repairer(int perSecond, int maxQueued) {
    return new PresenceRepairer(room -> {
      synced.add(room);
      return Future.succeededFuture();
    }, liveKitAway::get, clock, perSecond, maxQueued);
  }

  private static RoomKey room(String id) {
    return new RoomKey("acme", id);
  }

  @Test
  void noMoreSyncsThanTheLimitInAnySecond() {
    PresenceRepairer r = repairer(50, 10_000);
    for (int i = 0; i < 1000; i++) {
      r.request(room("s" + i), Reason.STALE);
    }
    r.drain().await();
    assertEquals(50, synced.size(), "the first tick may use the whole second's budget");
    clock.advanceMillis(999);
    r.drain().await();
    assertEquals(50, synced.size(), "999 ms later the window still holds 50 starts");
    clock.advanceMillis(1);
    r.drain().await();
    assertEquals(100, synced.size(), "a second after the first starts, 50 more");

    // ticks every 20 ms for 10 s: every 1,000 ms window holds at most 50 starts
    List<Long> startedAt = new ArrayList<>();
    for (int t = 0; t < 500; t++) {
      clock.advanceMillis(20);
      int before = synced.size();
      r.drain().await();
      for (int k = before; k < synced.size(); k++) {
        startedAt.add(clock.millis());
      }
    }
    for (int i = 50; i < startedAt.size(); i++) {
      assertTrue(startedAt.get(i) - startedAt.get(i - 50) >= 1000, "51 starts within a second at " + i);
    }
    assertEquals(500, startedAt.size(), "10 s at 50/s");
    assertEquals(600, r.count(Reason.STALE, Outcome.STARTED));
    assertEquals(400, r.pending());
  }

  @Test
  void gapsFirstThenRoomsNeverSyncedThenStaleOnes() {
    PresenceRepairer r = repairer(5, 10_000);
    for (int i = 0; i < 10; i++) {
      r.request(room("stale" + i), Reason.STALE);
    }
    r.request(room("never0"), Reason.NEVER_SYNCED);
    r.request(room("never1"), Reason.NEVER_SYNCED);
    r.request(room("gap0"), Reason.GAP);
    r.request(room("stale7"), Reason.GAP); // new evidence moves a queued room up
    r.request(room("gap0"), Reason.STALE); // a lower reason never moves a room down
    r.drain().await();
    assertEquals(List.of(room("gap0"), room("stale7"), room("never0"), room("never1"), room("stale0")), synced);
    clock.advanceMillis(1000);
    r.drain().await();
    // stale7 left the stale queue when it moved up: it is not synced twice
    assertEquals(List.of(room("stale1"), room("stale2"), room("stale3"), room("stale4"), room("stale5")),
        synced.subList(5, 10));
    clock.advanceMillis(1000);
    r.drain().await();
    assertEquals(List.of(room("stale6"), room("stale8"), room("stale9")), synced.subList(10, 13));
    assertEquals(0, r.pending());
  }

  @Test
  void aRoomIsQueuedOnceAndNotAgainWhileItsSyncRuns() {
    List<Promise<Void>> inFlight = new ArrayList<>();
    PresenceRepairer r = new PresenceRepairer(room -> {
      synced.add(room);
      Promise<Void> p = Promise.promise();
      inFlight.add(p);
      return p.future();
    }, liveKitAway::get, clock, 50, 10_000);
    for (int i = 0; i < 100; i++) { // 100 reads of one stale room
      r.request(room("hot"), Reason.STALE);
    }
    assertEquals(1, r.count(Reason.STALE, Outcome.QUEUED));
    Future<Void> drained = r.drain();
    r.request(room("hot"), Reason.GAP); // its sync is running: that sync answers this too
    clock.advanceMillis(1000);
    r.drain();
    assertEquals(List.of(room("hot")), synced);
    inFlight.get(0).fail("LiveKit said no");
    assertTrue(drained.succeeded(), "a failed sync does not fail the drain");
    assertEquals(1, r.count(Reason.STALE, Outcome.FAILED));
    r.request(room("hot"), Reason.STALE); // asked again after the failure
    clock.advanceMillis(1000);
    r.drain();
    assertEquals(List.of(room("hot"), room("hot")), synced);
  }

  @Test
  void eachReasonQueuesAtMostItsBoundAndNothingStartsWhileLiveKitIsAway() {
    PresenceRepairer r = repairer(50, 3);
    for (int i = 0; i < 10; i++) {
      r.request(room("s" + i), Reason.STALE);
    }
    r.request(room("g"), Reason.GAP); // a full stale queue does not keep evidence of a gap out
    assertEquals(3, r.count(Reason.STALE, Outcome.QUEUED));
    assertEquals(7, r.count(Reason.STALE, Outcome.DROPPED));
    assertEquals(1, r.count(Reason.GAP, Outcome.QUEUED));
    liveKitAway.set(true);
    r.drain().await();
    assertEquals(List.of(), synced, "the breaker is open: the queue waits");
    liveKitAway.set(false);
    r.drain().await();
    assertEquals(List.of(room("g"), room("s0"), room("s1"), room("s2")), synced);
  }
}
