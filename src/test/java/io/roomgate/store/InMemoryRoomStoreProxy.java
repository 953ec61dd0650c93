package io.roomgate.store;

import io.roomgate.room.RoomStore;
import io.roomgate.room.PastRoomQuery;
import io.roomgate.room.PastRoomPage;
import io.roomgate.room.ActiveClaim;
import io.roomgate.room.RoomKey;
import io.roomgate.room.RoomRecord;
import io.vertx.core.Future;

import java.util.List;

/** An in-process store that tests can subclass to count or observe calls. */
class InMemoryRoomStoreProxy implements RoomStore {
  private final InMemoryRoomStore store = new InMemoryRoomStore();

  @Override
  public Future<RoomRecord> findActive(RoomKey key) {
    return store.findActive(key);
  }

  @Override
  public Future<List<RoomRecord>> listActive(String tenantId) {
    return store.listActive(tenantId);
  }

  @Override
  public Future<Integer> countActive(String tenantId) {
    return store.countActive(tenantId);
  }

  @Override
  public Future<ActiveClaim> claimActive(RoomRecord room, int maxActiveRooms) {
    return store.claimActive(room, maxActiveRooms);
  }

  @Override
  public Future<RoomRecord> replaceActive(RoomRecord room) {
    return store.replaceActive(room);
  }

  @Override
  public Future<RoomRecord> end(RoomKey key, long endedAtUnixSeconds) {
    return store.end(key, endedAtUnixSeconds);
  }

  @Override
  public Future<PastRoomPage> pastRooms(String tenantId, PastRoomQuery query) {
    return store.pastRooms(tenantId, query);
  }

  @Override
  public Future<Void> close() {
    return store.close();
  }
}
