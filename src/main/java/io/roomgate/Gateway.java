package io.roomgate;

import io.roomgate.admin.AdminApi;
import io.roomgate.admin.LocalTenantStore;
import io.roomgate.admin.RedisTenantStore;
import io.roomgate.admin.TenantCatalog;
import io.roomgate.admin.TenantStore;
import io.roomgate.api.plugnmeet.PlugNmeetEvents;
import io.roomgate.api.plugnmeet.PlugNmeetEndpoint;
import io.roomgate.api.plugnmeet.PlugNmeetRouter;
import io.roomgate.api.tencent.CreateRoomThrottle;
import io.roomgate.api.tencent.LocalCreateRoomThrottle;
import io.roomgate.api.tencent.RedisCreateRoomThrottle;
import io.roomgate.api.tencent.TencentEndpoint;
import io.roomgate.api.tencent.TencentRouter;
import io.roomgate.auth.UserSigVerifier;
import io.roomgate.config.ConfigException;
import io.roomgate.config.ConfigWatcher;
import io.roomgate.config.GatewayConfig;
import io.roomgate.config.LiveKitConfig;
import io.roomgate.config.RedisConfig;
import io.roomgate.auth.replay.InMemoryNonceStore;
import io.roomgate.auth.replay.RedisNonceStore;
import io.roomgate.auth.replay.ReplayGuard;
import io.roomgate.http.CertificateReloader;
import io.roomgate.http.TlsOptions;
import io.roomgate.limit.AuthFailureLimiter;
import io.roomgate.limit.LocalRateLimiter;
import io.roomgate.admin.TenantUsageHandler;
import io.roomgate.limit.RateLimitHandler;
import io.roomgate.limit.RateLimitUsage;
import io.roomgate.limit.RateLimitStats;
import io.roomgate.limit.RateLimiter;
import io.roomgate.limit.RedisRateLimiter;
import io.roomgate.http.ConnectionStats;
import io.roomgate.http.LogSafe;
import io.roomgate.http.MalformedUrlHandler;
import io.roomgate.http.UnhandledFailures;
import io.roomgate.limit.EpochTime;
import io.roomgate.livekit.LiveKitClient;
import io.roomgate.room.LiveKitReconciler;
import io.roomgate.livekit.sim.LiveKitSimulator;
import io.roomgate.livekit.sim.SimulatorOptions;
import io.roomgate.metrics.AccessLog;
import io.roomgate.metrics.ApiRoutes;
import io.roomgate.metrics.GatewayMetrics;
import io.roomgate.metrics.ObservabilityHandler;
import io.roomgate.metrics.ReadinessProbe;
import io.roomgate.metrics.MetricsVertx;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.roomgate.redis.LoopConnections;
import io.roomgate.redis.RedisClients;
import io.roomgate.room.ParticipantDirectory;
import io.roomgate.room.RoomService;
import io.roomgate.store.InMemoryPresenceStore;
import io.roomgate.room.PresenceStore;
import io.roomgate.store.ReadCachingPresenceStore;
import io.roomgate.store.LocalFirstInvalidations;
import io.roomgate.store.ReadCachingRoomReads;
import io.roomgate.store.ReadCachingRoomStore;
import io.roomgate.store.RedisRoomReads;
import io.roomgate.store.RoomInvalidations;
import io.roomgate.room.RoomReads;
import io.roomgate.store.RedisRoomInvalidations;
import io.roomgate.store.RedisPresenceStore;
import io.roomgate.webhook.Webhooks;
import io.vertx.ext.web.handler.BodyHandler;
import io.roomgate.schema.SchemaRegistry;
import io.roomgate.store.InMemoryRoomStore;
import io.roomgate.store.RedisRoomStore;
import io.roomgate.room.RoomStore;
import io.roomgate.tenant.Tenant;
import io.roomgate.tenant.TenantRegistry;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Command;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Wires one gateway process: LiveKit (remote, or the embedded simulator reached over HTTP like a real one), the room
 * store (in process, or Redis), the dialect routers, one API verticle per event loop and the management listener.
 */
public final class Gateway {
  private static final Logger LOG = Logger.getLogger(Gateway.class.getName());
  /** How often the configuration file is checked for changes (hot reload of {@code tenants}). */
  static final long CONFIG_POLL_MS = 2_000;
  /** Rooms each node-local read cache holds at most ({@code redis.read_cache_ms}). */
  static final int READ_CACHE_ENTRIES = 100_000;
  /** A readiness answer is reused for this long, so probe floods cost nothing. */
  static final long READY_CACHE_MS = 1_000;
  /** Deadline of each readiness check (LiveKit health, Redis PING). */
  static final long READY_DEADLINE_MS = 500;
  /** After the drain, how long requests in flight may take to finish before their connections are closed. */
  static final long IN_FLIGHT_GRACE_MS = 3_000;

  private final Vertx vertx;
  private final List<String> deployments = new ArrayList<>();
  private final List<ApiVerticle> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Lifecycle lifecycle = new Lifecycle();
  private Warmup warmup;
  private final List<java.util.function.Supplier<Future<?>>> closers = new ArrayList<>();
  private int apiPort;
  private int managementPort;
  private int liveKitPort = -1;
  private LiveKitSimulator simulator;
  private final PrometheusMeterRegistry registry;
  private final GatewayMetrics metrics;
  private final RateLimitStats rateLimitStats;
  /** The one time source: everything that reads time for a decision reads it here (see {@link GatewayClock}). */
  private final GatewayClock clock = GatewayClock.SYSTEM;
  /** The same clock as the rate limiters read it: epoch-aligned, monotonic nanoseconds. */
  private final EpochTime epochTime = new EpochTime(clock);
  private TenantRegistry tenants;
  private TenantCatalog catalog;
  /** The rate limiter of the public listener (once it is built; {@code null} with the limiter off). */
  private volatile RateLimiter limiter;
  private AdminApi adminApi;
  private GatewayConfig config;

  private Gateway(Vertx vertx, GatewayConfig config, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.config = config;
    this.registry = registry;
    this.metrics = registry == null ? GatewayMetrics.disabled()
        : new GatewayMetrics(registry, config.tenants().stream().map(t -> t.id()).toList(),
            config.metrics().maxTenantSeries());
    this.rateLimitStats = new RateLimitStats(metrics::rateLimitDecision);
    metrics.limiterCounters(rateLimitStats::backendErrors, rateLimitStats::authFailureRefusals);
  }

  /**
   * Starts everything; the future completes when both listeners accept connections. With {@code metrics.enabled},
   * roomgate's own meters go to a fresh registry; Vert.x and JVM meters need a Vert.x built by
   * {@link MetricsVertx} and {@link #start(Vertx, GatewayConfig, PrometheusMeterRegistry)}.
   */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
    return start(vertx, config, config.metrics().enabled() ? MetricsVertx.newRegistry() : null);
  }

  /** @param registry exposed on {@code /metrics} and given roomgate's meters; {@code null} = metrics off */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, PrometheusMeterRegistry registry) {
    Gateway g = new Gateway(vertx, config, registry);
    // Reading and compiling the schemas is the longest step of the start (jar reads, meta-schema checks): on a
    // worker, so that it never holds an event loop (on a busy machine the start once held one for 2-3 s)
    return g.startLiveKit(config.livekit())
        .compose(baseUrl -> vertx.executeBlocking(SchemaRegistry::loadFromClasspath)
            .compose(schemas -> g.startServices(config, baseUrl, schemas)))
        .compose(v -> g.warmUp(config.server().warmupSeconds()))
        .map(g);
  }

  /**
   * Starts everything, then watches {@code configFile} (the file {@code config} was read from): when it changes
   * and validates, the tenants (credentials and rate limits) are replaced without a restart.
   */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, PrometheusMeterRegistry registry,
                                      Path configFile) {
    return start(vertx, config, registry).map(g -> {
      ConfigWatcher watcher = ConfigWatcher.start(vertx, configFile, CONFIG_POLL_MS, g::reload);
      g.closers.add(() -> {
        watcher.stop();
        return Future.succeededFuture();
      });
      return g;
    });
  }

  /** Applies a reloaded configuration: its tenants take effect at once; other sections need a restart. */
  public void reload(GatewayConfig next) {
    try {
      catalog.fileTenants(next.tenants(), next.plans()); // merged with the admin API's tenants; the file wins
    } catch (ConfigException e) {
      LOG.severe("configuration not reloaded, keeping the running one: " + e.getMessage());
      return;
    }
    adminApi.tokens(next.admin());
    if (!next.server().equals(config.server()) || !next.management().equals(config.management())
        || !java.util.Objects.equals(next.redis(), config.redis()) || !next.livekit().equals(config.livekit())
        || !next.limiter().equals(config.limiter()) || !next.webhooks().equals(config.webhooks())
        || !next.metrics().equals(config.metrics()) || !next.accessLog().equals(config.accessLog())) {
      LOG.warning("configuration reloaded: tenants applied; changes outside tenants[] need a restart");
    } else {
      LOG.info("configuration reloaded: " + next.tenants().size() + " tenants");
    }
    config = new GatewayConfig(config.server(), config.management(), config.redis(), config.livekit(),
        config.webhooks(), config.limiter(), next.tenants(), config.metrics(), config.accessLog(), next.admin(),
        next.plans());
  }

  /** roomgate's meters, for the stages that record into them (rate limiter, dialects). */
  public GatewayMetrics metrics() {
    return metrics;
  }

  /** The counters of every rate-limit decision of this process. */
  public RateLimitStats rateLimitStats() {
    return rateLimitStats;
  }

  private Future<String> startLiveKit(LiveKitConfig lk) {
    if (!lk.embedded()) {
      return Future.succeededFuture(lk.url());
    }
    LiveKitSimulator sim = new LiveKitSimulator(
        new SimulatorOptions("127.0.0.1", lk.embeddedPort(), Map.of(lk.apiKey(), lk.apiSecret()),
            config.server().connections()));
    return bindFailureNamed("livekit.embedded_port", "127.0.0.1", lk.embeddedPort(), vertx.deployVerticle(sim)).map(id -> {
      deployments.add(id);
      simulator = sim;
      liveKitPort = sim.port();
      return "http://127.0.0.1:" + sim.port();
    });
  }

  /** With {@code server.tls.ca_file} the listener takes only clients with a certificate, which the warm-up has not. */
  private boolean clientCertificatesRequired() {
    return config.server().tls() != null && config.server().tls().caFile() != null;
  }

  /** Warms the process up (see {@link Warmup}), then says ready; {@code seconds = 0}: ready at once. */
  private Future<Void> warmUp(long seconds) {
    // behind server.proxy_protocol the listener takes only load balancers' PROXY connections, and with client
    // certificates only their holders: warm the pools only
    Future<Void> warm = seconds == 0 ? Future.succeededFuture()
        : warmup.run(apiPort, seconds, !config.server().proxyProtocol() && !clientCertificatesRequired(),
            config.server().tls() != null, listeners.stream().map(ApiVerticle::eventLoop).toList());
    return warm.onComplete(ar -> {
      RateLimiter l = limiter;
      if (l != null) {
        l.forget(Tenant.WARMUP_ID); // the warm-up's tenant is gone, and its limiter state with it
      }
      lifecycle.serving();
    });
  }

  private Future<Void> startServices(GatewayConfig config, String liveKitUrl, SchemaRegistry schemas) {
    LiveKitClient liveKit = new LiveKitClient(vertx, config.livekit(), liveKitUrl, metrics, clock);
    closers.add(liveKit::close);
    RoomStore store;
    PresenceStore presence;
    RoomReads reads;
    CreateRoomThrottle createThrottle;
    Redis redis = null;
    LoopConnections loopConnections = null;
    if (config.redis() != null) {
      redis = RedisClients.create(vertx, config.redis());
      store = new RedisRoomStore(redis, config.redis());
      presence = new RedisPresenceStore(redis, config.redis().timeoutMs());
      // each API loop pipelines its reads on a connection of its own; at most half the pool is held that way. With
      // one master, a loop's reads of one turn are written together (a Cluster batch must stay on one node)
      loopConnections = new LoopConnections(redis, config.redis().poolSize() / 2,
          config.redis().type() != RedisConfig.Type.CLUSTER);
      reads = new RedisRoomReads(loopConnections, config.redis().timeoutMs()); // the hot read: one round trip
      long cacheMs = config.redis().readCacheMs();
      if (cacheMs > 0) {
        // hot reads skip Redis; every write is announced on Redis pub/sub and drops every instance's copy, and
        // cacheMs bounds how long a copy can outlive an announcement that was lost
        RedisRoomInvalidations invalidations = new RedisRoomInvalidations(vertx, redis, config.redis());
        // a write here drops this instance's copies of the room in every cache before its caller is answered
        RoomInvalidations local = new LocalFirstInvalidations(invalidations);
        store = new ReadCachingRoomStore(store, local, cacheMs, READ_CACHE_ENTRIES, clock::nanoTime);
        presence = new ReadCachingPresenceStore(presence, local, cacheMs, READ_CACHE_ENTRIES,
            clock::nanoTime);
        reads = new ReadCachingRoomReads(reads, local, cacheMs, READ_CACHE_ENTRIES, clock::nanoTime);
        invalidations.start();
        closers.add(invalidations::close);
        metrics.readCache(invalidations::live, invalidations::publishFailures);
      }
      createThrottle = new RedisCreateRoomThrottle(redis, config.redis().timeoutMs());
      metrics.redisScripts(io.roomgate.redis.RedisScript::reloads);
      Redis r = redis;
      closers.add(() -> {
        r.close();
        return Future.succeededFuture();
      });
      closers.add(loopConnections::close); // closers run last-added first: before the client above
    } else {
      store = new InMemoryRoomStore();
      presence = new InMemoryPresenceStore();
      reads = RoomReads.of(store, presence);
      createThrottle = new LocalCreateRoomThrottle(clock);
    }
    ParticipantDirectory participants = new ParticipantDirectory(presence, liveKit, clock,
        config.livekit().presenceMaxAgeMs(), config.livekit().maxSyncsPerSecond());
    // presence repairs run here, in the background, at most livekit.max_syncs_per_second: reads never wait for them
    long repairTimer = vertx.setPeriodic(io.roomgate.room.PresenceRepairer.TICK_MS,
        id -> participants.repairer().drain());
    closers.add(() -> {
      vertx.cancelTimer(repairTimer);
      return Future.succeededFuture();
    });
    metrics.presenceRepairs(participants.repairer());
    RoomService rooms = new RoomService(store, reads, participants, liveKit, clock,
        config.livekit().joinTokenTtlSeconds());
    TenantRegistry tenants = new TenantRegistry(config.tenants(), clock);
    this.tenants = tenants;
    // the registry serves the file's tenants merged with the admin API's (see TenantCatalog)
    this.catalog = new TenantCatalog(config.tenants(), config.plans(),
        new RegistryInstaller(tenants, metrics, () -> limiter));
    // without Redis, API tenants live in this process; with it, in Redis, announced to every node
    TenantStore tenantStore = redis == null ? new LocalTenantStore(catalog)
        : new RedisTenantStore(vertx, redis, config.redis(), catalog, registry, clock);
    closers.add(tenantStore::close);
    this.adminApi = new AdminApi(vertx, config.admin(), catalog, tenantStore, registry, clock);
    this.warmup = new Warmup(vertx, tenants, redis,
        config.redis() == null ? 0 : config.redis().poolSize(), liveKit, config.server().eventLoops(), clock);
    // LiveKit's rooms and the store's become one set again after LiveKit was away (see LiveKitReconciler)
    LiveKitReconciler reconciler = new LiveKitReconciler(store, liveKit,
        () -> tenants.all().stream().map(io.roomgate.tenant.Tenant::id).toList(), clock,
        config.livekit().orphanAgeSeconds());
    liveKit.onRecovered(reconciler::reconcile);
    if (config.livekit().reconcileIntervalMs() > 0) {
      long reconcileTimer = vertx.setPeriodic(config.livekit().reconcileIntervalMs(), id -> reconciler.reconcile());
      closers.add(() -> {
        vertx.cancelTimer(reconcileTimer);
        return Future.succeededFuture();
      });
    }
    Redis redisForWebhooks = redis;
    LoopConnections loopsForLimiter = loopConnections;
    // a starting node catches up with the admin API's tenants before it listens; Redis away: the checks retry
    Future<Void> tenantsLoaded = tenantStore.start().recover(e -> {
      LOG.warning("tenants of the admin API not loaded yet (" + e.getMessage() + "); retrying in the background");
      return Future.succeededFuture();
    });
    return tenantsLoaded.compose(v -> Webhooks.start(vertx, config, tenants, rooms, participants, redisForWebhooks,
        clock, PlugNmeetEvents::body)).compose(webhooks -> {
      closers.add(webhooks::close);
      metrics.webhookDeliveries(webhooks::delivered, webhooks::retries, webhooks::dropped, webhooks::refused);
      return startListeners(new Services(config, liveKit, rooms, schemas, tenants,
          new UserSigVerifier(clock), createThrottle, webhooks, redisForWebhooks, loopsForLimiter));
    });
  }

  /** A listener that cannot bind says which configuration key and address it was, e.g. for a port in use. */
  private static <T> Future<T> bindFailureNamed(String key, String host, int port, Future<T> binding) {
    return binding.recover(e -> Future.failedFuture(
        new IllegalStateException(key + " " + host + ":" + port + ": " + e.getMessage(), e)));
  }

  /** What the listeners serve, built once per process and shared by every API verticle. */
  private record Services(GatewayConfig config, LiveKitClient liveKit, RoomService rooms, SchemaRegistry schemas,
                          TenantRegistry tenants, UserSigVerifier userSigs, CreateRoomThrottle createThrottle,
                          Webhooks webhooks, Redis redis, LoopConnections loops) {
  }

  private Future<Void> startListeners(Services s) {
    GatewayConfig config = s.config();
    if (vertx.exceptionHandler() == null) {
      // Vert.x would log an exception thrown in an event handler with its message (it may quote request data)
      vertx.exceptionHandler(e -> LOG.log(java.util.logging.Level.SEVERE, "unhandled exception", LogSafe.redact(e)));
    }
    RateLimiter limiter = rateLimiter(config, s.redis(), s.loops());
    this.limiter = limiter;
    AuthFailureLimiter authFailures = new AuthFailureLimiter(config.limiter(), rateLimitStats, epochTime);
    // one per process: nonces seen by any event loop (or, on Redis, by any gateway) count
    ReplayGuard replay = new ReplayGuard(s.redis() == null
        ? new InMemoryNonceStore(clock, InMemoryNonceStore.DEFAULT_MAX_PER_TENANT)
        : new RedisNonceStore(s.redis(), config.redis().timeoutMs()), clock);
    metrics.replayChecks(replay.counters());
    // one stage for both dialects: its rejection is rendered by each dialect's failure handler
    Handler<RoutingContext> rateLimit = limiter == null ? null : new RateLimitHandler(limiter, rateLimitStats);

    AccessLog accessLog = AccessLog.create(config.accessLog(), metrics);
    ObservabilityHandler observe = metrics.enabled() || accessLog.enabled()
        ? new ObservabilityHandler(
        ApiRoutes.standard(PlugNmeetEndpoint.apiNames(), TencentEndpoint.apiNames()), metrics, accessLog) : null;
    java.util.function.Function<Vertx, Router> routes = v -> {
      Router root = Router.router(v);
      io.vertx.ext.web.Route first = root.route();   // both on one route: one match per request
      if (observe != null) {
        first.handler(observe);                        // request id, then metrics + access log at response end
      }
      first.handler(new MalformedUrlHandler(List.of(   // bad %-escapes / NUL: the dialect's client error
          new MalformedUrlHandler.Dialect(TencentRouter.MOUNT, TencentRouter::rejectMalformedUrl),
          new MalformedUrlHandler.Dialect(PlugNmeetRouter.MOUNT, PlugNmeetRouter::rejectMalformedUrl))));
      UnhandledFailures.install(root);                 // no vertx-web SEVERE line for what no route answered
      Handler<RoutingContext> liveKitWebhooks = s.webhooks().liveKitHandler(authFailures); // + its 413s
      root.post("/webhook").handler(BodyHandler.create(false).setBodyLimit(config.server().maxBodyBytes())
              .setMergeFormAttributes(false))
          .handler(liveKitWebhooks).failureHandler(liveKitWebhooks);
      PlugNmeetRouter.mount(root, s.tenants(), s.rooms(), s.schemas(), config.server().maxBodyBytes(), authFailures,
          replay, rateLimit);
      TencentRouter.mount(root, s.tenants(), s.rooms(), s.schemas(), s.userSigs(), s.createThrottle(),
          config.server().maxBodyBytes(), authFailures, rateLimit);
      return root;
    };

    ReadinessProbe readiness = new ReadinessProbe(() -> ready(vertx, s.liveKit(), s.redis()), READY_CACHE_MS, clock);
    // a tenant's rate-limit usage, behind the admin API's tokens
    adminApi.router().get("/tenants/:id/usage").handler(new TenantUsageHandler(s.tenants(),
        limiter instanceof RateLimitUsage u ? u : null, clock));
    Future<HttpServer> management = bindFailureNamed(
        config.management().tls() == null ? "management.port" : "management.port / management.tls",
        config.management().host(), config.management().port(),
        ManagementServer.start(vertx, config.management(), config.server().connections(), readiness, lifecycle,
            registry, adminApi, clock));
    CertificateReloader.Stats serverReloads = new CertificateReloader.Stats();
    CertificateReloader.Stats managementReloads = new CertificateReloader.Stats();
    metrics.tlsReloads("server", serverReloads);
    metrics.tlsReloads("management", managementReloads);
    ConnectionStats connections = new ConnectionStats(config.server().connections().maxConnections());
    metrics.connections(connections::open, connections.rejections(), connections.timeouts());
    // The first instance binds (port 0 = pick one); the others join it on the port it got.
    ApiVerticle first = new ApiVerticle(config.server(), config.server().port(), connections, routes, 0, metrics,
        lifecycle, serverReloads, clock);
    listeners.add(first);
    Future<Void> api = bindFailureNamed(config.server().tls() == null ? "server.port" : "server.port / server.tls",
        config.server().host(), config.server().port(),
        vertx.deployVerticle(first)).compose(id -> {
      deployments.add(id);
      apiPort = first.actualPort();
      List<Future<String>> more = new ArrayList<>();
      for (int i = 1; i < config.server().eventLoops(); i++) {
        ApiVerticle next = new ApiVerticle(config.server(), apiPort, connections, routes, i, metrics, lifecycle,
            serverReloads, clock);
        listeners.add(next);
        more.add(vertx.deployVerticle(next).onSuccess(deployments::add));
      }
      return Future.all(more).mapEmpty();
    });
    return Future.all(api, management).compose(cf -> {
      managementPort = management.result().actualPort();
      closers.add(() -> management.result().close());
      return config.management().tls() == null ? Future.succeededFuture()
          : CertificateReloader.start(vertx, management.result(), config.management().tls(),
              config.server().connections().headerTimeoutMs(), "management.tls", managementReloads)
          .onSuccess(r -> closers.add(() -> {
            r.stop();
            return Future.succeededFuture();
          })).mapEmpty();
    }).compose(v -> Future.all(
        config.server().tls() == null ? Future.succeededFuture()
            : TlsOptions.warm(vertx, config.server().host(), apiPort),
        config.management().tls() == null ? Future.succeededFuture()
            : TlsOptions.warm(vertx, config.management().host(), managementPort)).mapEmpty()
    ).compose(v -> {
      // the embedded LiveKit reports to this gateway, as a real one is configured to (webhook.urls)
      String scheme = config.server().tls() == null ? "http" : "https";
      return simulator == null ? Future.succeededFuture()
          : simulator.webhookUrls(List.of(scheme + "://127.0.0.1:" + apiPort + "/webhook"));
    });
  }

  /** Local buckets on one node; with Redis, one shared bucket per tenant (local pre-filter and fallback). */
  private RateLimiter rateLimiter(GatewayConfig config, Redis redis, LoopConnections loops) {
    if (!config.limiter().enabled()) {
      return null;
    }
    if (redis == null) {
      return new LocalRateLimiter(epochTime, 1, false);
    }
    RedisRateLimiter limiter = new RedisRateLimiter(vertx, redis, loops, config.redis().timeoutMs(),
        config.limiter().nodes(), rateLimitStats, epochTime, RedisRateLimiter.DEFAULT_RETRY_NANOS);
    // Warm-up only: a failure here is no reason not to start (EVALSHA falls back to EVAL; Redis may come later).
    limiter.loadScript().onFailure(e -> LOG.warning("rate limiter: SCRIPT LOAD failed: " + e.getMessage()));
    return limiter;
  }

  /** Ready = LiveKit's health check and (if configured) Redis PING both answer within {@link #READY_DEADLINE_MS}. */
  private static Future<Void> ready(Vertx vertx, LiveKitClient liveKit, Redis redis) {
    Future<Void> lk = liveKit.health(READY_DEADLINE_MS);
    if (redis == null) {
      return lk;
    }
    Promise<Void> ping = Promise.promise();
    long timer = vertx.setTimer(READY_DEADLINE_MS,
        id -> ping.tryFail("Redis PING did not answer within " + READY_DEADLINE_MS + " ms"));
    redis.send(Request.cmd(Command.PING)).onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        ping.tryComplete();
      } else {
        ping.tryFail("Redis PING failed: " + ar.cause().getMessage());
      }
    });
    return Future.all(lk, ping.future()).mapEmpty();
  }

  public int apiPort() {
    return apiPort;
  }

  public int managementPort() {
    return managementPort;
  }

  /** The embedded simulator's port, or -1 when a remote LiveKit is configured. */
  public int liveKitPort() {
    return liveKitPort;
  }

  /**
   * The graceful stop (SIGTERM): {@code /ready} answers 503 at once; the public listener keeps accepting for
   * {@code server.drain_seconds}, answering with {@code Connection: close}, so load balancers notice and clients
   * move on; then it stops accepting, requests in flight finish (within {@link #IN_FLIGHT_GRACE_MS}), and everything
   * else closes as in {@link #close()}.
   *
   * @param progress told each step; JUL loggers are of no use here: the JVM's shutdown resets them
   */
  public Future<Void> drain(java.util.function.Consumer<String> progress) {
    lifecycle.draining();
    long drainMillis = config.server().drainSeconds() * 1000;
    progress.accept("draining: /ready answers 503; the API listener stops accepting in " + drainMillis + " ms");
    Promise<Void> drained = Promise.promise();
    vertx.setTimer(Math.max(1, drainMillis), t -> drained.complete());
    return drained.future()
        .compose(v -> {
          progress.accept("draining: the API listener stops accepting; requests in flight finish");
          List<Future<Void>> stops = new ArrayList<>();
          listeners.forEach(l -> stops.add(l.shutdown(IN_FLIGHT_GRACE_MS)));
          return Future.join(stops);
        })
        .eventually(() -> {
          progress.accept("draining: the API listener is closed; closing the rest");
          return close();
        })
        .onComplete(ar -> progress.accept("drained and closed"))
        .mapEmpty();
  }

  public Future<Void> close() {
    // last started, first stopped, each after the one before
    Future<?> chain = Future.succeededFuture();
    for (int i = closers.size() - 1; i >= 0; i--) {
      java.util.function.Supplier<Future<?>> closer = closers.get(i);
      chain = chain.eventually(closer::get);
    }
    return chain.eventually(() -> {
      AccessLog.flush();
      List<Future<Void>> undeploys = new ArrayList<>();
      deployments.forEach(id -> undeploys.add(vertx.undeploy(id)));
      return Future.join(undeploys);
    }).mapEmpty();
  }
}
