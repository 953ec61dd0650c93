package io.roomgate.webhook;

import io.roomgate.config.CidrBlock;
import io.roomgate.config.ConfigLoader;
import io.roomgate.config.WebhookConfig;
import io.roomgate.tenant.TenantRegistry;
import io.roomgate.testsupport.TestClock;
import io.roomgate.testsupport.TestConfigs;
import io.roomgate.testsupport.WebhookReceiverServer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dispatcher alone, against a real HTTP receiver, on a fixed clock: whatever a delivery throws, its job settles;
 * a lane of thousands of events that are refused at once drains without growing the stack.
 */
class WebhookDispatcherTest {
  /** The fixed "now" of the dispatcher's clock. */
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private Vertx vertx;
  private WebhookReceiverServer receiver;
  private WebhookDispatcher dispatcher;
  private final Logger quiet = Logger.getLogger(WebhookDispatcher.class.getName());

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    receiver = WebhookReceiverServer.start(vertx);
    TestClock clock = TestClock.atSeconds(NOW.getEpochSecond());
    TenantRegistry tenants = new TenantRegistry(ConfigLoader.parse(TestConfigs.yaml(null)).tenants(), clock);
    Context context = vertx.getOrCreateContext();
    WebhookConfig config = new WebhookConfig(2000, 10, 10, 60, 100_000, 100_000, 8,
        List.of(CidrBlock.parse("127.0.0.0/8")));
    dispatcher = new WebhookDispatcher(vertx, context, new WebhookSigner(vertx, tenants, clock), config,
        clock);
  }

  @AfterEach
  void stop() {
    quiet.setLevel(null);
    dispatcher.close();
    receiver.close();
    vertx.close().await();
  }

  private static String body(String roomId) {
    return new JsonObject().put("event", "room_created").put("room", new JsonObject().put("room_id", roomId)).encode();
  }

  @Test
  void aDeliveryThatThrowsSettlesAndTheLaneGoesOn() throws Exception {
    ConcurrentLinkedQueue<String> settled = new ConcurrentLinkedQueue<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    // no body: signing it throws. Queued 61 s ago on the fixed clock, so past max_age_seconds (60) at once:
    // the first failure drops it instead of retrying
    long old = NOW.toEpochMilli() - 61_000;
    dispatcher.submit(new WebhookDispatcher.Job(new TenantEvent("acme", "r1", "room_created",
        List.of(receiver.url("/hooks")), null), old, ok -> settled.add("broken")));
    dispatcher.submit(new WebhookDispatcher.Job(new TenantEvent("acme", "r1", "room_created",
        List.of(receiver.url("/hooks")), body("r1")), NOW.toEpochMilli(), ok -> {
          settled.add("good");
          done.complete(null);
        }));
    done.get(20, TimeUnit.SECONDS);
    assertEquals(List.of("broken", "good"), List.copyOf(settled));
    assertEquals(List.of("room_created"), receiver.events("/hooks", "r1"));
    assertEquals(1, dispatcher.dropped());
    assertEquals(1, dispatcher.delivered());
  }

  @Test
  void aLongLaneOfRefusedEventsDrains() throws Exception {
    quiet.setLevel(Level.OFF); // 5,000 refusal lines

    int refusedEvents = 5_000;
    CompletableFuture<Void> done = new CompletableFuture<>();
    int[] count = new int[1];
    // the first event takes a round trip to the receiver; the refused ones queue behind it in the same lane and,
    // once it is settled, are each refused at once
    dispatcher.submit(new WebhookDispatcher.Job(new TenantEvent("acme", "r2", "room_created",
        List.of(receiver.url("/hooks")), body("r2")), NOW.toEpochMilli(), ok -> count[0]++));
    for (int i = 0; i < refusedEvents; i++) {
      dispatcher.submit(new WebhookDispatcher.Job(new TenantEvent("acme", "r2", "participant_joined",
          List.of("http://10.0.0.1/hook"), body("r2")), NOW.toEpochMilli(), ok -> {
            if (++count[0] == refusedEvents + 1) {
              done.complete(null);
            }
          }));
    }
    done.get(60, TimeUnit.SECONDS);
    assertEquals(refusedEvents, dispatcher.refused());
    assertEquals(1, dispatcher.delivered());
  }
}
