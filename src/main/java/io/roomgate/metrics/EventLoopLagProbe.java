package io.roomgate.metrics;

import io.vertx.core.Vertx;

import java.util.concurrent.TimeUnit;

/**
 * Measures how late the event loop runs a timer: a one-shot timer re-armed on every tick records
 * {@code now - (armedAt + interval)} as {@code roomgate_eventloop_lag_seconds{loop}}. A healthy loop shows well under a
 * millisecond; a blocked or overloaded one shows the time callers waited. Started from a verticle's context so the
 * timer runs on that verticle's event loop.
 */
public final class EventLoopLagProbe {
  public static final long DEFAULT_INTERVAL_MS = 100;

  private final Vertx vertx;
  private final GatewayMetrics metrics;
  private final int loop;
  private final long intervalMs;
  private volatile boolean stopped;

  private EventLoopLagProbe(Vertx vertx, GatewayMetrics metrics, int loop, long intervalMs) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.loop = loop;
    this.intervalMs = intervalMs;
  }

  /** Starts a probe on the caller's event loop (call it from a verticle's {@code start}). */
  public static EventLoopLagProbe start(Vertx vertx, GatewayMetrics metrics, int loop) {
    EventLoopLagProbe p = new EventLoopLagProbe(vertx, metrics, loop, DEFAULT_INTERVAL_MS);
    if (metrics.enabled()) {
      metrics.registerEventLoop(loop);
      p.arm();
    }
    return p;
  }

  private void arm() {
    long armedAt = System.nanoTime();
    vertx.setTimer(intervalMs, id -> {
      if (stopped) {
        return;
      }
      metrics.eventLoopLag(loop, System.nanoTime() - armedAt - TimeUnit.MILLISECONDS.toNanos(intervalMs));
      arm();
    });
  }

  public void stop() {
    stopped = true;
  }
}
