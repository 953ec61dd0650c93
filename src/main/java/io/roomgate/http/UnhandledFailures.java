package io.roomgate.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The root router's last resort for failures no route's failure handler answered. Without it vertx-web logs each of
 * them as "Unhandled exception in router" at SEVERE, with the exception (and whatever request data its message
 * quotes), even for a client's 4xx. Here a client error is answered in plain text and not logged; a server error is
 * logged once, with class names and stack frames only ({@link LogSafe}).
 */
public final class UnhandledFailures {
  private static final Logger LOG = Logger.getLogger(UnhandledFailures.class.getName());
  private static final int[] CLIENT_ERRORS = {400, 405, 408, 411, 413, 414, 415, 417, 422, 431};

  private UnhandledFailures() {
  }

  /** Registers the error handlers on {@code root}. */
  public static void install(Router root) {
    for (int status : CLIENT_ERRORS) {
      root.errorHandler(status, ctx -> plain(ctx, status, "client error"));
    }
    root.errorHandler(500, ctx -> {
      LOG.log(Level.SEVERE, "unexpected failure (" + ctx.request().method() + ")", LogSafe.redact(ctx.failure()));
      plain(ctx, 500, "internal server error");
    });
  }

  private static void plain(RoutingContext ctx, int status, String text) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(text);
  }
}
