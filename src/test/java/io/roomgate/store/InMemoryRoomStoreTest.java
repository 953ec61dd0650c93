package io.roomgate.store;

import io.roomgate.room.RoomStore;
import io.vertx.core.Vertx;

class InMemoryRoomStoreTest extends RoomStoreContract {

  @Override
  protected RoomStore newEmptyStore(Vertx vertx) {
    return new InMemoryRoomStore();
  }
}
