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

  /** Drains every tick for {@code ms} of fake time. */
  private void drainFor(PresenceRepairer r, long ms) {
    for (long t = 0; t < ms; t += PresenceRepairer.TICK_MS) {
      r.drain().await();
      clock.advanceMillis(PresenceRepairer.TICK_MS);
    }
  }

  @Test
  void noMoreSyncsThanTheLimitInAnySecondSpreadOverItsTicks() {
    PresenceRepairer r = repairer(50, 10_000);
    for (int i = 0; i < 1000; i++) {
      r.request(room("s" + i), Reason.STALE);
    }
    r.drain().await();
    assertEquals(1, synced.size(), "a tick starts its share of the second (50/s x 20 ms), not the whole second");

    // ticks every 20 ms for 10 s: every 1,000 ms window holds at most 50 starts
    List<Long> startedAt = new ArrayList<>();
    for (int t = 0; t < 500; t++) {
      clock.advanceMillis(PresenceRepairer.TICK_MS);
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
    assertEquals(501, r.count(Reason.STALE, Outcome.STARTED));
    assertEquals(499, r.pending());
  }

  @Test
  void aBudgetLargerThanATickIsBoundByTheSecondNotTheTick() {
    PresenceRepairer r = repairer(500, 10_000); // 10 per tick
    for (int i = 0; i < 5000; i++) {
      r.request(room("s" + i), Reason.STALE);
    }
    r.drain().await();
    assertEquals(10, synced.size());
    drainFor(r, 1000); // the first drain was at the start of this second too
    assertEquals(500, synced.size(), "the window of the first second is full");
    drainFor(r, 1000);
    assertEquals(1000, synced.size());
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
    drainFor(r, 1000);
    assertEquals(List.of(room("gap0"), room("stale7"), room("never0"), room("never1"), room("stale0")), synced);
    drainFor(r, 1000);
    // stale7 left the stale queue when it moved up: it is not synced twice
    assertEquals(List.of(room("stale1"), room("stale2"), room("stale3"), room("stale4"), room("stale5")),
        synced.subList(5, 10));
    drainFor(r, 1000);
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
    assertEquals(List.of(room("g")), synced, "one per tick at 50/s");
    drainFor(r, 100);
    assertEquals(List.of(room("g"), room("s0"), room("s1"), room("s2")), synced);
  }
}
