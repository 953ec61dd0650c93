package io.roomgate.api.tencent;

import io.roomgate.room.RoomKey;
import io.roomgate.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@link CreateRoomThrottle} across gateway nodes: one atomic {@code SET <key> 1 NX PX 1000} per create, on the
 * tenant's hash-tagged key ({@link RedisKeys#createRoomOnce}). The key expires by itself, so nothing accumulates.
 *
 * <p>Failure policy: if Redis does not answer, the create is admitted (fail open) and a warning logged. The room
 * store lives in the same Redis, so the create itself then fails with 100001 anyway; refusing it with 100012
 * would misreport the cause.
 */
public final class RedisCreateRoomThrottle implements CreateRoomThrottle {
  private static final Logger LOG = Logger.getLogger(RedisCreateRoomThrottle.class.getName());

  private final Redis redis;
  private final long timeoutMs;

  public RedisCreateRoomThrottle(Redis redis, long timeoutMs) {
    this.redis = redis;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<Boolean> tryAcquire(RoomKey room) {
    Request set = Request.cmd(Command.SET)
        .arg(RedisKeys.createRoomOnce(room.tenantId(), room.roomId()))
        .arg("1").arg("NX").arg("PX").arg(WINDOW_MS);
    return redis.send(set)
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(r -> r != null) // OK when set, nil when the key exists
        .recover(e -> {
          LOG.warning("create_room throttle: Redis failed, admitting " + room + ": " + e.getMessage());
          return Future.succeededFuture(true);
        });
  }
}
