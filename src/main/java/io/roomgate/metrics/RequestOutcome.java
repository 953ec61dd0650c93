package io.roomgate.metrics;

import io.roomgate.room.ErrorKind;
import io.vertx.ext.web.RoutingContext;

/**
 * What became of a request, as the {@code outcome} label of the request metrics and the access log. A dialect knows
 * better than the HTTP status (plugNmeet and Tencent answer most errors with HTTP 200), so it reports the outcome with
 * {@link #set}; when it does not, {@link #of} falls back to the HTTP status.
 */
public enum RequestOutcome {
  SUCCESS("success"),
  /** The caller sent something wrong: bad JSON, a schema violation, an unknown room, a body over the limit. */
  CLIENT_ERROR("client_error"),
  /** Missing or wrong credentials (plugNmeet 401, Tencent UserSig errors). */
  AUTH_FAILED("auth_failed"),
  /** The tenant's rate limit refused the request. */
  RATE_LIMITED("rate_limited"),
  /** LiveKit or Redis failed or did not answer in time. */
  UPSTREAM_ERROR("upstream_error"),
  /** A bug or an unexpected state in the gateway. */
  SERVER_ERROR("server_error"),
  /** The connection closed before the response was complete. */
  CLIENT_CLOSED("client_closed");

  private static final String KEY = "roomgate.outcome";

  private final String label;

  RequestOutcome(String label) {
    this.label = label;
  }

  /** The label value, e.g. {@code client_error}. */
  public String label() {
    return label;
  }

  /** Records the outcome of this request; the last call wins. Cheap: one context-map put. */
  public static void set(RoutingContext ctx, RequestOutcome outcome) {
    ctx.put(KEY, outcome);
  }

  /** Records the outcome only if no stage reported one yet (for generic renderers behind a specific one). */
  public static void setIfAbsent(RoutingContext ctx, RequestOutcome outcome) {
    if (ctx.get(KEY) == null) {
      ctx.put(KEY, outcome);
    }
  }

  /** The outcome a stage reported, else the one the HTTP status implies. */
  public static RequestOutcome of(RoutingContext ctx, int httpStatus) {
    RequestOutcome reported = ctx.get(KEY);
    return reported != null ? reported : fromHttpStatus(httpStatus);
  }

  /** The outcome an error of the neutral catalogue means, for dialects that render {@link ErrorKind}s. */
  public static RequestOutcome fromErrorKind(ErrorKind kind) {
    return switch (kind) {
      case BAD_REQUEST, METHOD_NOT_ALLOWED, BODY_TOO_LARGE, NOT_SUPPORTED, INVALID_PARAMETERS, ROOM_NOT_FOUND,
          NOT_FOUND, ROOM_EXISTS, QUOTA_EXCEEDED -> CLIENT_ERROR;
      case UNAUTHENTICATED, TOO_MANY_AUTH_FAILURES -> AUTH_FAILED;
      case RATE_LIMITED -> RATE_LIMITED;
      case AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE, UPSTREAM_ERROR -> UPSTREAM_ERROR;
      case INTERNAL -> SERVER_ERROR;
    };
  }

  public static RequestOutcome fromHttpStatus(int status) {
    if (status < 400) {
      return SUCCESS;
    }
    return switch (status) {
      case 401, 403 -> AUTH_FAILED;
      case 429 -> RATE_LIMITED;
      case 502, 503, 504 -> UPSTREAM_ERROR;
      default -> status < 500 ? CLIENT_ERROR : SERVER_ERROR;
    };
  }
}
