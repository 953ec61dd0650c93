package io.roomgate.api.plugnmeet;

import io.roomgate.api.DialectFailureHandler;
import io.roomgate.metrics.RequestOutcome;
import io.roomgate.room.ErrorKind;
import io.roomgate.room.GatewayException;
import io.vertx.ext.web.RoutingContext;

/**
 * The plugNmeet dialect's one failure handler: every stage and endpoint fails with a {@link GatewayException}, and
 * this renders it as {@code {"status":false,"msg":<message>,"status_code":<code>}} and reports the outcome to the
 * request metrics (by kind, {@link RequestOutcome#fromErrorKind}).
 *
 * <p>The HTTP status: plugNmeet answers its own errors with 200 and {@code status:false} (spec/plugnmeet-api.md §3),
 * and 401 for authentication; what plugNmeet does not have, this gateway's own stages, answer with the HTTP
 * status that says what happened:
 * <table>
 *   <caption>kind → HTTP status, default {@code status_code}</caption>
 *   <tr><td>UNAUTHENTICATED</td><td>401</td><td>INVALID_TOKEN_OR_SIGNATURE (or the one the stage names)</td></tr>
 *   <tr><td>TOO_MANY_AUTH_FAILURES, RATE_LIMITED</td><td>429</td><td>PERMISSION_DENIED</td></tr>
 *   <tr><td>BODY_TOO_LARGE</td><td>413</td><td>INVALID_PARAMETERS</td></tr>
 *   <tr><td>BAD_REQUEST / METHOD_NOT_ALLOWED</td><td>400 / 405</td><td>INVALID_PARAMETERS</td></tr>
 *   <tr><td>AUTH_UNAVAILABLE</td><td>503</td><td>INTERNAL_SERVER_ERROR</td></tr>
 *   <tr><td>every other kind</td><td>200</td><td>{@link StatusCode#of}</td></tr>
 * </table>
 * vertx-web's own failures carry only a status: 413 (a chunked body over the limit) is {@code BODY_TOO_LARGE};
 * another 4xx, or below 400 (a request stream that broke), is "bad request" with that status (400 below 400); a 5xx
 * or any other exception is logged (class names and frames only) and answered 500 {@code INTERNAL_SERVER_ERROR}.
 * An answer whose headers are already out cannot be replaced: its stream is reset.
 */
final class PlugNmeetFailureHandler extends DialectFailureHandler {
  PlugNmeetFailureHandler(long maxBodyBytes) {
    super(maxBodyBytes);
  }

  @Override
  protected void render(RoutingContext ctx, GatewayException e) {
    renderError(ctx, e);
  }

  @Override
  protected void badRequest(RoutingContext ctx, int status) {
    PlugNmeetResponses.send(ctx, status, PlugNmeetResponses.failure(StatusCode.INVALID_PARAMETERS, "bad request"));
  }

  @Override
  protected void internalError(RoutingContext ctx) {
    PlugNmeetResponses.send(ctx, 500, PlugNmeetResponses.failure(StatusCode.INTERNAL_SERVER_ERROR,
        "internal server error"));
  }

  /** Renders {@code e} on {@code ctx} (also for the root router's malformed-URL guard, which runs before routing). */
  static void renderError(RoutingContext ctx, GatewayException e) {
    StatusCode code = e.dialectCode() instanceof StatusCode own ? own : StatusCode.of(e.kind());
    // plugNmeet renders LiveKit outages as INTERNAL_SERVER_ERROR too; the metrics keep them apart by kind
    RequestOutcome.set(ctx, RequestOutcome.fromErrorKind(e.kind()));
    PlugNmeetResponses.send(ctx, httpStatus(e.kind()), PlugNmeetResponses.failure(code, e.getMessage()));
  }

  static int httpStatus(ErrorKind kind) {
    return switch (kind) {
      case UNAUTHENTICATED -> 401;
      case TOO_MANY_AUTH_FAILURES, RATE_LIMITED -> 429;
      case BODY_TOO_LARGE -> 413;
      case BAD_REQUEST -> 400;
      case METHOD_NOT_ALLOWED -> 405;
      case AUTH_UNAVAILABLE -> 503;
      case NOT_SUPPORTED, INVALID_PARAMETERS, ROOM_NOT_FOUND, NOT_FOUND, ROOM_EXISTS, QUOTA_EXCEEDED,
          UPSTREAM_UNAVAILABLE, UPSTREAM_ERROR, INTERNAL -> 200;
    };
  }
}
