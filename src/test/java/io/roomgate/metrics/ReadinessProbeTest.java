package io.roomgate.metrics;

import io.roomgate.testsupport.TestClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadinessProbeTest {

  @Test
  void aFloodOfProbesWithinThePeriodCostsOneCheck() {
    AtomicInteger checks = new AtomicInteger();
    TestClock clock = new TestClock(0);
    ReadinessProbe probe = new ReadinessProbe(() -> {
      checks.incrementAndGet();
      return Future.succeededFuture();
    }, 60_000, clock);
    for (int i = 0; i < 1_000; i++) {
      assertTrue(probe.check().succeeded());
      clock.advanceMillis(59);
    }
    assertEquals(1, checks.get()); // the last probe came 58.941 s after the first check: within the period
    clock.advanceMillis(1_000); // 60 s after the first check: the period is over
    assertTrue(probe.check().succeeded());
    assertEquals(2, checks.get());
  }

  @Test
  void probesShareAnInFlightCheckAndRecheckOnceThePeriodIsOver() {
    AtomicInteger checks = new AtomicInteger();
    Promise<Void> slow = Promise.promise();
    ReadinessProbe probe = new ReadinessProbe(() -> checks.incrementAndGet() == 1 ? slow.future()
        : Future.failedFuture("redis down"), 0, new TestClock(0));
    Future<Void> first = probe.check();
    assertSame(first, probe.check()); // still running: shared, whatever the period
    slow.complete();
    assertTrue(probe.check().failed()); // period 0: a completed answer is stale at once
    assertEquals(2, checks.get());
  }
}
