package io.roomgate.webhook;

import io.roomgate.testsupport.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;

/** Webhooks with the Redis stores and the durable Redis Stream queue, against a real redis-server. */
class WebhookRedisTest extends WebhookContract {
  private RedisServerProcess redis;

  @Override
  protected String redisUrl() {
    if (redis == null) {
      redis = RedisServerProcess.start();
    }
    return redis.url();
  }

  @AfterAll
  void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }
}
