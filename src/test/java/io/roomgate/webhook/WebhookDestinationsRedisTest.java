package io.roomgate.webhook;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.redis.RedisKeys;
import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhook destinations with the durable Redis Stream queue, a fresh redis-server per gateway. Besides the contract:
 * whatever ends an event (delivered, refused, dropped after an exception) acknowledges it, including entries that
 * older versions queued with URLs that are no longer accepted.
 */
class WebhookDestinationsRedisTest extends WebhookDestinationsContract {
  private final List<RedisServerProcess> servers = new ArrayList<>();
  private RedisServerProcess last;

  @Override
  protected String redisUrl() {
    last = RedisServerProcess.start();
    servers.add(last);
    return last.url();
  }

  @AfterAll
  void stopRedis() {
    servers.forEach(RedisServerProcess::close);
  }

  private static String entry(String roomId, String body, String... urls) {
    JsonObject e = new JsonObject().put("tenant", "acme").put("room", roomId).put("event", "room_created")
        .put("urls", new JsonArray(List.of((Object[]) urls)));
    if (body != null) {
      e.put("body", body);
    }
    return e.encode();
  }

  @Test
  void refusedAndFailingEventsAreAcknowledged() {
    String yaml = TestConfigs.gateway(redisUrl(), null)
        .withSection("webhooks: {backoff_initial_ms: 20, backoff_max_ms: 100, max_age_seconds: 1, "
            + "allow_networks: [127.0.0.0/8]}").yaml();
    RedisServerProcess redis = last;
    String stream = RedisKeys.webhookStream();
    String room = "acked-" + Long.toString(System.nanoTime(), 36);
    String body = new JsonObject().put("event", "room_created").put("room", new JsonObject().put("room_id", room))
        .encode();
    // as older versions queued them: URLs never checked at create
    redis.command("XADD", stream, "*", "e", entry(room + "-file", body, "file:///x"));
    redis.command("XADD", stream, "*", "e", entry(room + "-port0", body, "http://127.0.0.1:0/"));
    redis.command("XADD", stream, "*", "e", entry(room + "-private", body, "http://10.1.2.3/hook"));
    // an entry whose delivery throws (no body to sign): retried until max_age_seconds, then dropped ...
    redis.command("XADD", stream, "*", "e", entry(room, null, receiver.url("/after")));
    // ... and the same room's next event is delivered after it, in order
    redis.command("XADD", stream, "*", "e", entry(room, body, receiver.url("/after")));

    Gateway g = Gateway.start(vertx, ConfigLoader.parse(yaml)).await();
    try {
      Eventually.await("the event behind the failing one delivered", () -> receiver.events("/after", room).size() == 1);
      Eventually.await("nothing pending in the consumer group",
          () -> redis.command("XPENDING", stream, RedisStreamEventQueue.GROUP).startsWith("[0,"));
      assertEquals("5", redis.command("XLEN", stream), "entries stay until trimmed; they are acknowledged");
      String metrics = io.vertx.ext.web.client.WebClient.create(vertx)
          .get(g.managementPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
      assertTrue(metrics.contains("roomgate_webhook_deliveries_total{result=\"refused\"} 3.0"), metrics);
      assertTrue(metrics.contains("roomgate_webhook_deliveries_total{result=\"dropped\"} 1.0"), metrics);
      assertTrue(metrics.contains("roomgate_webhook_deliveries_total{result=\"delivered\"} 1.0"), metrics);
    } finally {
      g.close().await();
    }
  }
}
