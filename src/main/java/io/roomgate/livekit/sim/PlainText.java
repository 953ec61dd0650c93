package io.roomgate.livekit.sim;

import io.vertx.ext.web.RoutingContext;

/** Go's http.Error: text/plain, nosniff, message plus newline. LiveKit's middleware errors look like this. */
final class PlainText {
  private PlainText() {
  }

  static void unauthorized(RoutingContext ctx, String message) {
    send(ctx, 401, message);
  }

  static void send(RoutingContext ctx, int status, String message) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(message + "\n");
  }
}
