package io.roomgate.api.tencent;

import io.roomgate.auth.UserSigVerifier;
import io.roomgate.http.BodyGuard;
import io.roomgate.http.LogSafe;
import io.roomgate.metrics.RequestOutcome;
import io.roomgate.room.GatewayException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Tencent dialect's one failure handler: every stage and command fails with a {@link GatewayException}, and this
 * renders it as Tencent does, HTTP 200 with {@code {"ActionStatus":"FAIL","ErrorCode":<code>,"ErrorInfo":<text>,
 * "RequestId":...}}, and reports the outcome to the request metrics (by kind, {@link RequestOutcome#fromErrorKind}).
 *
 * <p>The code is the one the raising stage named ({@link TencentError}, or a UserSig
 * {@link UserSigVerifier.Outcome}), else the kind's ({@link TencentError#of}); the text is the error's message, but
 * for the codes Tencent words itself (100004, 60007: {@link TencentError#fixedText}). vertx-web's own failures carry
 * only a status: 413 (a chunked body over the limit) is 60008; another 4xx, or below 400 (a request stream that
 * broke), 60002; a 5xx or any other exception is logged (class names and frames only) and answered 100001. An
 * answer whose headers are already out cannot be replaced: its stream is reset.
 */
final class TencentFailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = Logger.getLogger(TencentFailureHandler.class.getName());

  private final GatewayException tooLarge;

  TencentFailureHandler(long maxBodyBytes) {
    this.tooLarge = BodyGuard.tooLarge(maxBodyBytes);
  }

  @Override
  public void handle(RoutingContext ctx) {
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
      TencentResponses.fail(ctx, TencentError.HTTP_PARSE.code, TencentError.HTTP_PARSE.info);
    } else {
      if (ctx.failure() != null) {
        LOG.log(Level.SEVERE, "unexpected failure on " + ctx.normalizedPath(), LogSafe.redact(ctx.failure()));
      }
      RequestOutcome.set(ctx, RequestOutcome.SERVER_ERROR);
      TencentResponses.fail(ctx, TencentError.INTERNAL.code, TencentError.INTERNAL.info);
    }
  }

  /** Renders {@code e} on {@code ctx} (also for the root router's malformed-URL guard, which runs before routing). */
  static void render(RoutingContext ctx, GatewayException e) {
    RequestOutcome.set(ctx, RequestOutcome.fromErrorKind(e.kind()));
    Enum<?> own = e.dialectCode();
    if (own instanceof TencentError t) {
      TencentResponses.fail(ctx, t.code, e.getMessage());
    } else if (own instanceof UserSigVerifier.Outcome o) {
      TencentResponses.fail(ctx, o.code(), e.getMessage());
    } else {
      TencentError t = TencentError.of(e.kind());
      TencentResponses.fail(ctx, t.code, t.fixedText() ? t.info : e.getMessage());
    }
  }
}
