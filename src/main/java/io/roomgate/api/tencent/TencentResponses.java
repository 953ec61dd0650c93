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
public final class TencentResponses {
  private static final String JSON = "application/json";
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final AtomicLong SEQ = new AtomicLong();

  private TencentResponses() {
  }

  /**
   * The rate limiter's rejection in this dialect: HTTP 200, {@code ErrorCode} 60007. For
   * {@code io.roomgate.limit.RateLimitHandler}'s per-dialect callback.
   */
  public static void rateLimited(RoutingContext ctx) {
    fail(ctx, TencentError.RATE_LIMITED.code, TencentError.RATE_LIMITED.info);
  }

  /** The limiter's API name of a Tencent request: its command, the last path segment ({@code get_room_list}). */
  public static String apiName(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static void ok(RoutingContext ctx, JsonObject response) {
    RequestOutcome.setIfAbsent(ctx, RequestOutcome.SUCCESS);
    JsonObject body = envelope("OK", 0, "");
    if (response != null) {
      body.put("Response", response);
    }
    send(ctx, body);
  }

  static void fail(RoutingContext ctx, TencentError error) {
    fail(ctx, error.code, error.info);
  }

  static void fail(RoutingContext ctx, int code, String info) {
    RequestOutcome.setIfAbsent(ctx, outcome(code));
    send(ctx, envelope("FAIL", code, info));
  }

  /** How a Tencent error code counts in the request metrics (HTTP is 200 either way in this dialect). */
  static RequestOutcome outcome(int code) {
    if (code == TencentError.RATE_LIMITED.code) {
      return RequestOutcome.RATE_LIMITED;
    }
    if (code == TencentError.INTERNAL.code) {
      return RequestOutcome.UPSTREAM_ERROR;
    }
    boolean auth = (code >= 70000 && code < 80000) || code == TencentError.BAD_ACCOUNT.code
        || code == TencentError.SDKAPPID_INVALID.code || code == TencentError.SDKAPPID_MISSING.code
        || code == TencentError.ADMIN_REQUIRED.code;
    return auth ? RequestOutcome.AUTH_FAILED : RequestOutcome.CLIENT_ERROR;
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
