package io.roomgate.store;

import io.roomgate.config.RedisConfig;
import io.roomgate.redis.RedisClients;
import io.roomgate.room.RoomKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * {@link RoomInvalidations} over Redis pub/sub: announcements are {@code PUBLISH}ed on the shared pooled client to
 * {@link RedisKeys#roomInvalidations()}, and one dedicated connection per process subscribes to it.
 *
 * <p>A write's caller gets its answer only after the announcement was published, and Redis hands a published
 * message to every subscriber before it answers the publisher: so by the time a client hears "done", every other
 * instance has the message on its socket. While the subscription is down (Redis restarting, the connection
 * killed) no announcement can arrive, so the caches are suspended (every read goes to Redis) until it is back.
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
  /** The message that drops every copy on every instance (no room announcement is empty before its newline). */
  static final String EVERYTHING = "\n*";
  private static final long LOG_EVERY_NANOS = 60_000_000_000L;

  private final Vertx vertx;
  private final Redis publisher;
  private final Redis subscriberClient;
  private final long timeoutMs;
  private final List<ReadCache<RoomKey, ?>> caches = new CopyOnWriteArrayList<>();
  private final AtomicLong publishFailures = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private volatile long lastFailureLog = System.nanoTime() - LOG_EVERY_NANOS;
  private volatile RedisConnection subscription;
  private volatile boolean live;
  private volatile boolean closed;
  /** A failed announcement is waiting to be made good by {@link #EVERYTHING}. */
  private final java.util.concurrent.atomic.AtomicBoolean everythingOwed =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** @param publisher the gateway's pooled client; a second, one-connection client is made for the subscription */
  public RedisRoomInvalidations(Vertx vertx, Redis publisher, RedisConfig config) {
    this.vertx = vertx;
    this.publisher = publisher;
    this.timeoutMs = config.timeoutMs();
    this.subscriberClient = Redis.createClient(vertx, RedisClients.options(config)
        .setMaxPoolSize(1)
        .setPoolName(RedisClients.POOL_NAME + "-invalidations")
        .setMetricsName(RedisClients.POOL_NAME + "-invalidations"));
  }

  /** Starts subscribing; the caches answer once the subscription stands (until then every read goes to Redis). */
  public void start() {
    subscribe();
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
      if (everythingOwed.compareAndSet(false, true)) {
        vertx.setTimer(RETRY_MS, id -> publishEverything());
      }
      return Future.succeededFuture();
    });
  }

  private Future<Void> publish(String message) {
    Request publish = Request.cmd(Command.PUBLISH).arg(RedisKeys.roomInvalidations()).arg(message);
    return StoreDeadline.within(publisher.send(publish), timeoutMs, "room invalidation").mapEmpty();
  }

  private void publishEverything() {
    if (closed) {
      return;
    }
    publish(EVERYTHING).onComplete(ar -> {
      if (ar.succeeded()) {
        everythingOwed.set(false);
        LOG.info("read cache: every instance was told to drop its copies after the failed announcement");
      } else {
        vertx.setTimer(RETRY_MS, id -> publishEverything());
      }
    });
  }

  /** Announcements that could not be published (see {@link #announce}). */
  public long publishFailures() {
    return publishFailures.get();
  }

  /** Announcements received (this instance's own included). */
  public long received() {
    return received.get();
  }

  /** Whether the subscription stands (the caches answer). */
  public boolean live() {
    return live;
  }

  public Future<Void> close() {
    closed = true;
    setLive(false);
    RedisConnection c = subscription;
    subscription = null;
    if (c != null) {
      c.close();
    }
    subscriberClient.close();
    return Future.succeededFuture();
  }

  private void subscribe() {
    if (closed) {
      return;
    }
    Future<RedisConnection> connected = StoreDeadline.within(subscriberClient.connect(), timeoutMs * 4,
        "room invalidations: connect");
    connected.compose(conn -> {
      subscription = conn;
      conn.handler(this::onMessage);
      conn.exceptionHandler(e -> lost(conn, e.getMessage()));
      conn.endHandler(v -> lost(conn, "connection closed"));
      return StoreDeadline.within(conn.send(Request.cmd(Command.SUBSCRIBE).arg(RedisKeys.roomInvalidations())),
          timeoutMs * 4, "room invalidations: subscribe").onFailure(e -> conn.close());
    }).onSuccess(r -> {
      if (closed) {
        return;
      }
      if (!live) {
        LOG.info("read cache: subscribed to room changes; node-local copies are served");
      }
      setLive(true);
    }).onFailure(e -> {
      LOG.fine(() -> "read cache: subscribing failed: " + e.getMessage());
      retryLater();
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
    conn.close();
    retryLater();
  }

  private void retryLater() {
    if (!closed) {
      vertx.setTimer(RETRY_MS, id -> subscribe());
    }
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

  /** RESP2 {@code [message, channel, payload]}, or the same as a RESP3 push. */
  private void onMessage(Response r) {
    if (r == null || r.size() != 3 || !"message".equals(r.get(0).toString())) {
      return; // the subscribe confirmation, pings
    }
    String payload = new String(r.get(2).toBytes(), StandardCharsets.UTF_8);
    int nl = payload.indexOf('\n');
    if (nl < 0) {
      return;
    }
    received.incrementAndGet();
    if (payload.equals(EVERYTHING)) {
      caches.forEach(ReadCache::invalidateAll);
      return;
    }
    if (nl == 0) {
      return; // not ours
    }
    RoomKey room = new RoomKey(payload.substring(0, nl), payload.substring(nl + 1));
    for (ReadCache<RoomKey, ?> cache : caches) {
      cache.invalidate(room);
    }
  }
}
