package io.roomgate.api.tencent;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.PlugNmeetTestClient;
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

  @Test
  void maxActiveRoomsHoldsExactlyWhenTwoGatewayNodesCreateAtOnce() throws Exception {
    Gateway other = Gateway.start(vertx, ConfigLoader.parse(yaml(redis.url()))).await();
    PlugNmeetTestClient here = new PlugNmeetTestClient(vertx, gateway.apiPort(), TINY_PNM_KEY, TINY_PNM_SECRET);
    PlugNmeetTestClient there = new PlugNmeetTestClient(vertx, other.apiPort(), TINY_PNM_KEY, TINY_PNM_SECRET);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      // tiny (max_active_rooms: 2) starts empty
      JsonObject active = here.call("getActiveRoomsInfo", new JsonObject());
      if (active.getBoolean("status")) {
        active.getJsonArray("rooms").forEach(r -> here.call("endRoom", new JsonObject().put("room_id",
            ((JsonObject) r).getJsonObject("room_info").getString("room_id"))));
      }
      java.util.List<java.util.concurrent.Future<JsonObject>> creates = new java.util.ArrayList<>();
      for (int i = 0; i < 12; i++) {
        PlugNmeetTestClient node = i % 2 == 0 ? here : there;
        String id = roomId + "-" + i;
        creates.add(pool.submit(() -> node.call("create", pnmCreateBody(id))));
      }
      java.util.List<String> created = new java.util.ArrayList<>();
      int refused = 0;
      for (java.util.concurrent.Future<JsonObject> f : creates) {
        JsonObject r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
        if (r.getBoolean("status")) {
          created.add(r.getJsonObject("room_info").getString("room_id"));
        } else {
          assertEquals("PERMISSION_DENIED", r.getString("status_code"), r.encode());
          refused++;
        }
      }
      assertEquals(2, created.size(), "exactly max_active_rooms rooms over both nodes: " + created);
      assertEquals(10, refused);
      assertEquals(2, there.call("getActiveRoomsInfo", new JsonObject()).getJsonArray("rooms").size());
      created.forEach(id -> assertEquals(true, there.call("endRoom", new JsonObject().put("room_id", id))
          .getBoolean("status")));
    } finally {
      pool.shutdownNow();
      here.close();
      there.close();
      other.close().await();
    }
  }

}
