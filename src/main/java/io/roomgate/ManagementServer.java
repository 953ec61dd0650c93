package io.roomgate;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.roomgate.admin.AdminApi;
import io.roomgate.config.ConnectionLimits;
import io.roomgate.http.ConnectionGuard;
import io.roomgate.http.ConnectionStats;
import io.roomgate.metrics.ReadinessProbe;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The operator listener: {@code GET /health} (the process is alive), {@code GET /ready} (its dependencies answer),
 * {@code GET /metrics} (Prometheus text format, when metrics are on) and the admin API under {@code /admin}. Kept off the public port so that probes and
 * scrapes never compete with tenants' traffic or rate limits. It has the public listener's connection limits, with a
 * cap of its own: a flood of the public port leaves room for probes.
 */
final class ManagementServer {
  private ManagementServer() {
  }

  /**
   * @param registry the registry to expose on {@code /metrics}; {@code null} = metrics off, {@code /metrics} is 404
   * @param admin    the admin API, mounted under {@code /admin} (tenant usage included)
   * @param clock    the gateway's clock (connection timeouts)
   */
  static Future<HttpServer> start(Vertx vertx, io.roomgate.config.ManagementConfig config, ConnectionLimits limits,
                                  ReadinessProbe readiness, Lifecycle lifecycle, PrometheusMeterRegistry registry,
                                  AdminApi admin, GatewayClock clock) {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/ready").handler(ctx -> {
      Lifecycle.Phase phase = lifecycle.phase();
      if (phase != Lifecycle.Phase.SERVING) { // at once, not after the probe's cache runs out
        ctx.response().setStatusCode(503);
        ctx.json(new JsonObject().put("status", phase.name()));
        return;
      }
      ready(ctx, readiness);
    });
    admin.mount(router); // /admin/*: behind admin.tokens, 404 without any
    if (registry != null) {
      router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    }
    HttpServerOptions options = ConnectionGuard.options(new HttpServerOptions(), limits, false);
    if (config.tls() != null) {
      io.roomgate.http.TlsOptions.apply(options, config.tls(), limits.headerTimeoutMs());
    }
    HttpServer server = vertx.createHttpServer(options);
    return new ConnectionGuard(vertx, limits, new ConnectionStats(limits.maxConnections()), null, clock)
        .install(server, router)
        .listen(config.port(), config.host());
  }

  private static void ready(io.vertx.ext.web.RoutingContext ctx, ReadinessProbe readiness) {
    readiness.check().onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.json(new JsonObject().put("status", "READY"));
      } else {
        ctx.response().setStatusCode(503);
        ctx.json(new JsonObject().put("status", "NOT_READY").put("reason", ar.cause().getMessage()));
      }
    });
  }
}
