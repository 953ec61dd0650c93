package io.roomgate.api;

import io.roomgate.http.BodyGuard;
import io.roomgate.http.LogSafe;
import io.roomgate.metrics.RequestOutcome;
import io.roomgate.room.GatewayException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every dialect's failure handler decides the same way; the dialect says only how each answer looks.
 * <ul>
 *   <li>an answer whose headers are already out cannot be replaced: its stream is reset;</li>
 *   <li>a {@link GatewayException} (every stage and endpoint fails with one) is {@link #render}ed;</li>
 *   <li>vertx-web's own failures carry only a status: 413 (a chunked body over the limit) is rendered as the
 *       too-large error of {@link BodyGuard}; another 4xx, or below 400 (a request stream that broke), is a
 *       {@link #badRequest} (counted {@code client_error}); a 5xx or any other exception is logged (class names and
 *       frames only) and answered as an {@link #internalError} (counted {@code server_error}).</li>
 * </ul>
 */
public abstract class DialectFailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = Logger.getLogger(DialectFailureHandler.class.getName());

  private final GatewayException tooLarge;

  protected DialectFailureHandler(long maxBodyBytes) {
    this.tooLarge = BodyGuard.tooLarge(maxBodyBytes);
  }

  @Override
  public final void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (ctx.failure() instanceof GatewayException e) {
      render(ctx, e);
      return;
    }
    int status = ctx.statusCode();
    if (status == 413) {
      render(ctx, tooLarge);
    } else if (status < 500) {
      RequestOutcome.set(ctx, RequestOutcome.CLIENT_ERROR);
      badRequest(ctx, status >= 400 ? status : 400);
    } else {
      if (ctx.failure() != null) {
        LOG.log(Level.SEVERE, "unexpected failure on " + ctx.normalizedPath(), LogSafe.redact(ctx.failure()));
      }
      RequestOutcome.set(ctx, RequestOutcome.SERVER_ERROR);
      internalError(ctx);
    }
  }

  /** Answers {@code e} in the dialect's shape and reports its outcome. */
  protected abstract void render(RoutingContext ctx, GatewayException e);

  /** Answers a request vertx-web refused with {@code status} (400–499). */
  protected abstract void badRequest(RoutingContext ctx, int status);

  /** Answers a request that failed inside the gateway. */
  protected abstract void internalError(RoutingContext ctx);
}
