package io.roomgate.webhook;

import io.roomgate.testsupport.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events Redis could not take wait in order and are written once it can; the wait is bounded. */
class RetryingEventSinkTest {
  private final Vertx vertx = Vertx.vertx();
  private final AtomicBoolean redisUp = new AtomicBoolean();
  private final List<String> written = new CopyOnWriteArrayList<>();
  private final TenantEventSink redis = event -> {
    if (!redisUp.get()) {
      return Future.failedFuture("Connection refused");
    }
    written.add(event.event());
    return Future.succeededFuture();
  };

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static TenantEvent event(String name) {
    return new TenantEvent("acme", "r1", name, List.of("https://hooks.example/x"), "{}");
  }

  @Test
  void eventsRedisRefusedAreWrittenInOrderWhenItIsBack() {
    RetryingEventSink sink = new RetryingEventSink(vertx, redis, 10);
    assertTrue(sink.publish(event("room_created")).succeeded(), "kept, so the caller's event is not lost");
    assertTrue(sink.publish(event("room_started")).succeeded());
    assertEquals(2, sink.waiting());
    redisUp.set(true);
    assertTrue(sink.publish(event("participant_joined")).succeeded(), "queued behind the waiting ones");
    Eventually.await("the waiting events written", () -> sink.waiting() == 0, 10_000);
    assertEquals(List.of("room_created", "room_started", "participant_joined"), written);
    assertTrue(sink.publish(event("room_finished")).succeeded());
    assertEquals(List.of("room_created", "room_started", "participant_joined", "room_finished"), written,
        "nothing waits: straight through");
    sink.close(vertx);
  }

  @Test
  void atMostCapacityWait() {
    RetryingEventSink sink = new RetryingEventSink(vertx, redis, 2);
    assertTrue(sink.publish(event("a")).succeeded());
    assertTrue(sink.publish(event("b")).succeeded());
    assertTrue(sink.publish(event("c")).failed(), "the third is refused, as before this sink");
    assertEquals(2, sink.waiting());
    sink.close(vertx);
  }
}
