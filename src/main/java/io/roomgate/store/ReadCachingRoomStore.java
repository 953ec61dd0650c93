package io.roomgate.store;

import io.roomgate.room.RoomStore;
import io.roomgate.room.PastRoomQuery;
import io.roomgate.room.PastRoomPage;
import io.roomgate.room.ActiveClaim;
import io.roomgate.room.RoomKey;
import io.roomgate.room.RoomRecord;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * A {@link RoomStore} that answers {@link #findActive} of an active room from a short node-local copy
 * ({@code redis.read_cache_ms}). Absent rooms are not cached, so a room created anywhere is seen at once. Writes go
 * straight through; each is announced through {@link RoomInvalidations} before its caller is answered, so every
 * instance drops its copy of the room. The TTL bounds how long a copy can outlive a lost announcement.
 */
public final class ReadCachingRoomStore implements RoomStore {
  private final RoomStore delegate;
  private final RoomInvalidations invalidations;
  private final ReadCache<RoomKey, RoomRecord> active;

  public ReadCachingRoomStore(RoomStore delegate, RoomInvalidations invalidations, long ttlMillis, int maxEntries,
                              LongSupplier nanoTime) {
    this.delegate = delegate;
    this.invalidations = invalidations;
    this.active = new ReadCache<>(ttlMillis * 1_000_000L, maxEntries, nanoTime);
    invalidations.feed(active);
  }

  @Override
  public Future<RoomRecord> findActive(RoomKey key) {
    return active.getOrLoad(key, delegate::findActive); // an absent room (null) is never stored
  }

  @Override
  public Future<List<RoomRecord>> listActive(String tenantId) {
    return delegate.listActive(tenantId);
  }

  @Override
  public Future<Integer> countActive(String tenantId) {
    return delegate.countActive(tenantId);
  }

  @Override
  public Future<ActiveClaim> claimActive(RoomRecord room, int maxActiveRooms) {
    return announced(room.key(), delegate.claimActive(room, maxActiveRooms));
  }

  @Override
  public Future<RoomRecord> replaceActive(RoomRecord room) {
    return announced(room.key(), delegate.replaceActive(room));
  }

  @Override
  public Future<RoomRecord> end(RoomKey key, long endedAtUnixSeconds) {
    return announced(key, delegate.end(key, endedAtUnixSeconds));
  }

  private <T> Future<T> announced(RoomKey key, Future<T> write) {
    return active.writeThrough(key, write, () -> invalidations.announce(key));
  }

  @Override
  public Future<PastRoomPage> pastRooms(String tenantId, PastRoomQuery query) {
    return delegate.pastRooms(tenantId, query);
  }

  @Override
  public Future<Void> close() {
    return delegate.close();
  }
}
