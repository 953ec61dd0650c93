package io.roomgate.webhook;

import io.roomgate.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

/** Event ids seen by any gateway instance: {@code SET NX EX}, so two instances receiving one event apply it once. */
public final class RedisEventIds implements EventIds {
  private final Redis redis;
  private final long retentionSeconds;
  private final long timeoutMs;

  public RedisEventIds(Redis redis, long retentionSeconds, long timeoutMs) {
    this.redis = redis;
    this.retentionSeconds = retentionSeconds;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<Boolean> firstTime(String id) {
    return redis.send(Request.cmd(Command.SET).arg(RedisKeys.webhookEventSeen(id)).arg(1).arg("NX")
            .arg("EX").arg(retentionSeconds))
        .timeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS)
        .map(r -> r != null);
  }

  @Override
  public Future<Void> forget(String id) {
    return redis.send(Request.cmd(Command.DEL).arg(RedisKeys.webhookEventSeen(id)))
        .timeout(timeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS).mapEmpty();
  }
}
