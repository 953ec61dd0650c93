package io.roomgate.webhook;

import io.roomgate.redis.RedisKeys;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * With Redis: a durable delivery queue on a Redis Stream with a consumer group. Publishing is one {@code XADD}, so an
 * event is safe once {@link #publish} succeeds. One gateway instance at a time holds an expiring lease and delivers;
 * it reads entries with {@code XREADGROUP} under one fixed consumer name and {@code XACK}s each only once it is
 * settled. Whoever holds the lease next (the same process after a restart, or another one) first re-reads that
 * consumer's pending entries, so nothing acknowledged is sent again and nothing unacknowledged is lost. One reader
 * keeps each room's events in stream order.
 */
final class RedisStreamEventQueue implements TenantEventSink {
  private static final Logger LOG = Logger.getLogger(RedisStreamEventQueue.class.getName());
  static final String GROUP = "delivery";
  static final String CONSUMER = "roomgate";
  private static final long LEASE_MS = 5_000;
  private static final long RENEW_MS = 1_000;
  private static final long POLL_MS = 100;
  private static final int BATCH = 100;
  private static final long STARTUP_TIMEOUT_MS = 10_000;
  private static final long MAX_STREAM_LENGTH = 1_000_000;
  private static final String RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then "
      + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
  private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
      + "return redis.call('del', KEYS[1]) else return 0 end";

  private final Vertx vertx;
  private final Context context;
  private final Redis redis;
  private final WebhookDispatcher dispatcher;
  private final long timeoutMs;
  private final String node = UUID.randomUUID().toString();
  private final Set<String> inFlight = new HashSet<>();
  private boolean leader;
  /** While re-reading the pending list after taking the lease: the last pending id read. */
  private String pendingFrom;
  private boolean reading;
  private long leaseTimer = -1;
  private long pollTimer = -1;

  RedisStreamEventQueue(Vertx vertx, Context context, Redis redis, WebhookDispatcher dispatcher, long timeoutMs) {
    this.vertx = vertx;
    this.context = context;
    this.redis = redis;
    this.dispatcher = dispatcher;
    this.timeoutMs = timeoutMs;
  }

  /** Creates the consumer group if needed and starts competing for the lease. */
  Future<Void> start() {
    // the first command also opens the first pooled connection: give it a startup deadline, not a hot-path one
    return redis.send(Request.cmd(Command.XGROUP).arg("CREATE").arg(stream()).arg(GROUP).arg("0").arg("MKSTREAM"))
        .timeout(Math.max(timeoutMs, STARTUP_TIMEOUT_MS), TimeUnit.MILLISECONDS)
        .recover(e -> e.getMessage() != null && e.getMessage().contains("BUSYGROUP")
            ? Future.succeededFuture() : Future.failedFuture(e))
        .onSuccess(v -> context.runOnContext(x -> {
          leaseTimer = vertx.setPeriodic(0, RENEW_MS, t -> lease());
          pollTimer = vertx.setPeriodic(POLL_MS, POLL_MS, t -> poll());
        }))
        .mapEmpty();
  }

  @Override
  public Future<Void> publish(TenantEvent event) {
    return send(Request.cmd(Command.XADD).arg(stream()).arg("MAXLEN").arg("~").arg(MAX_STREAM_LENGTH)
        .arg("*").arg("e").arg(event.toJson().encode())).mapEmpty();
  }

  private void lease() {
    Future<Response> f = leader
        ? send(Request.cmd(Command.EVAL).arg(RENEW).arg(1).arg(leaderKey()).arg(node).arg(LEASE_MS))
        : send(Request.cmd(Command.SET).arg(leaderKey()).arg(node).arg("NX").arg("PX").arg(LEASE_MS));
    f.onComplete(ar -> {
      boolean held = ar.succeeded() && ar.result() != null
          && (ar.result().toString().equals("OK") || ar.result().toString().equals("1"));
      if (held && !leader) {
        LOG.info("this instance now delivers tenant webhooks");
        pendingFrom = "0"; // first, whatever the previous holder left unacknowledged
      } else if (!held && leader) {
        LOG.warning("lost the webhook delivery lease" + (ar.failed() ? ": " + ar.cause().getMessage() : ""));
      }
      leader = held;
    });
  }

  private void poll() {
    if (!leader || reading) {
      return;
    }
    int room = Math.min(BATCH, dispatcher.capacity());
    if (room <= 0) {
      return;
    }
    reading = true;
    String from = pendingFrom != null ? pendingFrom : ">";
    send(Request.cmd(Command.XREADGROUP).arg("GROUP").arg(GROUP).arg(CONSUMER).arg("COUNT").arg(room)
        .arg("STREAMS").arg(stream()).arg(from))
        .onComplete(ar -> {
          reading = false;
          if (ar.failed()) {
            LOG.warning("reading the webhook stream failed: " + ar.cause().getMessage());
            // a read whose answer was lost (a timeout) may still have run: its entries are now pending for this
            // consumer and a read of new entries would never see them, so read the pending list first again
            // (entries being delivered are skipped, see take)
            pendingFrom = "0";
            return;
          }
          int read = take(ar.result());
          if (pendingFrom != null && read < room) {
            pendingFrom = null; // the pending list is drained: from now on, new entries only
          }
        });
  }

  /** Hands the entries of an XREADGROUP reply to the dispatcher; returns how many there were. */
  private int take(Response reply) {
    if (reply == null) {
      return 0;
    }
    // RESP3 answers with a map keyed by stream name, RESP2 with [[name, entries]]
    Response entries = null;
    try {
      entries = reply.get(stream());
    } catch (RuntimeException notAMap) {
      if (reply.size() > 0 && reply.get(0) != null && reply.get(0).size() == 2) {
        entries = reply.get(0).get(1);
      }
    }
    if (entries == null) {
      return 0;
    }
    int n = 0;
    for (Response entry : entries) {
      n++;
      String id = entry.get(0).toString();
      if (pendingFrom != null) {
        pendingFrom = id;
      }
      Response fields = entry.get(1);
      if (fields == null || fields.size() < 2 || !inFlight.add(id)) {
        continue; // deleted meanwhile, or already being delivered
      }
      TenantEvent event;
      try {
        event = TenantEvent.fromJson(new JsonObject(fields.get(1).toString()));
      } catch (RuntimeException e) {
        LOG.warning("unreadable webhook stream entry " + id + ": " + e.getMessage());
        ack(id);
        continue;
      }
      dispatcher.submit(new WebhookDispatcher.Job(event, queuedAt(id), ok -> ack(id)));
    }
    return n;
  }

  /** The stream id's millisecond part is when the event was queued. */
  private static long queuedAt(String id) {
    int dash = id.indexOf('-');
    return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
  }

  private void ack(String id) {
    send(Request.cmd(Command.XACK).arg(stream()).arg(GROUP).arg(id)).onComplete(ar -> {
      inFlight.remove(id);
      if (ar.failed()) {
        LOG.warning("XACK " + id + " failed (it may be delivered again): " + ar.cause().getMessage());
      }
    });
  }

  Future<Void> stop() {
    vertx.cancelTimer(leaseTimer);
    vertx.cancelTimer(pollTimer);
    if (!leader) {
      return Future.succeededFuture();
    }
    leader = false;
    return send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(leaderKey()).arg(node)).mapEmpty();
  }

  private Future<Response> send(Request request) {
    return redis.send(request).timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  private static String stream() {
    return RedisKeys.webhookStream();
  }

  private static String leaderKey() {
    return RedisKeys.webhookLeader();
  }
}
