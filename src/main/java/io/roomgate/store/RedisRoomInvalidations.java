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
 */
public final class RedisRoomInvalidations implements RoomInvalidations {
  private static final Logger LOG = Logger.getLogger(RedisRoomInvalidations.class.getName());
  /** Pause between attempts to (re)subscribe. */
  static final long RESUBSCRIBE_MS = 1_000;
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
    Request publish = Request.cmd(Command.PUBLISH).arg(RedisKeys.roomInvalidations())
        .arg(room.tenantId() + '\n' + room.roomId());
    return StoreDeadline.within(vertx, publisher.send(publish), timeoutMs, "room invalidation")
        .<Void>mapEmpty()
        .recover(e -> {
          // The write happened; other instances may now serve their copy of this room until read_cache_ms ends.
          publishFailures.incrementAndGet();
          long now = System.nanoTime();
          if (now - lastFailureLog >= LOG_EVERY_NANOS) {
            lastFailureLog = now;
            LOG.warning("read cache: announcing a room change failed (" + e.getMessage() + "); other instances "
                + "may serve that room's old state until redis.read_cache_ms ends");
          }
          return Future.succeededFuture();
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
    Future<RedisConnection> connected = StoreDeadline.within(vertx, subscriberClient.connect(), timeoutMs * 4,
        "room invalidations: connect");
    connected.compose(conn -> {
      subscription = conn;
      conn.handler(this::onMessage);
      conn.exceptionHandler(e -> lost(conn, e.getMessage()));
      conn.endHandler(v -> lost(conn, "connection closed"));
      return StoreDeadline.within(vertx, conn.send(Request.cmd(Command.SUBSCRIBE).arg(RedisKeys.roomInvalidations())),
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
      vertx.setTimer(RESUBSCRIBE_MS, id -> subscribe());
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
    if (nl <= 0) {
      return;
    }
    received.incrementAndGet();
    RoomKey room = new RoomKey(payload.substring(0, nl), payload.substring(nl + 1));
    for (ReadCache<RoomKey, ?> cache : caches) {
      cache.invalidate(room);
    }
  }
}
