package io.roomgate.auth.replay;

import io.roomgate.testsupport.RedisServerExtension;
import io.roomgate.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared nonce store against a real redis-server: first use wins, the key is the tenant's and it expires. */
@ExtendWith(RedisServerExtension.class)
class RedisNonceStoreTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void firstUseWinsAndTheKeyExpiresWithTheWindow(RedisServerProcess server) {
    server.flushAll();
    Redis redis = Redis.createClient(vertx, server.url());
    RedisNonceStore store = new RedisNonceStore(redis, 2_000);
    assertTrue(store.firstUse("acme", "abcdefghijklmnop", 30_000).await());
    assertFalse(store.firstUse("acme", "abcdefghijklmnop", 30_000).await());
    assertTrue(store.firstUse("globex", "abcdefghijklmnop", 30_000).await(), "tenants do not share nonces");
    long pttl = Long.parseLong(server.command("PTTL", "rg:{acme}:nonce:abcdefghijklmnop").trim());
    assertTrue(pttl > 0 && pttl <= 30_000, "PTTL " + pttl);
    assertEquals("2", server.command("DBSIZE").trim());
  }

  @Test
  void anUnreachableRedisFailsTheFuture() {
    Redis redis = Redis.createClient(vertx, "redis://127.0.0.1:1");
    RedisNonceStore store = new RedisNonceStore(redis, 500);
    assertTrue(store.firstUse("acme", "abcdefghijklmnop", 30_000).otherwise(e -> null)
        .map(v -> v == null).await(), "a failed future, not an answer");
  }
}
