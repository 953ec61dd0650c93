package io.roomgate.api.tencent;

import io.roomgate.metrics.RequestOutcome;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes Tencent envelopes: always HTTP 200 with {@code {ActionStatus, ErrorCode, ErrorInfo, RequestId[, Response]}}
 * (spec/tencent-live-room.md §0). Every answer carries a fresh {@code RequestId} of Tencent's shape,
 * {@code Id-<32 hex>-O-Seq-<n>}: 128 random bits plus a process-wide sequence, so ids are unique per request.
 */
final class TencentResponses {
  private static final String JSON = "application/json";
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final AtomicLong SEQ = new AtomicLong();

  private TencentResponses() {
  }

  static void ok(RoutingContext ctx, JsonObject response) {
    RequestOutcome.setIfAbsent(ctx, RequestOutcome.SUCCESS);
    JsonObject body = envelope("OK", 0, "");
    if (response != null) {
      body.put("Response", response);
    }
    send(ctx, body);
  }

  /** Sends a {@code FAIL} envelope; its outcome is already reported ({@link TencentFailureHandler}). */
  static void fail(RoutingContext ctx, int code, String info) {
    send(ctx, envelope("FAIL", code, info));
  }

  private static JsonObject envelope(String status, int code, String info) {
    return new JsonObject()
        .put("ActionStatus", status)
        .put("ErrorCode", code)
        .put("ErrorInfo", info)
        .put("RequestId", requestId());
  }

  private static void send(RoutingContext ctx, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(200).putHeader("Content-Type", JSON).end(body.toBuffer());
  }

  static String requestId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] id = new char[32];
    long hi = r.nextLong();
    long lo = r.nextLong();
    for (int i = 0; i < 16; i++) {
      id[i] = HEX[(int) (hi >>> (60 - 4 * i)) & 0xf];
      id[16 + i] = HEX[(int) (lo >>> (60 - 4 * i)) & 0xf];
    }
    return "Id-" + new String(id) + "-O-Seq-" + SEQ.incrementAndGet();
  }
}
