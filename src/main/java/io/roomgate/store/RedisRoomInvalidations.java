package io.roomgate.store;

import io.roomgate.redis.RedisKeys;
import io.roomgate.config.RedisConfig;
import io.roomgate.redis.RedisClients;
import io.roomgate.room.RoomKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * {@link RoomInvalidations} over Redis pub/sub: announcements are {@code PUBLISH}ed on the shared pooled client to
 * {@link RedisKeys#roomInvalidations()}, and one dedicated connection per process subscribes to it.
 *
 * <p>A write's caller gets its answer only after the announcement was published, and Redis hands a published
 * message to every subscriber before it answers the publisher: so by the time a client hears "done", every other
 * instance has the message on its socket. The caches answer only while the subscription is confirmed by Redis and
 * proven by a heartbeat (this instance's own message, every {@link #HEARTBEAT_MS}, must come back); when it is
 * lost, killed or silent, they are suspended (every read goes to Redis) until a new subscription is confirmed.
 *
 * <p>An announcement that cannot be published (Redis slow or down) is not lost: this instance then keeps trying
 * to publish one "drop everything" message ({@link #EVERYTHING}) every {@link #RETRY_MS}, and every instance that
 * receives it drops all its copies. Until it gets through, other instances may serve the room's old state, at most
 * for {@code redis.read_cache_ms}.
 */
public final class RedisRoomInvalidations implements RoomInvalidations {
  private static final Logger LOG = Logger.getLogger(RedisRoomInvalidations.class.getName());
  /** Pause between attempts to (re)subscribe, and to publish {@link #EVERYTHING} after a failed announcement. */
  static final long RETRY_MS = 1_000;
  /** How often the subscription proves itself with a message of this instance's own. */
  static final long HEARTBEAT_MS = 5_000;
  /** The message that drops every copy on every instance (no room announcement is empty before its newline). */
  static final String EVERYTHING = "\n*";
  private static final String HEARTBEAT = "\nheartbeat ";
  private static final long LOG_EVERY_NANOS = 60_000_000_000L;

  private final Vertx vertx;
  private final Redis publisher;
  private final RedisOptions subscriberOptions;
  private final long timeoutMs;
  /** How long connecting, subscribing or a heartbeat may take before the subscription counts as lost. */
  private final long subscriptionDeadlineMs;
  private final String heartbeatMessage = HEARTBEAT + UUID.randomUUID() + " ";
  private final List<ReadCache<RoomKey, ?>> caches = new CopyOnWriteArrayList<>();
  private final AtomicLong publishFailures = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong heartbeatsSent = new AtomicLong();
  private final AtomicLong heartbeatsSeen = new AtomicLong();
  /** A failed announcement is waiting to be made good by {@link #EVERYTHING}. */
  private final AtomicBoolean everythingOwed = new AtomicBoolean();
  private final AtomicBoolean retryScheduled = new AtomicBoolean();
  private volatile long lastFailureLog = System.nanoTime() - LOG_EVERY_NANOS;
  /** The current attempt's client (one per attempt: closing it closes whatever it connected, late or not). */
  private volatile Redis subscriberClient;
  private volatile RedisConnection subscription;
  private volatile boolean live;
  private volatile boolean closed;
  private final long heartbeatMs;
  private long heartbeatTimer = -1;

  /** @param publisher the gateway's pooled client; the subscription gets a one-connection client of its own */
  public RedisRoomInvalidations(Vertx vertx, Redis publisher, RedisConfig config) {
    this(vertx, publisher, config, HEARTBEAT_MS);
  }

  RedisRoomInvalidations(Vertx vertx, Redis publisher, RedisConfig config, long heartbeatMs) {
    this.heartbeatMs = heartbeatMs;
    this.vertx = vertx;
    this.publisher = publisher;
    this.timeoutMs = config.timeoutMs();
    this.subscriptionDeadlineMs = Math.max(2_000, 4 * timeoutMs);
    this.subscriberOptions = RedisClients.options(config)
        .setMaxPoolSize(1)
        .setPoolName(RedisClients.POOL_NAME + "-invalidations")
        .setMetricsName(RedisClients.POOL_NAME + "-invalidations");
  }

  /** Starts subscribing; the caches answer once Redis confirms the subscription (until then they are suspended). */
  public void start() {
    subscribe();
    heartbeatTimer = vertx.setPeriodic(heartbeatMs, id -> heartbeat());
  }

  @Override
  public void feed(ReadCache<RoomKey, ?> cache) {
    caches.add(cache);
    if (!live) {
      cache.suspend();
    }
  }

  @Override
  public Future<Void> announce(RoomKey room) {
    return publish(room.tenantId() + '\n' + room.roomId()).recover(e -> {
      // The write happened; until EVERYTHING gets through, other instances may serve their copy of this room.
      publishFailures.incrementAndGet();
      long now = System.nanoTime();
      if (now - lastFailureLog >= LOG_EVERY_NANOS) {
        lastFailureLog = now;
        LOG.warning("read cache: announcing a room change failed (" + e.getMessage() + "); other instances may "
            + "serve that room's old state until a retry gets through or redis.read_cache_ms ends");
      }
      oweEverything();
      return Future.succeededFuture();
    });
  }

  /** Announcements that could not be published (see {@link #announce}). */
  public long publishFailures() {
    return publishFailures.get();
  }

  /** Announcements received (this instance's own included; heartbeats not counted). */
  public long received() {
    return received.get();
  }

  /** Whether the subscription stands (the caches answer). */
  public boolean live() {
    return live;
  }

  public Future<Void> close() {
    closed = true;
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
    }
    setLive(false);
    subscription = null;
    Redis client = subscriberClient;
    if (client != null) {
      client.close();
    }
    return Future.succeededFuture();
  }

  private Future<Void> publish(String message) {
    Request publish = Request.cmd(Command.PUBLISH).arg(RedisKeys.roomInvalidations()).arg(message);
    return StoreDeadline.within(publisher.send(publish), timeoutMs, "room invalidation").mapEmpty();
  }

  private void oweEverything() {
    if (everythingOwed.compareAndSet(false, true)) {
      vertx.setTimer(RETRY_MS, id -> publishEverything());
    }
  }

  private void publishEverything() {
    if (closed) {
      return;
    }
    long failuresBefore = publishFailures.get();
    publish(EVERYTHING).onComplete(ar -> {
      if (ar.failed()) {
        vertx.setTimer(RETRY_MS, id -> publishEverything());
        return;
      }
      everythingOwed.set(false);
      if (publishFailures.get() != failuresBefore) {
        oweEverything(); // an announcement failed while this one was on its way: it may have come after it
      } else {
        LOG.info("read cache: every instance was told to drop its copies after the failed announcement");
      }
    });
  }

  private void subscribe() {
    if (closed) {
      return;
    }
    Redis client = Redis.createClient(vertx, subscriberOptions);
    subscriberClient = client;
    client.connect().timeout(subscriptionDeadlineMs, TimeUnit.MILLISECONDS).onComplete(ar -> {
      if (ar.failed() || closed) {
        client.close();
        if (!closed) {
          LOG.fine(() -> "read cache: connecting the subscription failed: " + ar.cause().getMessage());
          retryLater();
        }
        return;
      }
      RedisConnection conn = ar.result();
      subscription = conn;
      conn.handler(r -> onMessage(conn, r));
      conn.exceptionHandler(e -> lost(conn, e.getMessage()));
      conn.endHandler(v -> lost(conn, "connection closed"));
      conn.send(Request.cmd(Command.SUBSCRIBE).arg(RedisKeys.roomInvalidations()))
          .onFailure(e -> lost(conn, e.getMessage()));
      // live once Redis confirms (onMessage); a confirmation that does not come in time counts as lost
      vertx.setTimer(subscriptionDeadlineMs, id -> {
        if (conn == subscription && !live) {
          lost(conn, "no subscription confirmed within " + subscriptionDeadlineMs + " ms");
        }
      });
    });
  }

  private void lost(RedisConnection conn, String why) {
    if (conn != subscription || closed) {
      return; // an old connection's late callback
    }
    subscription = null;
    if (live) {
      LOG.warning("read cache: lost the room-change subscription (" + why + "); reading Redis until it is back");
    }
    setLive(false);
    Redis client = subscriberClient;
    if (client != null) {
      client.close(); // closes conn too
    }
    retryLater();
  }

  private void retryLater() {
    if (!closed && retryScheduled.compareAndSet(false, true)) {
      vertx.setTimer(RETRY_MS, id -> {
        retryScheduled.set(false);
        subscribe();
      });
    }
  }

  /** Sends this instance's next heartbeat; a subscription that does not deliver it in time is lost. */
  private void heartbeat() {
    RedisConnection conn = subscription;
    if (conn == null || !live) {
      return;
    }
    long seq = heartbeatsSent.incrementAndGet();
    publish(heartbeatMessage + seq).onSuccess(v -> vertx.setTimer(subscriptionDeadlineMs, id -> {
      if (heartbeatsSeen.get() < seq) {
        lost(conn, "heartbeat " + seq + " not received within " + subscriptionDeadlineMs + " ms");
      }
    })); // a heartbeat that cannot be published says nothing about the subscription
  }

  private void setLive(boolean on) {
    live = on;
    for (ReadCache<RoomKey, ?> cache : caches) {
      if (on) {
        cache.resume();
      } else {
        cache.suspend();
      }
    }
  }

  /** RESP2 {@code [subscribe|message, channel, count|payload]}, or the same as a RESP3 push. */
  private void onMessage(RedisConnection conn, Response r) {
    if (r == null || r.size() != 3 || conn != subscription) {
      return;
    }
    String type = r.get(0).toString();
    if ("subscribe".equals(type)) {
      if (!live) {
        LOG.info("read cache: subscribed to room changes; node-local copies are served");
        setLive(true);
      }
      return;
    }
    if (!"message".equals(type)) {
      return;
    }
    String payload = new String(r.get(2).toBytes(), StandardCharsets.UTF_8);
    if (payload.startsWith(heartbeatMessage)) {
      heartbeatsSeen.accumulateAndGet(Long.parseLong(payload.substring(heartbeatMessage.length())), Math::max);
      return;
    }
    int nl = payload.indexOf('\n');
    if (nl < 0) {
      return;
    }
    if (payload.equals(EVERYTHING)) {
      received.incrementAndGet();
      caches.forEach(ReadCache::invalidateAll);
      return;
    }
    if (nl == 0) {
      return; // another instance's heartbeat
    }
    received.incrementAndGet();
    RoomKey room = new RoomKey(payload.substring(0, nl), payload.substring(nl + 1));
    for (ReadCache<RoomKey, ?> cache : caches) {
      cache.invalidate(room);
    }
  }
}
