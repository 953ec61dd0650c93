package io.roomgate.webhook;

/** Webhooks with the in-process stores and queue. */
class WebhookInMemoryTest extends WebhookContract {
  @Override
  protected String redisUrl() {
    return null;
  }
}
