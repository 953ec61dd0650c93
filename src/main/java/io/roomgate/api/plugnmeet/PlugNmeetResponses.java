package io.roomgate.api.plugnmeet;

import io.roomgate.metrics.RequestOutcome;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes plugNmeet envelopes: {@code {status, msg, status_code, ...}} as {@code application/json}. Answers with
 * {@code status:true} are the endpoints' (a success whatever the {@code status_code}: isRoomActive answers
 * {@code ROOM_NOT_FOUND} with {@code status:true}); every {@code status:false} is {@link PlugNmeetFailureHandler}'s.
 */
final class PlugNmeetResponses {
  private static final String JSON = "application/json";

  private PlugNmeetResponses() {
  }

  static JsonObject success(String msg) {
    return new JsonObject().put("status", true).put("msg", msg).put("status_code", StatusCode.SUCCESS.name());
  }

  static JsonObject failure(StatusCode code, String msg) {
    return new JsonObject().put("status", false).put("msg", msg).put("status_code", code.name());
  }

  /** Sends a {@code status:true} answer (HTTP 200). */
  static void sendSuccess(RoutingContext ctx, JsonObject answer) {
    sendSuccess(ctx, answer.toBuffer());
  }

  /** Sends an already encoded {@code status:true} answer (HTTP 200). */
  static void sendSuccess(RoutingContext ctx, Buffer json) {
    RequestOutcome.setIfAbsent(ctx, RequestOutcome.SUCCESS);
    send(ctx, 200, json);
  }

  /** Sends a {@code status:false} envelope; its outcome is already reported. */
  static void send(RoutingContext ctx, int httpStatus, JsonObject failure) {
    send(ctx, httpStatus, failure.toBuffer());
  }

  private static void send(RoutingContext ctx, int httpStatus, Buffer json) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(httpStatus)
        .putHeader("Content-Type", JSON)
        .end(json);
  }
}
