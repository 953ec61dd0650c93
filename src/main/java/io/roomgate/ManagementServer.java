package io.roomgate;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import java.util.function.Supplier;

/**
 * The operator listener: {@code GET /health} (the process is alive) and {@code GET /ready} (its dependencies answer).
 * Kept off the public port so that probes and scrapes never compete with tenants' traffic or rate limits.
 */
final class ManagementServer {
  private ManagementServer() {
  }

  static Future<HttpServer> start(Vertx vertx, String host, int port, Supplier<Future<Void>> readiness) {
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
    router.get("/ready").handler(ctx -> readiness.get().onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.json(new JsonObject().put("status", "READY"));
      } else {
        ctx.response().setStatusCode(503);
        ctx.json(new JsonObject().put("status", "NOT_READY").put("reason", ar.cause().getMessage()));
      }
    }));
    return vertx.createHttpServer().requestHandler(router).listen(port, host);
  }
}
