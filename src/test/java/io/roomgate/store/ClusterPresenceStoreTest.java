package io.roomgate.store;

import io.roomgate.room.PresenceStore;
import io.roomgate.redis.RedisClients;
import io.roomgate.testsupport.RedisClusterProcess;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The presence contract on a real 3-master / 3-replica Redis Cluster. */
class ClusterPresenceStoreTest extends PresenceStoreContract {
  private static Vertx vertx;
  private static PresenceStore store;

  @BeforeAll
  static void start() {
    RedisClusterProcess cluster = RedisClusterProcess.shared();
    cluster.flushAll();
    vertx = Vertx.vertx();
    store = new RedisPresenceStore(RedisClients.create(vertx, cluster.config(4, 64, 5_000)), 5_000);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Override
  protected PresenceStore store() {
    return store;
  }
}
