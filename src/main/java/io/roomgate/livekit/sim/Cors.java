package io.roomgate.livekit.sim;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * LiveKit's CORS policy (rs/cors in livekit pkg/service/server.go): every origin is allowed and echoed back, any
 * requested header is allowed, preflights are cached for a day; methods are rs/cors' defaults. Not on the
 * simulator's own {@code /sim} control API: no web page of any origin may drive it from a browser.
 */
final class Cors implements Handler<RoutingContext> {
  private static final String ALLOWED_METHODS = "GET, POST, HEAD";

  @Override
  public void handle(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null || isControlApi(ctx.normalizedPath())) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Vary", "Origin").putHeader("Access-Control-Allow-Origin", origin);
    String requestedMethod = ctx.request().getHeader("Access-Control-Request-Method");
    if (ctx.request().method() == HttpMethod.OPTIONS && requestedMethod != null) {
      String requestedHeaders = ctx.request().getHeader("Access-Control-Request-Headers");
      ctx.response().putHeader("Access-Control-Allow-Methods", ALLOWED_METHODS)
          .putHeader("Access-Control-Max-Age", "86400");
      if (requestedHeaders != null) {
        ctx.response().putHeader("Access-Control-Allow-Headers", requestedHeaders);
      }
      ctx.response().setStatusCode(204).end();
      return;
    }
    ctx.next();
  }

  private static boolean isControlApi(String path) {
    return path.equals("/sim") || path.startsWith(ControlApiAuth.PREFIX);
  }
}
