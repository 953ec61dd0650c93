package io.roomgate.api.plugnmeet;

import io.roomgate.testsupport.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;

/** The plugNmeet API over the Redis room store, against a real redis-server process. */
class PlugNmeetApiRedisTest extends PlugNmeetApiContract {
  private RedisServerProcess redis;

  @Override
  protected String redisUrl() {
    redis = RedisServerProcess.start();
    return redis.url();
  }

  @AfterAll
  void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }
}
