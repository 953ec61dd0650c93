package io.roomgate.auth.replay;

import io.roomgate.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.util.concurrent.TimeUnit;

/**
 * Nonces seen by any gateway on the same Redis: {@code SET rg:{tenant}:nonce:<nonce> 1 NX PX ttl}, so a request
 * replayed to another instance is refused too. Each key expires when its timestamp leaves the window, which bounds
 * the keys of a tenant by its request rate times twice the window.
 */
public final class RedisNonceStore implements NonceStore {
  private final Redis redis;
  private final long timeoutMs;

  public RedisNonceStore(Redis redis, long timeoutMs) {
    this.redis = redis;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<Boolean> firstUse(String tenantId, String nonce, long ttlMillis) {
    return redis.send(Request.cmd(Command.SET).arg(RedisKeys.replayNonce(tenantId, nonce)).arg(1).arg("NX")
            .arg("PX").arg(ttlMillis))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(r -> r != null);
  }
}
