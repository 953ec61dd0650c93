package io.roomgate.api.tencent;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.testsupport.TencentTestClient;
import org.junit.jupiter.api.AfterAll;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

  @Test
  void aChangeAtOneNodeShowsAtTheOtherAtOnceDespiteItsReadCache() {
    String url = redis.url();
    // a minute-long read cache on the other node: only the write's announcement can explain seeing a change
    Gateway other = Gateway.start(vertx, ConfigLoader.parse(yaml(url)
        .replace("redis: {url: \"" + url + "\"}", "redis: {url: \"" + url + "\", read_cache_ms: 60000}"))).await();
    try {
      TencentTestClient acmeOnOther = new TencentTestClient(vertx, other.apiPort(), ACME_APP, ACME_KEY,
          "administrator");
      assertOk(acme.call("create_room", createBody(roomId)));
      assertEquals("Live " + roomId, roomInfo(acmeOnOther, roomId).getString("RoomName")); // now cached there
      assertOk(acme.call("update_room_info", new JsonObject().put("RoomInfo", new JsonObject()
          .put("RoomId", roomId).put("RoomName", "Renamed"))));
      // within 5 s (a loaded machine may schedule the other node late), far below the 60 s its copy would live
      Eventually.await("the other node sees the rename",
          () -> "Renamed".equals(roomInfo(acmeOnOther, roomId).getString("RoomName")), 5_000);
      assertOk(acme.call("destroy_room", roomIdBody(roomId)));
      Eventually.await("the other node sees the room destroyed",
          () -> acmeOnOther.call("get_room_info", roomIdBody(roomId)).getInteger("ErrorCode") == 100004, 5_000);
    } finally {
      other.close().await();
    }
  }

}
