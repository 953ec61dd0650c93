package io.roomgate.webhook;

import io.vertx.core.Future;

/** Remembers LiveKit webhook event ids for a while, so that a redelivered event is applied once. */
public interface EventIds {
  /** True the first time an id is seen within the retention window. */
  Future<Boolean> firstTime(String id);

  /** Forgets an id again, e.g. when applying its event failed and LiveKit should be allowed to retry it. */
  Future<Void> forget(String id);
}
