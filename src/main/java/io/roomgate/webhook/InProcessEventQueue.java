package io.roomgate.webhook;

import io.vertx.core.Future;

/** Without Redis: events go straight to the dispatcher's lanes; a restart loses what was still queued. */
final class InProcessEventQueue implements TenantEventSink {
  private final WebhookDispatcher dispatcher;

  InProcessEventQueue(WebhookDispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  @Override
  public Future<Void> publish(TenantEvent event) {
    dispatcher.submit(new WebhookDispatcher.Job(event, dispatcher.now(), ok -> { }));
    return Future.succeededFuture();
  }
}
