package io.roomgate.admin;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Every admin answer is JSON; errors are {@code {"status": n, "error": "key-named message"}}. */
final class AdminResponses {
  private AdminResponses() {
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  static void error(RoutingContext ctx, int status, String message) {
    json(ctx, status, new JsonObject().put("status", status).put("error", message));
  }
}
