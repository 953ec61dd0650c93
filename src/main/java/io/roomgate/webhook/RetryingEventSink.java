package io.roomgate.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Keeps an event that Redis could not take: a room the store had just written (and the caller had been told about)
 * must not lose its {@code room_created} because Redis died between the two commands. Such an event waits in this
 * process, in order, and is written again every {@value #RETRY_MS} ms until Redis takes it; while any wait, new
 * events queue behind them, so a room's events keep their order. At most {@code capacity} wait (then the newest is
 * refused, as before); they are lost only if this process ends before Redis returns.
 */
final class RetryingEventSink implements TenantEventSink {
  private static final Logger LOG = Logger.getLogger(RetryingEventSink.class.getName());
  static final long RETRY_MS = 1_000;

  private final TenantEventSink target;
  private final int capacity;
  private final ConcurrentLinkedQueue<TenantEvent> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final long timer;

  RetryingEventSink(Vertx vertx, TenantEventSink target, int capacity) {
    this.target = target;
    this.capacity = capacity;
    this.timer = vertx.setPeriodic(RETRY_MS, t -> drain());
  }

  @Override
  public Future<Void> publish(TenantEvent event) {
    if (size.get() == 0) {
      return target.publish(event).recover(e -> keep(event, e));
    }
    return keep(event, null);
  }

  private Future<Void> keep(TenantEvent event, Throwable cause) {
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return Future.failedFuture("webhook events waiting for Redis are at their limit (" + capacity + ")");
    }
    waiting.add(event);
    if (cause != null) {
      LOG.warning(event.event() + " waits in this process until Redis takes it: " + cause.getMessage());
    }
    return Future.succeededFuture();
  }

  /** Writes the waiting events, oldest first, one at a time, until one fails. */
  private void drain() {
    TenantEvent next = waiting.peek();
    if (next == null || !draining.compareAndSet(false, true)) {
      return;
    }
    target.publish(next).onComplete(ar -> {
      draining.set(false);
      if (ar.succeeded()) {
        waiting.poll();
        size.decrementAndGet();
        drain();
      }
    });
  }

  /** Events waiting for Redis now. */
  int waiting() {
    return size.get();
  }

  void close(Vertx vertx) {
    vertx.cancelTimer(timer);
    if (size.get() > 0) {
      LOG.warning(size.get() + " webhook events were still waiting for Redis at shutdown and are lost");
    }
  }
}
