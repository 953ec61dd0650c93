package io.roomgate.api.tencent;

import io.roomgate.api.DialectFailureHandler;
import io.roomgate.auth.UserSigVerifier;
import io.roomgate.metrics.RequestOutcome;
import io.roomgate.room.GatewayException;
import io.vertx.ext.web.RoutingContext;

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
final class TencentFailureHandler extends DialectFailureHandler {
  TencentFailureHandler(long maxBodyBytes) {
    super(maxBodyBytes);
  }

  @Override
  protected void render(RoutingContext ctx, GatewayException e) {
    renderError(ctx, e);
  }

  @Override
  protected void badRequest(RoutingContext ctx, int status) {
    TencentResponses.fail(ctx, TencentError.HTTP_PARSE.code, TencentError.HTTP_PARSE.info);
  }

  @Override
  protected void internalError(RoutingContext ctx) {
    TencentResponses.fail(ctx, TencentError.INTERNAL.code, TencentError.INTERNAL.info);
  }

  /** Renders {@code e} on {@code ctx} (also for the root router's malformed-URL guard, which runs before routing). */
  static void renderError(RoutingContext ctx, GatewayException e) {
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
