package io.roomgate.store;

import io.roomgate.room.RoomReads;
import io.roomgate.room.RoomView;
import io.roomgate.room.RoomKey;
import io.vertx.core.Future;

import java.util.function.LongSupplier;

/**
 * {@link RoomReads} answered from a short node-local copy ({@code redis.read_cache_ms}), like
 * {@link ReadCachingRoomStore}: absent rooms are not kept, and a change of the room's record or presence announced
 * through {@link RoomInvalidations} drops the copy (this instance's own writes included, before their caller is
 * answered: see {@link LocalFirstInvalidations}).
 */
public final class ReadCachingRoomReads implements RoomReads {
  private final RoomReads delegate;
  private final ReadCache<RoomKey, RoomView> views;

  public ReadCachingRoomReads(RoomReads delegate, RoomInvalidations invalidations, long ttlMillis, int maxEntries,
                              LongSupplier nanoTime) {
    this.delegate = delegate;
    this.views = new ReadCache<>(ttlMillis * 1_000_000L, maxEntries, nanoTime);
    invalidations.feed(views);
  }

  @Override
  public Future<RoomView> activeWithPresence(RoomKey key) {
    return views.getOrLoad(key, delegate::activeWithPresence);
  }
}
