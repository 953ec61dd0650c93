package io.roomgate.api.plugnmeet;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes plugNmeet envelopes: {@code {status, msg, status_code, ...}} as {@code application/json}. */
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

  static void send(RoutingContext ctx, int httpStatus, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    Buffer bytes = body.toBuffer();
    ctx.response()
        .setStatusCode(httpStatus)
        .putHeader("Content-Type", JSON)
        .end(bytes);
  }
}
