package io.roomgate.store;

import io.roomgate.room.RoomStore;
import io.roomgate.room.PresenceStore;
import io.roomgate.room.RoomKey;
import io.roomgate.room.RoomRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node-local read caches in front of the Redis stores (redis.read_cache_ms), on a fake clock. */
class ReadCachingStoresTest {
  private static final long TTL_MS = 500;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RoomKey key = new RoomKey("acme", "r1");

  private static RoomRecord room(String title) {
    return new RoomRecord("acme", "r1", "RM_1", title, 0, 1800, 1, "{}", "", "", List.of(), null, 0);
  }

  /** One instance's read cache over {@code shared}, fed by {@code feed}, on the fake clock. */
  private RoomStore cached(RoomStore shared, RoomInvalidations feed) {
    return new ReadCachingRoomStore(shared, feed, TTL_MS, 100, now::get);
  }

  private PresenceStore cached(PresenceStore shared, RoomInvalidations feed) {
    return new ReadCachingPresenceStore(shared, feed, TTL_MS, 100, now::get);
  }

  private void advanceMs(long ms) {
    now.addAndGet(ms * 1_000_000L);
  }

  /** Counts the reads that reach the shared store. */
  private static class CountingRoomStore extends InMemoryRoomStoreProxy {
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public Future<RoomRecord> findActive(RoomKey k) {
      reads.incrementAndGet();
      return super.findActive(k);
    }
  }

  @Test
  void activeRoomsAreServedLocallyAndEveryInstancesWritesDropTheCopy() {
    CountingRoomStore shared = new CountingRoomStore();
    InProcessRoomInvalidations feed = new InProcessRoomInvalidations();
    RoomStore here = cached(shared, feed);
    RoomStore there = cached(shared, feed); // another instance
    assertNull(here.findActive(key).await());                 // absent rooms are never cached
    assertNull(here.findActive(key).await());
    assertEquals(2, shared.reads.get());

    there.putActiveIfAbsent(room("one")).await();
    assertEquals(1, feed.announced);
    assertEquals("one", here.findActive(key).await().title()); // created elsewhere: seen at once
    assertEquals("one", here.findActive(key).await().title());
    assertEquals(3, shared.reads.get());                      // one read, then local

    there.replaceActive(room("changed there")).await();       // announced: this copy is dropped at once
    assertEquals("changed there", here.findActive(key).await().title());
    here.replaceActive(room("changed here")).await();         // and the other way round
    assertEquals("changed here", there.findActive(key).await().title());
    there.end(key, 5).await();
    assertNull(here.findActive(key).await());
  }

  @Test
  void aLostAnnouncementIsBoundedByTheTtl() {
    CountingRoomStore shared = new CountingRoomStore();
    InProcessRoomInvalidations feed = new InProcessRoomInvalidations();
    RoomStore here = cached(shared, feed);
    RoomStore there = cached(shared, feed);
    here.putActiveIfAbsent(room("one")).await();
    assertEquals("one", here.findActive(key).await().title());
    feed.losing(true);                                         // e.g. the PUBLISH timed out
    there.replaceActive(room("changed there")).await();
    advanceMs(TTL_MS - 1);
    assertEquals("one", here.findActive(key).await().title()); // stale, at most until the TTL
    advanceMs(1);
    assertEquals("changed there", here.findActive(key).await().title());
  }

  @Test
  void aReadThatRacedAWriteDoesNotStoreWhatItRead() {
    InProcessRoomInvalidations feed = new InProcessRoomInvalidations();
    io.vertx.core.Promise<RoomRecord> slowRead = io.vertx.core.Promise.promise();
    CountingRoomStore shared = new CountingRoomStore() {
      @Override
      public Future<RoomRecord> findActive(RoomKey k) {
        reads.incrementAndGet();
        return reads.get() == 1 ? slowRead.future() : super.findActive(k);
      }
    };
    RoomStore here = cached(shared, feed);
    shared.putActiveIfAbsent(room("old")).await();
    Future<RoomRecord> racing = here.findActive(key);         // sent before the write below
    here.replaceActive(room("new")).await();                   // written and announced while it was in flight
    slowRead.complete(room("old"));                            // its answer predates the write
    assertEquals("old", racing.await().title());
    assertEquals("new", here.findActive(key).await().title(), "the raced read was not kept");
  }

  /** A shared store whose reads wait for the test to answer them, one promise per read. */
  private static final class HeldReads extends CountingRoomStore {
    final List<Promise<RoomRecord>> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Future<RoomRecord> findActive(RoomKey k) {
      reads.incrementAndGet();
      Promise<RoomRecord> p = Promise.promise();
      held.add(p);
      return p.future();
    }
  }

  @Test
  void missesAtOnceShareOneRead() {
    HeldReads shared = new HeldReads();
    RoomStore here = cached(shared, new InProcessRoomInvalidations());
    Future<RoomRecord> first = here.findActive(key);
    Future<RoomRecord> second = here.findActive(key);
    assertEquals(1, shared.reads.get(), "the second miss joined the read in flight");
    shared.held.get(0).complete(room("one"));
    assertEquals("one", first.await().title());
    assertEquals("one", second.await().title());
    assertEquals("one", here.findActive(key).await().title());
    assertEquals(1, shared.reads.get());
  }

  @Test
  void aMissAfterAWriteDoesNotJoinAReadThatBeganBeforeIt() {
    HeldReads shared = new HeldReads();
    InProcessRoomInvalidations feed = new InProcessRoomInvalidations();
    RoomStore here = cached(shared, feed);
    Future<RoomRecord> before = here.findActive(key);          // in flight while another instance writes
    feed.announce(key).await();                                // the write's announcement arrives
    Future<RoomRecord> after = here.findActive(key);
    assertEquals(2, shared.reads.get(), "the read after the write is its own");
    shared.held.get(1).complete(room("new"));
    shared.held.get(0).complete(room("old"));
    assertEquals("old", before.await().title());
    assertEquals("new", after.await().title());
    assertEquals("new", here.findActive(key).await().title()); // and the older read did not replace it
    assertEquals(2, shared.reads.get());
  }

  @Test
  void aHotCopyIsRefreshedInTheBackgroundAndNeverMissed() {
    CountingRoomStore shared = new CountingRoomStore();
    RoomStore here = cached(shared, new InProcessRoomInvalidations());
    shared.putActiveIfAbsent(room("one")).await();
    assertEquals("one", here.findActive(key).await().title());
    advanceMs(TTL_MS / 2);
    assertEquals("one", here.findActive(key).await().title());
    assertEquals(1, shared.reads.get(), "no refresh before the last quarter of the copy's life");
    shared.replaceActive(room("two")).await();                 // a change nobody announced
    advanceMs(TTL_MS / 4 + 1);
    assertEquals("one", here.findActive(key).await().title()); // the copy answers; a refresh runs behind it
    assertEquals(2, shared.reads.get());
    advanceMs(TTL_MS / 2);                                     // past the first copy's expiry
    assertEquals("two", here.findActive(key).await().title());
    assertEquals(2, shared.reads.get(), "the refreshed copy answered, no miss");
  }

  @Test
  void aRefreshThatFindsTheRoomGoneDropsTheCopy() {
    CountingRoomStore shared = new CountingRoomStore();
    RoomStore here = cached(shared, new InProcessRoomInvalidations());
    shared.putActiveIfAbsent(room("one")).await();
    assertEquals("one", here.findActive(key).await().title());
    advanceMs(TTL_MS / 2);
    assertEquals("one", here.findActive(key).await().title()); // served from the copy: a room read again and again
    shared.end(key, 5).await();                                // ended, and nobody announced it
    advanceMs(TTL_MS / 4 + 1);
    assertEquals("one", here.findActive(key).await().title()); // still within the TTL; the refresh finds it gone
    assertNull(here.findActive(key).await(), "the copy was dropped, not kept until the TTL");
  }

  @Test
  void aCopyServedForTheFirstTimeLateInItsLifeIsNotRefreshed() {
    CountingRoomStore shared = new CountingRoomStore();
    RoomStore here = cached(shared, new InProcessRoomInvalidations());
    shared.putActiveIfAbsent(room("one")).await();
    assertEquals("one", here.findActive(key).await().title());
    advanceMs(TTL_MS * 3 / 4 + 1);
    assertEquals("one", here.findActive(key).await().title()); // its first hit, in the last quarter
    assertEquals(1, shared.reads.get(), "no background read for a room read now and then");
    assertEquals("one", here.findActive(key).await().title()); // read again: now it is refreshed behind the copy
    assertEquals(2, shared.reads.get());
  }

  @Test
  void aCallerThatJoinsAnotherEventLoopsReadContinuesOnItsOwn() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HeldReads shared = new HeldReads();
      RoomStore here = cached(shared, new InProcessRoomInvalidations());
      Context a = vertx.getOrCreateContext();
      Context b = vertx.getOrCreateContext();
      assertNotSame(a, b);
      CompletableFuture<Void> started = new CompletableFuture<>();
      a.runOnContext(v -> {
        here.findActive(key);
        started.complete(null);
      });
      started.get(10, TimeUnit.SECONDS);
      CompletableFuture<Context> continuedOn = new CompletableFuture<>();
      CompletableFuture<Void> asked = new CompletableFuture<>();
      b.runOnContext(v -> {
        here.findActive(key).onComplete(ar -> continuedOn.complete(Vertx.currentContext()));
        asked.complete(null);
      });
      asked.get(10, TimeUnit.SECONDS);
      assertEquals(1, shared.reads.get(), "b joined a's read");
      a.runOnContext(v -> shared.held.get(0).complete(room("one")));
      assertSame(b, continuedOn.get(10, TimeUnit.SECONDS));
      assertEquals(1, shared.reads.get());
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void presenceIsServedLocallyAndEveryInstancesChangesDropTheCopy() {
    PresenceStore shared = new InMemoryPresenceStore();
    InProcessRoomInvalidations feed = new InProcessRoomInvalidations();
    PresenceStore here = cached(shared, feed);
    PresenceStore there = cached(shared, feed);
    ParticipantInfo ann = ParticipantInfo.newBuilder().setIdentity("ann").setJoinedAtMs(1).build();
    ParticipantInfo bob = ParticipantInfo.newBuilder().setIdentity("bob").setJoinedAtMs(2).build();
    assertEquals(0, here.get(key).await().participants().size());
    here.join(key, ann).await();                               // local change
    assertEquals(1, here.get(key).await().participants().size());
    there.join(key, bob).await();                              // another instance's change, announced
    assertEquals(2, here.get(key).await().participants().size());
    shared.leave(key, "bob").await();                          // a change nobody announced: bounded by the TTL
    assertEquals(2, here.get(key).await().participants().size());
    advanceMs(TTL_MS);
    assertEquals(1, here.get(key).await().participants().size());
    there.clear(key).await();
    assertEquals(0, here.get(key).await().participants().size());
  }

  @Test
  void aFullCacheDropsExpiredCopiesFirstAndStaysWithinItsBound() {
    ReadCache<String, String> cache = new ReadCache<>(TTL_MS * 1_000_000L, 3, now::get);
    cache.putIfUnchanged("old", "1", cache.stamp("old"));
    advanceMs(TTL_MS);                                         // "old" has expired
    cache.putIfUnchanged("a", "2", cache.stamp("a"));
    cache.putIfUnchanged("b", "3", cache.stamp("b"));
    cache.putIfUnchanged("c", "4", cache.stamp("c"));          // full: the expired copy goes, the live ones stay
    assertEquals(3, cache.size());
    assertEquals("2", cache.getOrLoad("a", k -> Future.failedFuture("not cached")).await());
    for (int i = 0; i < 100; i++) {                            // full of live copies: one goes for each new one
      cache.putIfUnchanged("n" + i, "n", cache.stamp("n" + i));
      assertTrue(cache.size() <= 3, "copies: " + cache.size());
    }
  }
}
