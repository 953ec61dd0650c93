package io.roomgate.store;

import io.roomgate.room.RoomKey;
import io.roomgate.room.RoomRecord;
import io.vertx.core.Future;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * A {@link RoomStore} that answers {@link #findActive} of an active room from a short node-local copy
 * ({@code redis.read_cache_ms}). Absent rooms are not cached, so a room created anywhere is seen at once; a room
 * ended or changed by another gateway instance may still read as it was for up to the TTL. Writes go straight
 * through and evict their key.
 */
public final class ReadCachingRoomStore implements RoomStore {
  private final RoomStore delegate;
  private final ReadCache<RoomKey, RoomRecord> active;

  public ReadCachingRoomStore(RoomStore delegate, long ttlMillis, int maxEntries, LongSupplier nanoTime) {
    this.delegate = delegate;
    this.active = new ReadCache<>(ttlMillis * 1_000_000L, maxEntries, nanoTime);
  }

  @Override
  public Future<RoomRecord> findActive(RoomKey key) {
    RoomRecord cached = active.get(key);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return delegate.findActive(key).onSuccess(room -> {
      if (room != null) {
        active.put(key, room);
      }
    });
  }

  @Override
  public Future<List<RoomRecord>> listActive(String tenantId) {
    return delegate.listActive(tenantId);
  }

  @Override
  public Future<RoomRecord> putActiveIfAbsent(RoomRecord room) {
    active.evict(room.key());
    return delegate.putActiveIfAbsent(room);
  }

  @Override
  public Future<RoomRecord> replaceActive(RoomRecord room) {
    active.evict(room.key());
    return delegate.replaceActive(room).onComplete(ar -> active.evict(room.key()));
  }

  @Override
  public Future<RoomRecord> end(RoomKey key, long endedAtUnixSeconds) {
    active.evict(key);
    return delegate.end(key, endedAtUnixSeconds).onComplete(ar -> active.evict(key));
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
