package io.roomgate;

import io.roomgate.api.plugnmeet.PlugNmeetRouter;
import io.github.bucket4j.TimeMeter;
import io.roomgate.config.ConfigWatcher;
import io.roomgate.config.GatewayConfig;
import io.roomgate.config.LiveKitConfig;
import io.roomgate.limit.AuthFailureLimiter;
import io.roomgate.limit.LocalRateLimiter;
import io.roomgate.limit.RateLimitHandler;
import io.roomgate.limit.RateLimitStats;
import io.roomgate.limit.RateLimiter;
import io.roomgate.limit.RedisRateLimiter;
import io.roomgate.livekit.LiveKitClient;
import io.roomgate.livekit.sim.LiveKitSimulator;
import io.roomgate.livekit.sim.SimulatorOptions;
import io.roomgate.redis.RedisClients;
import io.roomgate.room.RoomService;
import io.roomgate.schema.SchemaRegistry;
import io.roomgate.store.InMemoryRoomStore;
import io.roomgate.store.RedisRoomStore;
import io.roomgate.store.RoomStore;
import io.roomgate.tenant.TenantRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Command;

import java.nio.file.Path;
import java.time.Clock;
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

  private final Vertx vertx;
  private final RateLimitStats rateLimitStats = new RateLimitStats();
  private TenantRegistry tenants;
  private GatewayConfig config;
  private final List<String> deployments = new ArrayList<>();
  private final List<Runnable> closers = new ArrayList<>();
  private int apiPort;
  private int managementPort;
  private int liveKitPort = -1;

  private Gateway(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts everything; the future completes when both listeners accept connections. */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
    Gateway g = new Gateway(vertx);
    g.config = config;
    return g.startLiveKit(config.livekit()).compose(baseUrl -> g.startServices(config, baseUrl)).map(g);
  }

  /**
   * Starts everything, then watches {@code configFile} (the file {@code config} was read from): when it changes
   * and validates, the tenants (credentials and rate limits) are replaced without a restart.
   */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Path configFile) {
    return start(vertx, config).map(g -> {
      ConfigWatcher watcher = ConfigWatcher.start(vertx, configFile, CONFIG_POLL_MS, g::reload);
      g.closers.add(watcher::stop);
      return g;
    });
  }

  /** Applies a reloaded configuration: its tenants take effect at once; other sections need a restart. */
  public void reload(GatewayConfig next) {
    tenants.replace(next.tenants());
    if (!next.server().equals(config.server()) || !next.management().equals(config.management())
        || !java.util.Objects.equals(next.redis(), config.redis()) || !next.livekit().equals(config.livekit())
        || !next.limiter().equals(config.limiter())) {
      LOG.warning("configuration reloaded: tenants applied; changes outside tenants[] need a restart");
    } else {
      LOG.info("configuration reloaded: " + next.tenants().size() + " tenants");
    }
    config = new GatewayConfig(config.server(), config.management(), config.redis(), config.livekit(),
        config.limiter(), next.tenants());
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
        new SimulatorOptions("127.0.0.1", lk.embeddedPort(), Map.of(lk.apiKey(), lk.apiSecret())));
    return vertx.deployVerticle(sim).map(id -> {
      deployments.add(id);
      liveKitPort = sim.port();
      return "http://127.0.0.1:" + sim.port();
    });
  }

  private Future<Void> startServices(GatewayConfig config, String liveKitUrl) {
    LiveKitClient liveKit = new LiveKitClient(vertx, config.livekit(), liveKitUrl);
    closers.add(liveKit::close);
    RoomStore store;
    Redis redis = null;
    if (config.redis() != null) {
      redis = RedisClients.create(vertx, config.redis());
      store = new RedisRoomStore(vertx, redis, config.redis());
      Redis r = redis;
      closers.add(r::close);
    } else {
      store = new InMemoryRoomStore();
    }
    RoomService rooms = new RoomService(store, liveKit, Clock.systemUTC(), config.livekit().joinTokenTtlSeconds());
    SchemaRegistry schemas = SchemaRegistry.loadFromClasspath();
    TenantRegistry tenants = new TenantRegistry(config.tenants());
    this.tenants = tenants;
    RateLimiter limiter = rateLimiter(config, redis);
    AuthFailureLimiter authFailures = new AuthFailureLimiter(config.limiter(), rateLimitStats,
        TimeMeter.SYSTEM_NANOTIME);
    Handler<RoutingContext> plugNmeetLimit = limiter == null ? RoutingContext::next
        : new RateLimitHandler(limiter, rateLimitStats, PlugNmeetRouter::rejectRateLimited);

    java.util.function.Function<Vertx, Router> routes = v -> {
      Router root = Router.router(v);
      root.route("/auth/*").subRouter(PlugNmeetRouter.create(v, tenants, rooms, schemas,
          config.server().maxBodyBytes(), authFailures, plugNmeetLimit));
      return root;
    };

    Redis redisForReady = redis;
    Future<HttpServer> management = ManagementServer.start(vertx, config.management().host(),
        config.management().port(), () -> ready(liveKit, redisForReady));
    // The first instance binds (port 0 = pick one); the others join it on the port it got.
    ApiVerticle first = new ApiVerticle(config.server().host(), config.server().port(), routes);
    Future<Void> api = vertx.deployVerticle(first).compose(id -> {
      deployments.add(id);
      apiPort = first.actualPort();
      List<Future<String>> more = new ArrayList<>();
      for (int i = 1; i < config.server().eventLoops(); i++) {
        more.add(vertx.deployVerticle(new ApiVerticle(config.server().host(), apiPort, routes))
            .onSuccess(deployments::add));
      }
      return Future.all(more).mapEmpty();
    });
    return Future.all(api, management).map(cf -> {
      managementPort = management.result().actualPort();
      closers.add(() -> management.result().close());
      return null;
    });
  }

  /** Local buckets on one node; with Redis, one shared bucket per tenant (local pre-filter and fallback). */
  private RateLimiter rateLimiter(GatewayConfig config, Redis redis) {
    if (!config.limiter().enabled()) {
      return null;
    }
    if (redis == null) {
      return new LocalRateLimiter();
    }
    RedisRateLimiter limiter = new RedisRateLimiter(vertx, redis, config.redis().timeoutMs(), config.limiter().nodes(),
        rateLimitStats, TimeMeter.SYSTEM_NANOTIME, RedisRateLimiter.DEFAULT_RETRY_NANOS);
    // Warm-up only: a failure here is no reason not to start (EVALSHA falls back to EVAL; Redis may come later).
    limiter.loadScript().onFailure(e -> LOG.warning("rate limiter: SCRIPT LOAD failed: " + e.getMessage()));
    return limiter;
  }

  private static Future<Void> ready(LiveKitClient liveKit, Redis redis) {
    Future<Void> lk = liveKit.health();
    if (redis == null) {
      return lk;
    }
    Future<Void> r = redis.send(Request.cmd(Command.PING)).mapEmpty();
    return Future.all(lk, r).mapEmpty();
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

  public Future<Void> close() {
    closers.forEach(Runnable::run);
    List<Future<Void>> undeploys = new ArrayList<>();
    deployments.forEach(id -> undeploys.add(vertx.undeploy(id)));
    return Future.join(undeploys).mapEmpty();
  }
}
