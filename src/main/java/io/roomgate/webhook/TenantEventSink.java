package io.roomgate.webhook;

import io.vertx.core.Future;

/** Accepts events for delivery; succeeds once the event is queued (durably, with Redis). */
public interface TenantEventSink {
  Future<Void> publish(TenantEvent event);
}
