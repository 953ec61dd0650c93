package io.roomgate.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.roomgate.config.ConfigException;
import io.roomgate.config.RedisConfig;
import io.roomgate.config.TenantConfig;
import io.roomgate.redis.RedisClients;
import io.roomgate.redis.RedisScript;
import io.roomgate.redis.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Tenants of the admin API in Redis, shared by every node (key layout in {@link RedisKeys}): each write is one
 * atomic script that bumps the one version counter, stores the entry and {@code PUBLISH}es {@code "version id ms"}.
 *
 * <p>How a change reaches every node within a second:
 * <ul>
 *   <li>the writing node applies it to its own catalog when Redis answers, before its caller is answered;</li>
 *   <li>every node subscribes to the channel and applies each announced change (one {@code HGET}) in version
 *       order, on one sequential chain, so that no two applications of this node can overtake each other;</li>
 *   <li>a gap in the versions (a lost announcement), a (re)subscription and the start take a full snapshot (one
 *       script: version + {@code HGETALL}, parsed off the event loop);</li>
 *   <li>every {@link #CHECK_MS} a node reads the version counter (one {@code GET}). The script bumps the counter and
 *       publishes in one step, so an announcement is on its way before the counter shows its version: if none of that
 *       version has arrived {@link #GRACE_MS} later (a lost announcement, or a subscription dead without a word), or
 *       there is no subscription at all, the node takes a snapshot;</li>
 *   <li>a subscription connection that ends or fails is replaced at once (later attempts every {@link #RETRY_MS}),
 *       and its confirmation takes a snapshot.</li>
 * </ul>
 * So a change reaches a node that lost its subscription within {@code CHECK_MS + GRACE_MS} plus one snapshot's
 * time, well under a second.
 * Entries that no longer validate (written by another version of roomgate) are left out and counted.
 */
public final class RedisTenantStore implements TenantStore {
  private static final Logger LOG = Logger.getLogger(RedisTenantStore.class.getName());
  /** How often the version counter is compared with the highest version this node has heard of. */
  static final long CHECK_MS = 250;
  /** How long an announcement may take after the counter showed its version before it counts as lost. */
  static final long GRACE_MS = 100;
  /** Pause between attempts to (re)subscribe after one failed (the first follows a lost subscription at once). */
  static final long RETRY_MS = 1_000;
  /** Announcements waiting to be applied at most; beyond, they are dropped and one snapshot replaces them. */
  static final int MAX_PENDING = 1_000;
  /** The least deadline of a snapshot (one script: the version and every entry). */
  static final long SNAPSHOT_TIMEOUT_MS = 30_000;
  private static final RedisScript PUT = RedisScript.fromResource("redis/tenant_put.lua");
  private static final RedisScript DELETE = RedisScript.fromResource("redis/tenant_delete.lua");
  private static final RedisScript SNAPSHOT = RedisScript.fromResource("redis/tenant_snapshot.lua");

  private final Vertx vertx;
  private final Redis redis;
  private final TenantCatalog catalog;
  private final long timeoutMs;
  private final long snapshotTimeoutMs;
  private final RedisOptions subscriberOptions;
  private final Clock clock;
  private final List<String> keys = RedisKeys.apiTenants();
  private final String channel = RedisKeys.apiTenantChanges();

  /** The version this node has applied every change up to (announcements and snapshots only). */
  private volatile long applied;
  /** The highest version announced to this node or read in a snapshot: what it has heard of, applied or not. */
  private volatile long heard;
  /** The sequential chain of applications (announcements and snapshots) and its length. */
  private Future<Void> chain = Future.succeededFuture();
  private final AtomicLong pending = new AtomicLong();
  private boolean snapshotQueued;
  private volatile Redis subscriberClient;
  private volatile RedisConnection subscription;
  private volatile boolean live;
  private volatile boolean closed;
  private long checkTimer = -1;

  private final Timer propagation;
  private final Counter snapshots;
  private final Counter invalidEntries;
  private final Counter announcements;

  public RedisTenantStore(Vertx vertx, Redis redis, RedisConfig config, TenantCatalog catalog, MeterRegistry registry,
                          Clock clock) {
    this.vertx = vertx;
    this.redis = redis;
    this.catalog = catalog;
    this.clock = clock;
    this.timeoutMs = config.timeoutMs();
    // a snapshot of 10,000 tenants is a few MB, read by a cold JVM at start: give it far more than one command's
    // deadline (5 s was not enough on a loaded 2-core machine)
    this.snapshotTimeoutMs = Math.max(SNAPSHOT_TIMEOUT_MS, 20 * timeoutMs);
    this.subscriberOptions = RedisClients.options(config).setMaxPoolSize(1)
        .setPoolName(RedisClients.POOL_NAME + "-tenants").setMetricsName(RedisClients.POOL_NAME + "-tenants");
    MeterRegistry r = registry == null ? new io.micrometer.core.instrument.simple.SimpleMeterRegistry() : registry;
    this.propagation = Timer.builder("roomgate.tenant.propagation")
        .description("From a tenant change's write in Redis (Redis TIME) to its application on this node")
        .serviceLevelObjectives(java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50),
            java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(250), java.time.Duration.ofMillis(500),
            java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(2))
        .register(r);
    this.snapshots = Counter.builder("roomgate.tenant.snapshots")
        .description("Full reads of the admin API's tenants (start, resubscription, a missed announcement)")
        .register(r);
    this.invalidEntries = Counter.builder("roomgate.tenant.invalid.entries")
        .description("Admin API tenants in Redis left out because they no longer validate").register(r);
    this.announcements = Counter.builder("roomgate.tenant.announcements")
        .description("Tenant change announcements applied").register(r);
    Gauge.builder("roomgate.tenant.subscription.live", this, s -> s.live ? 1 : 0)
        .description("1 while this node receives tenant change announcements").register(r);
    Gauge.builder("roomgate.tenant.api.tenants", catalog, TenantCatalog::apiCount)
        .description("Tenants of the admin API held by this node").register(r);
  }

  @Override
  public String scope() {
    return "cluster";
  }

  /** The version this node has applied every change up to. */
  public long appliedVersion() {
    return applied;
  }

  @Override
  public Future<Void> start() {
    subscribe();
    checkTimer = vertx.setPeriodic(CHECK_MS, id -> check());
    long started = System.nanoTime();
    return enqueue(this::snapshot).onSuccess(v -> LOG.info("tenants: " + catalog.apiCount()
        + " admin API tenants loaded from Redis in " + (System.nanoTime() - started) / 1_000_000 + " ms (version "
        + applied + ")"));
  }

  @Override
  public Future<ApiTenant> put(ApiTenant validated, JsonObject body) {
    TenantConfig config = validated.config();
    String key = config.plugnmeet() == null ? "" : config.plugnmeet().apiKey();
    String app = config.tencent() == null ? "" : Long.toString(config.tencent().sdkAppId());
    Future<Response> run = PUT.run(redis, keys, List.of(config.id(), body.encode(), key, app, channel));
    return within(run, timeoutMs, "tenant write").compose(r -> {
      long version = r.get(0).toLong();
      if (version == 0) {
        // another API tenant took the credential since this node validated (a concurrent write on another node)
        return Future.failedFuture(new ConfigException("tenants[" + config.id() + "]." + r.get(1).toString(),
            "already used by another tenant"));
      }
      ApiTenant t = validated.withVersion(version);
      catalog.apply(t);
      return Future.succeededFuture(t);
    });
  }

  @Override
  public Future<Boolean> delete(String id) {
    return within(DELETE.run(redis, keys, List.of(id, channel)), timeoutMs, "tenant delete").map(r -> {
      long version = r.toLong();
      if (version == 0) {
        return false;
      }
      catalog.remove(id, version);
      return true;
    });
  }

  @Override
  public Future<Void> close() {
    closed = true;
    if (checkTimer >= 0) {
      vertx.cancelTimer(checkTimer);
    }
    live = false;
    Redis client = subscriberClient;
    if (client != null) {
      client.close();
    }
    return Future.succeededFuture();
  }

  /** Runs {@code step} after every step queued before it, whatever their outcome. */
  private synchronized Future<Void> enqueue(java.util.function.Supplier<Future<Void>> step) {
    pending.incrementAndGet();
    Future<Void> next = chain.transform(ar -> step.get()).andThen(ar -> pending.decrementAndGet());
    chain = next.recover(e -> Future.succeededFuture());
    return next;
  }

  private synchronized void queueSnapshot() {
    if (!snapshotQueued) {
      snapshotQueued = true;
      enqueue(() -> {
        synchronized (this) {
          snapshotQueued = false;
        }
        return snapshot();
      }).onFailure(e -> LOG.warning("tenants: reading the admin API's tenants from Redis failed (" + e.getMessage()
          + "); the next check retries"));
    }
  }

  /** Reads every API tenant and the version at once, and installs them (parsing off the event loop). */
  private Future<Void> snapshot() {
    return within(SNAPSHOT.run(redis, keys.subList(0, 2), List.of()), snapshotTimeoutMs, "tenant snapshot")
        .compose(r -> vertx.executeBlocking(() -> {
          long version = r.get(0).toLong();
          Response entries = r.get(1);
          List<ApiTenant> all = new ArrayList<>(entries.size() / 2);
          for (int i = 0; i + 1 < entries.size(); i += 2) {
            ApiTenant t = parse(entries.get(i).toString(), entries.get(i + 1).toString());
            if (t != null) {
              all.add(t);
            }
          }
          catalog.replaceApi(all, version);
          return version;
        }, false))
        .map(version -> {
          snapshots.increment();
          applied = Math.max(applied, version);
          hear(version);
          return null;
        });
  }

  /** One stored entry ({@code version\n{k, a}\nbody}), validated again; {@code null} (counted) if it does not. */
  private ApiTenant parse(String id, String stored) {
    try {
      int first = stored.indexOf('\n');
      int second = stored.indexOf('\n', first + 1);
      long version = Long.parseLong(stored.substring(0, first));
      ApiTenant held = catalog.apiTenant(id);
      if (held != null && held.version() == version) {
        return held; // validated when it came: a snapshot costs little for what this node already has
      }
      JsonObject body = new JsonObject(stored.substring(second + 1));
      return catalog.parse(id, AdminApi.plainMap(body), version);
    } catch (RuntimeException e) {
      invalidEntries.increment();
      // the key names the problem; the entry itself holds secrets and is not logged
      LOG.warning("tenants: admin API tenant '" + id + "' in Redis left out: " + (e instanceof ConfigException
          ? e.getMessage() : "unreadable entry (" + e.getClass().getSimpleName() + ")"));
      return null;
    }
  }

  private synchronized void hear(long version) {
    if (version > heard) {
      heard = version;
    }
  }

  /**
   * The periodic check: the counter is ahead of every announcement heard. Without a subscription: a snapshot now;
   * with one: the announcement was published before the counter could be read, so it gets {@link #GRACE_MS} to
   * arrive, and is lost if it did not.
   */
  private void check() {
    if (closed) {
      return;
    }
    within(redis.send(Request.cmd(Command.GET).arg(keys.get(1))), timeoutMs, "tenant version check").onSuccess(r -> {
      long remote = r == null ? 0 : r.toLong();
      if (remote <= heard) {
        return;
      }
      if (!live) {
        queueSnapshot();
        return;
      }
      vertx.setTimer(GRACE_MS, id -> {
        if (!closed && heard < remote) {
          queueSnapshot();
        }
      });
    });
  }

  private void subscribe() {
    if (closed) {
      return;
    }
    Redis client = Redis.createClient(vertx, subscriberOptions);
    subscriberClient = client;
    long deadline = Math.max(2_000, 4 * timeoutMs);
    client.connect().timeout(deadline, TimeUnit.MILLISECONDS).onComplete(ar -> {
      if (ar.failed() || closed) {
        client.close();
        retryLater();
        return;
      }
      RedisConnection conn = ar.result();
      subscription = conn;
      conn.handler(m -> onMessage(conn, m));
      conn.exceptionHandler(e -> lost(conn, e.getMessage()));
      conn.endHandler(v -> lost(conn, "connection closed"));
      conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).onFailure(e -> lost(conn, e.getMessage()));
      vertx.setTimer(deadline, id -> {
        if (conn == subscription && !live) {
          lost(conn, "no subscription confirmed within " + deadline + " ms");
        }
      });
    });
  }

  private void lost(RedisConnection conn, String why) {
    if (conn != subscription || closed) {
      return;
    }
    subscription = null;
    boolean wasLive = live;
    if (live) {
      LOG.warning("tenants: lost the tenant change subscription (" + why + "); checking the version every "
          + CHECK_MS + " ms until it is back");
    }
    live = false;
    Redis client = subscriberClient;
    if (client != null) {
      client.close();
    }
    if (wasLive) {
      subscribe(); // at once: its confirmation takes the snapshot that covers what was missed meanwhile
    } else {
      retryLater(); // this attempt never got going: pause before the next
    }
  }

  private void retryLater() {
    if (!closed) {
      vertx.setTimer(RETRY_MS, id -> subscribe());
    }
  }

  /** RESP2 {@code [subscribe|message, channel, count|payload]}, or the same as a RESP3 push. */
  private void onMessage(RedisConnection conn, Response r) {
    if (r == null || r.size() != 3 || conn != subscription) {
      return;
    }
    String type = r.get(0).toString();
    if ("subscribe".equals(type)) {
      live = true;
      queueSnapshot(); // whatever was announced while this node was not listening
      return;
    }
    if (!"message".equals(type)) {
      return;
    }
    String[] parts = new String(r.get(2).toBytes(), StandardCharsets.UTF_8).split(" ");
    if (parts.length != 3) {
      return;
    }
    long version = Long.parseLong(parts[0]);
    String id = parts[1];
    long writtenAtMs = Long.parseLong(parts[2]);
    hear(version);
    if (pending.get() >= MAX_PENDING) {
      queueSnapshot(); // a snapshot queued behind the backlog covers this change too
      return;
    }
    enqueue(() -> applyAnnounced(version, id, writtenAtMs)).onFailure(e -> queueSnapshot());
  }

  /** One announced change, in version order; a gap before it means one was lost: then a snapshot. */
  private Future<Void> applyAnnounced(long version, String id, long writtenAtMs) {
    long local = applied;
    if (version <= local) {
      return Future.succeededFuture(); // this node's snapshot already had it
    }
    if (version > local + 1) {
      return snapshot().onSuccess(v -> propagation.record(Math.max(0, clock.millis() - writtenAtMs),
          TimeUnit.MILLISECONDS));
    }
    return within(redis.send(Request.cmd(Command.HGET).arg(keys.get(0)).arg(id)), timeoutMs, "tenant read")
        .map(r -> {
          if (r == null) {
            catalog.remove(id, version);
          } else {
            ApiTenant t = parse(id, r.toString());
            if (t != null) {
              catalog.apply(t);
            }
          }
          applied = Math.max(applied, version);
          announcements.increment();
          propagation.record(Math.max(0, clock.millis() - writtenAtMs), TimeUnit.MILLISECONDS);
          return null;
        });
  }

  private static <T> Future<T> within(Future<T> f, long ms, String what) {
    return f.timeout(ms, TimeUnit.MILLISECONDS).recover(e -> Future.failedFuture(
        new IllegalStateException(what + " failed: " + e.getMessage(), e)));
  }
}
