package io.roomgate.api.tencent;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.testsupport.TencentTestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The Tencent API over the Redis room store, against a real redis-server process. */
class TencentApiRedisTest extends TencentApiContract {
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

  @Test
  void theOncePerSecondRuleHoldsAcrossGatewayNodes() {
    Gateway other = Gateway.start(vertx, ConfigLoader.parse(yaml(redis.url()))).await();
    try {
      TencentTestClient acmeOnOther = new TencentTestClient(vertx, other.apiPort(), ACME_APP, ACME_KEY,
          "administrator");
      assertOk(acme.call("create_room", createBody(roomId)));
      assertOk(acme.call("destroy_room", roomIdBody(roomId)));
      assertFail(acmeOnOther.call("create_room", createBody(roomId)), 100012);
      // and the room state is shared: the other node sees the room the first one creates
      String second = roomId + "-b";
      assertOk(acme.call("create_room", createBody(second)));
      assertOk(acmeOnOther.call("get_room_info", roomIdBody(second)));
    } finally {
      other.close().await();
    }
  }
}
