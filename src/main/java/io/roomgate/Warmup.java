package io.roomgate;

import io.roomgate.auth.UserSigSigner;
import io.roomgate.config.RateLimitConfig;
import io.roomgate.config.TenantConfig;
import io.roomgate.livekit.LiveKitClient;
import io.roomgate.redis.RedisScript;
import io.roomgate.tenant.Tenant;
import io.roomgate.tenant.TenantRegistry;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Warms a freshly started process before it says ready, within {@code server.warmup_seconds}: a cold JVM answers
 * its first requests slowly, its first Redis calls can miss their deadlines, and its pools open connections on
 * demand, which is how fresh nodes once over-admitted by 44–77 % and answered "room store unavailable".
 * <ol>
 *   <li>opens the pooled connections (Redis: {@code PING}s in parallel up to the pool size; LiveKit: health checks
 *       in parallel), an equal share from each of the API listener's event loops, and loads every Lua script
 *       ({@link RedisScript#loadAll}). A pooled connection lives on the event loop that opened it, and a request
 *       takes one of its own loop's first: opened from one loop, every command of the others would hop to that loop
 *       and back (at 100,000 rooms read from Redis that hop, not Redis, held the pool: 31 requests queued for a
 *       connection, the event loops half idle);</li>
 *   <li>creates one room through the real public listener as the gateway's own tenant {@link Tenant#WARMUP_ID}
 *       (credentials made up per process, present only meanwhile; the room is {@code warmup-<random>}, so nodes
 *       starting together do not meet), then sends its hot reads in both dialects (plugNmeet
 *       {@code getActiveRoomInfo} and {@code isRoomActive}, Tencent {@code get_room_info}), keep-alive, in parallel,
 *       from every event loop, so authentication, the rate limiter, parsing, validation, the store and the
 *       renderers all run hot, until the JIT has compiled what they need (it goes quiet; at least
 *       {@value #MIN_REQUESTS} requests) or the time is up; then ends the
 *       room.</li>
 * </ol>
 * No configured tenant sees any of it: the warm-up tenant has its own rate-limit bucket, its own rooms (one, which
 * LiveKit sees created and deleted) and no webhook URL, and its requests are left out of metrics, the access log and
 * the rate-limit counts. A failure here is logged and the gateway starts anyway (readiness still reflects its
 * dependencies).
 */
final class Warmup {
  private static final Logger LOG = Logger.getLogger(Warmup.class.getName());
  /** Requests sent through the pipelines at least, unless the time is up. */
  static final int MIN_REQUESTS = 20_000;
  /** The throughput is measured over windows this long; it has stopped rising when a window is not 5 % faster. */
  private static final long WINDOW_MS = 1_000;
  private static final int PARALLEL = 32;
  /** LiveKit connections the warm-up opens (the client's pool holds {@code livekit.pool_size} per event loop). */
  private static final int LIVEKIT_CONNECTIONS = 8;
  /** The JIT is quiet in a window in which it compiled for less than this share of it. */
  private static final long QUIET_PERCENT = 5;
  private static final String ADMIN = "warmup";
  /** Pause before creating the warm-up room again after a failed attempt. */
  private static final long CREATE_RETRY_MS = 250;

  private final Vertx vertx;
  private final TenantRegistry tenants;
  private final Redis redis;
  private final int redisPoolSize;
  private final int eventLoops;
  private final LiveKitClient liveKit;
  private final String plugNmeetKey;
  private final String secret;
  /** An sdkappid no tenant had when the warm-up began. */
  private long sdkAppId;
  private final String room;
  private final Clock clock;

  /**
   * @param eventLoops the API listener's event loops ({@code server.event_loops}): the warm-up loads each
   * @param clock      the gateway's clock (the warm-up's own UserSig is signed at its now)
   */
  Warmup(Vertx vertx, TenantRegistry tenants, Redis redis, int redisPoolSize, LiveKitClient liveKit, int eventLoops,
         Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.tenants = tenants;
    this.redis = redis;
    this.redisPoolSize = redisPoolSize;
    this.eventLoops = eventLoops;
    this.liveKit = liveKit;
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    this.secret = HexFormat.of().formatHex(random);
    this.plugNmeetKey = "_warmup-" + secret.substring(0, 12);
    this.room = "warmup-" + secret.substring(12, 20);
  }

  /**
   * Runs the warm-up against the public listener on {@code apiPort}, for at most {@code seconds}.
   *
   * @param throughListener {@code false} when the listener takes only PROXY-protocol connections from load balancers
   *                        ({@code server.proxy_protocol}) or clients with certificates ({@code server.tls.ca_file}):
   *                        then only the pools and scripts are warmed
   * @param tls             the listener speaks TLS ({@code server.tls})
   * @param apiLoops        the event loops of the API listener's instances, which open the pools' connections
   */
  Future<Void> run(int apiPort, long seconds, boolean throughListener, boolean tls, List<Context> apiLoops) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long started = System.nanoTime();
    // one tenant in, and out again at the end, in place: the admin API's tenants (loaded before, or changed
    // meanwhile) and a reload's stay as they are
    sdkAppId = unusedSdkAppId(tenants.all());
    tenants.upsert(tenant());
    HttpClientOptions clientOptions = new HttpClientOptions().setKeepAlive(true);
    if (tls) {
      // its own listener over loopback, whose certificate names the public host: the handshakes are what is warmed
      clientOptions.setSsl(true).setTrustAll(true).setVerifyHost(false);
    }
    HttpClient client = vertx.createHttpClient(clientOptions);
    Progress progress = new Progress(deadline, compileMillis());
    Future<Void> pools = bounded(openPools(apiLoops), deadline);
    Future<Void> work = !throughListener ? pools : pools
        .compose(v -> createRoom(client, apiPort, deadline))
        .compose(v -> exercise(apiPort, clientOptions, progress)) // each loop stops by itself
        .eventually(() -> send(client, apiPort, plugNmeet("endRoom", roomBody())));
    return work
        .recover(e -> {
          LOG.warning("warm-up: " + e.getMessage() + "; starting anyway");
          return Future.succeededFuture();
        })
        .eventually(() -> {
          tenants.remove(Tenant.WARMUP_ID);
          LOG.info("warm-up: " + progress.sent() + " requests in "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms, last " + progress.lastRate()
              + " requests/s");
          return client.close();
        });
  }

  /**
   * How far the warm-up got, and whether it should go on. The loops on every event loop count into it; one timer
   * ends its windows.
   */
  private static final class Progress {
    private final long deadline;
    private final LongSupplier compileMillis;
    private final List<Long> rates = new ArrayList<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger answeredInWindow = new AtomicInteger();
    private long compiledBefore;
    private int quietWindows;
    private volatile boolean done;

    /** @param compileMillis the JIT's total compilation time so far, or {@code null} where the JVM does not say */
    Progress(long deadline, LongSupplier compileMillis) {
      this.deadline = deadline;
      this.compileMillis = compileMillis;
      this.compiledBefore = compileMillis == null ? 0 : compileMillis.getAsLong();
    }

    boolean goOn() {
      return !done && System.nanoTime() - deadline < 0;
    }

    /** Takes the next request's number. */
    int next() {
      return sent.getAndIncrement();
    }

    void answered() {
      answeredInWindow.incrementAndGet();
    }

    /**
     * Ends a window. The process is warm once the JIT has gone quiet (compiling under {@value #QUIET_PERCENT} % of
     * two windows in a row: what the hot path needs is compiled); where the JVM does not report compilation time,
     * once the throughput stops rising (a window not 5 % above the best of the two before). Either only after
     * {@value #MIN_REQUESTS} requests.
     */
    void windowEnded() {
      long rate = answeredInWindow.getAndSet(0) * 1000L / WINDOW_MS;
      int n = rates.size();
      rates.add(rate);
      if (sent.get() < MIN_REQUESTS) {
        return;
      }
      if (compileMillis != null) {
        long compiled = compileMillis.getAsLong();
        quietWindows = (compiled - compiledBefore) * 100 < QUIET_PERCENT * WINDOW_MS ? quietWindows + 1 : 0;
        compiledBefore = compiled;
        done = quietWindows >= 2;
      } else {
        done = n >= 2 && rate < 1.05 * Math.max(rates.get(n - 1), rates.get(n - 2));
      }
    }

    int sent() {
      return sent.get();
    }

    long lastRate() {
      return rates.isEmpty() ? 0 : rates.get(rates.size() - 1);
    }
  }

  /** The JIT's total compilation time in milliseconds, or {@code null} where this JVM does not report it. */
  private static LongSupplier compileMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : null;
  }

  /**
   * Redis connections up to the pool size and {@value #LIVEKIT_CONNECTIONS} LiveKit connections, each loop of
   * {@code loops} opening its share at once (a pool opens a connection for a request only while none of the
   * request's own loop is free); every script loaded.
   */
  private Future<Void> openPools(List<Context> loops) {
    List<Future<?>> all = new ArrayList<>();
    for (int k = 0; k < loops.size(); k++) {
      int redisShare = redis == null ? 0 : share(redisPoolSize, loops.size(), k);
      int liveKitShare = share(LIVEKIT_CONNECTIONS, loops.size(), k);
      Promise<Void> opened = Promise.promise();
      loops.get(k).runOnContext(v -> {
        List<Future<?>> here = new ArrayList<>();
        for (int i = 0; i < redisShare; i++) {
          here.add(redis.send(Request.cmd(Command.PING)));
        }
        for (int i = 0; i < liveKitShare; i++) {
          here.add(liveKit.health());
        }
        Future.join(here).<Void>mapEmpty().onComplete(opened);
      });
      all.add(opened.future());
    }
    Future<?> open = Future.join(all);
    // the scripts once the connections are open, so that loading them opens none on the warm-up's own loop
    Future<?> loaded = redis == null ? open : open.transform(ar -> RedisScript.loadAll(redis)).compose(v -> open);
    // best effort: a dependency still coming up must not cost the warm-up of everything else
    return loaded.<Void>mapEmpty().recover(e -> {
      LOG.info("warm-up: not every pooled connection opened (" + e.getMessage() + "); going on");
      return Future.succeededFuture();
    });
  }

  /**
   * {@value #PARALLEL} loops of back-to-back hot reads until the process is warm or the time is up, spread over one
   * verticle per API event loop so that the requests' own work does not hold the server's loops back.
   */
  private Future<Void> exercise(int apiPort, HttpClientOptions clientOptions, Progress progress) {
    List<WarmRequest> kinds = reads();
    int instances = Math.max(1, Math.min(PARALLEL, eventLoops));
    long timer = vertx.setPeriodic(WINDOW_MS, t -> progress.windowEnded());
    return vertx.deployVerticle(() -> new Loops(apiPort, clientOptions, kinds, progress, PARALLEL / instances),
            new DeploymentOptions().setInstances(instances))
        .compose(vertx::undeploy) // started means finished: each instance's start ends with its loops
        .onComplete(ar -> vertx.cancelTimer(timer));
  }

  /** Some of the warm-up's loops, on one event loop, with their own connections. */
  private static final class Loops extends VerticleBase {
    private final int apiPort;
    private final HttpClientOptions clientOptions;
    private final List<WarmRequest> kinds;
    private final Progress progress;
    private final int parallel;
    private HttpClient client;

    Loops(int apiPort, HttpClientOptions clientOptions, List<WarmRequest> kinds, Progress progress, int parallel) {
      this.apiPort = apiPort;
      this.clientOptions = new HttpClientOptions(clientOptions);
      this.kinds = kinds;
      this.progress = progress;
      this.parallel = parallel;
    }

    @Override
    public Future<?> start() {
      client = vertx.createHttpClient(clientOptions,
          new PoolOptions().setHttp1MaxSize(parallel));
      List<Future<Void>> loops = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        Promise<Void> loop = Promise.promise();
        next(loop);
        loops.add(loop.future());
      }
      return Future.all(loops);
    }

    @Override
    public Future<?> stop() {
      return client.close();
    }

    private void next(Promise<Void> loop) {
      if (!progress.goOn()) {
        loop.tryComplete();
        return;
      }
      WarmRequest r = kinds.get(progress.next() % kinds.size());
      send(client, apiPort, r).onComplete(ar -> {
        if (ar.failed()) {
          loop.tryFail(ar.cause());
          return;
        }
        progress.answered();
        next(loop);
      });
    }
  }

  /** The start of an answer, for the log line of a failed warm-up request (answers of the warm-up tenant only). */
  private static String excerpt(String body) {
    return body.length() <= 160 ? body : body.substring(0, 160) + "...";
  }

  /**
   * Creates the warm-up room, again after a pause while it fails and time is left: the first calls to a LiveKit that
   * is itself cold (or slow on a loaded machine) can miss their deadline and open the breaker for a moment, and one
   * such failure must not cost the whole warm-up.
   */
  private Future<Void> createRoom(HttpClient client, int apiPort, long deadline) {
    return send(client, apiPort, plugNmeet("create", createBody())).recover(e -> {
      if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CREATE_RETRY_MS) >= deadline) {
        return Future.failedFuture(e);
      }
      LOG.info("warm-up: " + e.getMessage() + "; trying again");
      Promise<Void> retried = Promise.promise();
      vertx.setTimer(CREATE_RETRY_MS, id -> createRoom(client, apiPort, deadline).onComplete(retried));
      return retried.future();
    });
  }

  /** One request; fails unless it is answered HTTP 200 with a success in its dialect. */
  private static Future<Void> send(HttpClient client, int apiPort, WarmRequest r) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(apiPort)
        .setURI(r.uri()).setIdleTimeout(5_000);
    r.headers().forEach(options::putHeader);
    return client.request(options)
        .compose(req -> req.send(r.body()))
        .compose(resp -> resp.body().compose(b -> resp.statusCode() == 200 && successful(b.toString())
            ? Future.<Void>succeededFuture()
            : Future.failedFuture("a warm-up request to " + r.uri().replaceAll("\\?.*", "")
                + " was not answered with success (HTTP " + resp.statusCode() + ": " + excerpt(b.toString()) + ")")));
  }

  private static boolean successful(String body) {
    return body.startsWith("{\"status\":true") || body.contains("\"ErrorCode\":0,");
  }

  private record WarmRequest(String uri, Map<String, String> headers, Buffer body) {
  }

  private List<WarmRequest> reads() {
    String userSig = UserSigSigner.sign(sdkAppId, secret, ADMIN, clock.millis() / 1000, 86_400);
    String query = "?sdkappid=" + sdkAppId + "&identifier=" + ADMIN + "&usersig=" + userSig
        + "&random=1&contenttype=json";
    return List.of(
        plugNmeet("getActiveRoomInfo", roomBody()),
        plugNmeet("isRoomActive", roomBody()),
        new WarmRequest("/v4/live_engine_http_srv/get_room_info" + query,
            Map.of("Content-Type", "application/json"), Buffer.buffer("{\"RoomId\":\"" + room + "\"}")));
  }

  private WarmRequest plugNmeet(String api, Buffer body) {
    return new WarmRequest("/auth/room/" + api, Map.of("Content-Type", "application/json", "API-KEY", plugNmeetKey,
        "HASH-SIGNATURE", signature(body)), body);
  }

  /** plugNmeet's HASH-SIGNATURE of {@code body}, made with the warm-up tenant's own HMAC (present meanwhile). */
  private String signature(Buffer body) {
    return HexFormat.of().formatHex(tenants.byPlugNmeetKey(plugNmeetKey).plugNmeetMac().doFinal(body.getBytes()));
  }

  private Buffer roomBody() {
    return Buffer.buffer("{\"room_id\":\"" + room + "\"}");
  }

  private Buffer createBody() {
    return Buffer.buffer("{\"room_id\":\"" + room + "\",\"metadata\":{\"room_title\":\"warm-up\","
        + "\"room_features\":{}}}");
  }

  private TenantConfig tenant() {
    RateLimitConfig unlimited = new RateLimitConfig(1_000_000_000L, 1_000_000_000L, Map.of(),
        RateLimitConfig.DEFAULT_ON_REDIS_ERROR, List.of(), Map.of(), RateLimitConfig.DEFAULT_MODE, null);
    return new TenantConfig(Tenant.WARMUP_ID, unlimited, new TenantConfig.PlugNmeet(plugNmeetKey, secret, null, 0, 0),
        new TenantConfig.Tencent(sdkAppId, secret, List.of(ADMIN), null, 0), null, TenantConfig.DEFAULT_MAX_ACTIVE_ROOMS);
  }

  /** An sdkappid none of {@code tenants} has. */
  private static long unusedSdkAppId(Collection<Tenant> tenants) {
    long id = 999_999_999_999L;
    while (true) {
      long candidate = id;
      if (tenants.stream().noneMatch(t -> t.config().tencent() != null && t.config().tencent().sdkAppId() == candidate)) {
        return candidate;
      }
      id--;
    }
  }

  /** Loop {@code k}'s share of {@code total} over {@code loops} loops (the first ones take the remainder). */
  static int share(int total, int loops, int k) {
    return total / loops + (k < total % loops ? 1 : 0);
  }

  /** {@code f}, failed with a clear message if it is not done by {@code deadline}. */
  private Future<Void> bounded(Future<Void> f, long deadline) {
    long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    return f.timeout(leftMs, TimeUnit.MILLISECONDS);
  }
}
