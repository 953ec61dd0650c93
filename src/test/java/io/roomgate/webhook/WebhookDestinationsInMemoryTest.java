package io.roomgate.webhook;

/** Webhook destinations with the in-process queue. */
class WebhookDestinationsInMemoryTest extends WebhookDestinationsContract {
  @Override
  protected String redisUrl() {
    return null;
  }
}
