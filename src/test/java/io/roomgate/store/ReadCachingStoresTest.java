package io.roomgate.store;

import io.roomgate.room.RoomKey;
import io.roomgate.room.RoomRecord;
import io.vertx.core.Future;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The node-local read caches in front of the Redis stores (redis.read_cache_ms), on a fake clock. */
class ReadCachingStoresTest {
  private static final long TTL_MS = 500;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final RoomKey key = new RoomKey("acme", "r1");

  private static RoomRecord room(String title) {
    return new RoomRecord("acme", "r1", "RM_1", title, 0, 1800, 1, "{}", "", "", List.of(), null, 0);
  }

  private void advanceMs(long ms) {
    now.addAndGet(ms * 1_000_000L);
  }

  /** Counts the reads that reach the shared store. */
  private static final class CountingRoomStore extends InMemoryRoomStoreProxy {
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public Future<RoomRecord> findActive(RoomKey k) {
      reads.incrementAndGet();
      return super.findActive(k);
    }
  }

  @Test
  void activeRoomsAreServedLocallyUntilTheTtlAndWritesEvict() {
    CountingRoomStore shared = new CountingRoomStore();
    RoomStore cached = new ReadCachingRoomStore(shared, TTL_MS, 100, now::get);
    assertNull(cached.findActive(key).await());               // absent rooms are never cached
    assertNull(cached.findActive(key).await());
    assertEquals(2, shared.reads.get());

    cached.putActiveIfAbsent(room("one")).await();
    assertEquals("one", cached.findActive(key).await().title());
    assertEquals("one", cached.findActive(key).await().title());
    assertEquals(3, shared.reads.get());                      // one read, then local

    shared.replaceActive(room("changed elsewhere")).await();  // another gateway instance writes
    advanceMs(TTL_MS - 1);
    assertEquals("one", cached.findActive(key).await().title()); // stale within the TTL, by design
    advanceMs(1);
    assertEquals("changed elsewhere", cached.findActive(key).await().title());

    cached.replaceActive(room("changed here")).await();       // a local write is seen at once
    assertEquals("changed here", cached.findActive(key).await().title());
    cached.end(key, 5).await();
    assertNull(cached.findActive(key).await());
  }

  @Test
  void presenceIsServedLocallyUntilTheTtlAndChangesEvict() {
    PresenceStore shared = new InMemoryPresenceStore();
    PresenceStore cached = new ReadCachingPresenceStore(shared, TTL_MS, 100, now::get);
    ParticipantInfo ann = ParticipantInfo.newBuilder().setIdentity("ann").setJoinedAtMs(1).build();
    ParticipantInfo bob = ParticipantInfo.newBuilder().setIdentity("bob").setJoinedAtMs(2).build();
    assertEquals(0, cached.get(key).await().participants().size());
    cached.join(key, ann).await();                             // local change: evicted
    assertEquals(1, cached.get(key).await().participants().size());
    shared.join(key, bob).await();                             // another instance's change
    assertEquals(1, cached.get(key).await().participants().size());
    advanceMs(TTL_MS);
    assertEquals(2, cached.get(key).await().participants().size());
    cached.clear(key).await();
    assertEquals(0, cached.get(key).await().participants().size());
  }
}
