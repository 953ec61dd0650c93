package io.roomgate.store;

import io.roomgate.config.RedisConfig;
import io.roomgate.redis.RedisClients;
import io.roomgate.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The presence contract against a real redis-server process. */
class RedisPresenceStoreTest extends PresenceStoreContract {
  private static RedisServerProcess redis;
  private static Vertx vertx;
  private static PresenceStore store;

  @BeforeAll
  static void start() {
    redis = RedisServerProcess.start();
    vertx = Vertx.vertx();
    store = new RedisPresenceStore(RedisClients.create(vertx,
        new RedisConfig(redis.url(), 4, 64, 2000)), 2000);
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    redis.close();
  }

  @Override
  protected PresenceStore store() {
    return store;
  }
}
