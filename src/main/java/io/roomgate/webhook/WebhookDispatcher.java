package io.roomgate.webhook;

import io.roomgate.config.WebhookConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Delivers tenant events over HTTP, in order per room: each room has a FIFO lane and at most one event in flight;
 * an event goes to each of its URLs in turn, each retried with exponential backoff until it answers 2xx or the event
 * is older than {@code max_age_seconds}. All lane state lives on one context, so nothing here locks.
 */
final class WebhookDispatcher {
  private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());

  /** An event plus what to do once it is settled ({@code true} = delivered everywhere, {@code false} = dropped). */
  record Job(TenantEvent event, long queuedAtMillis, Consumer<Boolean> onSettled) {
  }

  private final Vertx vertx;
  private final Context context;
  private final WebClient client;
  private final WebhookSigner signer;
  private final WebhookConfig config;
  private final Map<String, ArrayDeque<Job>> lanes = new HashMap<>();
  private int queued;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  WebhookDispatcher(Vertx vertx, Context context, WebhookSigner signer, WebhookConfig config) {
    this.vertx = vertx;
    this.context = context;
    this.signer = signer;
    this.config = config;
    this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeoutMs())).setUserAgent("roomgate"));
  }

  /** Room for more events in this process. */
  int capacity() {
    return config.maxQueue() - queued;
  }

  /** Queues the job on the dispatcher's context; a full queue drops it (and says so). */
  void submit(Job job) {
    context.runOnContext(v -> {
      if (queued >= config.maxQueue()) {
        dropped.incrementAndGet();
        LOG.warning("webhook queue full (" + config.maxQueue() + "): dropped " + job.event().event()
            + " for " + job.event().lane());
        job.onSettled().accept(false);
        return;
      }
      queued++;
      ArrayDeque<Job> lane = lanes.computeIfAbsent(job.event().lane(), k -> new ArrayDeque<>());
      lane.add(job);
      if (lane.size() == 1) {
        attempt(lane, job, 0, 0);
      }
    });
  }

  private void attempt(ArrayDeque<Job> lane, Job job, int urlIndex, int attempt) {
    TenantEvent event = job.event();
    if (urlIndex >= event.urls().size()) {
      delivered.incrementAndGet();
      settle(lane, job, true);
      return;
    }
    String token = signer.sign(event.tenantId(), event.body());
    if (token == null) {
      LOG.warning("tenant " + event.tenantId() + " is gone: dropped " + event.event());
      dropped.incrementAndGet();
      settle(lane, job, false);
      return;
    }
    String url = event.urls().get(urlIndex);
    client.postAbs(url)
        .putHeader("Content-Type", "application/json")
        .putHeader("Authorization", token)
        .putHeader("Hash-Token", token)
        .timeout(config.timeoutMs())
        .sendBuffer(Buffer.buffer(event.body()))
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
            attempt(lane, job, urlIndex + 1, 0);
            return;
          }
          if (System.currentTimeMillis() - job.queuedAtMillis() > config.maxAgeSeconds() * 1000) {
            LOG.warning("webhook " + event.event() + " to " + url + " dropped after " + (attempt + 1) + " attempts");
            dropped.incrementAndGet();
            attempt(lane, job, urlIndex + 1, 0); // the other URLs still get it
            return;
          }
          retries.incrementAndGet();
          long delay = Math.min(config.backoffMaxMs(), config.backoffInitialMs() << Math.min(attempt, 20));
          vertx.setTimer(delay, t -> attempt(lane, job, urlIndex, attempt + 1));
        });
  }

  private void settle(ArrayDeque<Job> lane, Job job, boolean ok) {
    lane.poll();
    queued--;
    try {
      job.onSettled().accept(ok);
    } finally {
      Job next = lane.peek();
      if (next == null) {
        lanes.remove(job.event().lane());
      } else {
        attempt(lane, next, 0, 0);
      }
    }
  }

  long delivered() {
    return delivered.get();
  }

  long retries() {
    return retries.get();
  }

  long dropped() {
    return dropped.get();
  }

  void close() {
    client.close();
  }
}
