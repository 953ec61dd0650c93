package io.roomgate.store;

import io.roomgate.room.RoomStore;
import io.roomgate.testsupport.RedisClusterProcess;
import io.vertx.core.Vertx;

/** The room store contract on a real 3-master / 3-replica Redis Cluster (the third backend). */
class ClusterRoomStoreTest extends RoomStoreContract {

  @Override
  protected RoomStore newEmptyStore(Vertx vertx) {
    RedisClusterProcess cluster = RedisClusterProcess.shared();
    cluster.flushAll();
    return RedisRoomStore.create(vertx, cluster.config(4, 1024, 5_000));
  }
}
