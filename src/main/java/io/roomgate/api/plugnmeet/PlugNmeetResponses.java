package io.roomgate.api.plugnmeet;

import io.roomgate.metrics.RequestOutcome;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes plugNmeet envelopes: {@code {status, msg, status_code, ...}} as {@code application/json}. */
final class PlugNmeetResponses {
  private static final String JSON = "application/json";

  private PlugNmeetResponses() {
  }

  /**
   * What a plugNmeet answer means: {@code status:true} is a success whatever the {@code status_code} (isRoomActive
   * answers {@code ROOM_NOT_FOUND} with {@code status:true}); 401s are authentication failures; an
   * {@code INTERNAL_SERVER_ERROR} is ours; every other {@code status:false} is the caller's.
   */
  static RequestOutcome outcome(int httpStatus, JsonObject body) {
    if (httpStatus == 401) {
      return RequestOutcome.AUTH_FAILED;
    }
    if (httpStatus == 429) {
      return RequestOutcome.RATE_LIMITED;
    }
    if (body.getBoolean("status", false)) {
      return RequestOutcome.SUCCESS;
    }
    if (StatusCode.INTERNAL_SERVER_ERROR.name().equals(body.getString("status_code")) || httpStatus >= 500) {
      return RequestOutcome.SERVER_ERROR;
    }
    return RequestOutcome.CLIENT_ERROR;
  }

  static JsonObject success(String msg) {
    return new JsonObject().put("status", true).put("msg", msg).put("status_code", StatusCode.SUCCESS.name());
  }

  static JsonObject failure(StatusCode code, String msg) {
    return new JsonObject().put("status", false).put("msg", msg).put("status_code", code.name());
  }

  /** Sends an already encoded {@code status:true} answer (HTTP 200). */
  static void sendSuccess(RoutingContext ctx, Buffer json) {
    if (ctx.response().ended()) {
      return;
    }
    RequestOutcome.setIfAbsent(ctx, RequestOutcome.SUCCESS);
    ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", JSON)
        .end(json);
  }

  /** Sends the envelope; reports its outcome for metrics unless a stage reported a more precise one. */
  static void send(RoutingContext ctx, int httpStatus, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    RequestOutcome.setIfAbsent(ctx, outcome(httpStatus, body));
    Buffer bytes = body.toBuffer();
    ctx.response()
        .setStatusCode(httpStatus)
        .putHeader("Content-Type", JSON)
        .end(bytes);
  }
}
