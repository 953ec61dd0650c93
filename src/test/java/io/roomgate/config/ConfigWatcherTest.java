package io.roomgate.config;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Hot reload: a changed file is re-read and validated; a bad one is ignored and the next good one applies. */
class ConfigWatcherTest {
  private static final String LIVEKIT = "livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef}\n";
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void down() {
    vertx.close().await();
  }

  private static String config(String rateLimit) {
    return LIVEKIT + "tenants:\n  - id: demo\n    rate_limit: " + rateLimit + "\n    plugnmeet: {api_key: pk, api_secret: ps-0123456789abcdef}\n";
  }

  @Test
  void changedFilesAreReloadedAndBadOnesIgnored() throws Exception {
    Path file = Files.createTempFile("roomgate-watch-", ".yaml");
    Files.writeString(file, config("{qps: 10}"));
    LinkedBlockingQueue<GatewayConfig> reloads = new LinkedBlockingQueue<>();
    ConfigWatcher watcher = ConfigWatcher.start(vertx, file, 20, reloads::add);
    try {
      Files.writeString(file, config("{qps: 20, burst: 40}"));
      GatewayConfig c = reloads.poll(10, TimeUnit.SECONDS);
      assertNotNull(c, "the change was seen");
      assertEquals(40, c.tenants().get(0).rateLimit().burst());

      Files.writeString(file, config("{qps: 30, on_redis_error: maybe}")); // invalid: logged, not applied
      assertEquals(null, reloads.poll(300, TimeUnit.MILLISECONDS), "a bad file is not applied");

      Files.writeString(file, config("{qps: 50}"));
      GatewayConfig next = reloads.poll(10, TimeUnit.SECONDS);
      assertNotNull(next);
      assertEquals(50, next.tenants().get(0).rateLimit().qps());
    } finally {
      watcher.stop();
    }
  }
}
