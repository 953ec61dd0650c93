package io.roomgate.api.plugnmeet;

import io.roomgate.auth.replay.ReplayGuard;
import io.roomgate.http.JsonBodies;
import io.roomgate.http.LogSafe;
import io.roomgate.limit.AuthFailureLimiter;
import io.roomgate.limit.RateDecision;
import io.roomgate.room.RoomService;
import io.roomgate.schema.SchemaRegistry;
import io.roomgate.tenant.TenantRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;


import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The plugNmeet dialect, under {@code /auth}: size guard → HMAC authentication → (rate limit) → endpoint.
 * One failure handler renders what the stages reject (e.g. 413) as a plugNmeet body.
 */
public final class PlugNmeetRouter {
  private static final Logger LOG = Logger.getLogger(PlugNmeetRouter.class.getName());

  private PlugNmeetRouter() {
  }

  /** Where {@link #mount} puts the dialect. */
  public static final String MOUNT = "/auth";

  /**
   * Adds the dialect's routes under {@value #MOUNT} to {@code router}. Registered on the gateway's root router with
   * full paths rather than as a mounted sub-router: a sub-router costs every request a routing-context wrapper and
   * its mount-point path work (~8 % of a hot read's allocation).
   *
   * @param authFailures the per-client-IP budget of failed authentications
   * @param replay the replay check of tenants with {@code replay_window_seconds}
   * @param rateLimit runs after authentication (so failed authentications never consume a tenant's quota) and
   *                  before parsing; pass {@code RoutingContext::next} for none
   */
  public static void mount(Router router, TenantRegistry tenants, RoomService rooms, SchemaRegistry schemas,
                           long maxBodyBytes, AuthFailureLimiter authFailures, ReplayGuard replay,
                           Handler<RoutingContext> rateLimit) {
    PlugNmeetRoomApi api = new PlugNmeetRoomApi(rooms, schemas);
    String all = MOUNT + "/*";
    router.route(all).handler(JsonBodies.reader(maxBodyBytes)); // 413 before reading too much
    router.route(all).handler(new PlugNmeetAuthHandler(tenants, authFailures, replay)); // 401s, before any JSON parsing
    router.route(all).handler(rateLimit);
    router.post(MOUNT + "/room/create").handler(api::create);
    router.post(MOUNT + "/room/getJoinToken").handler(api::getJoinToken);
    router.post(MOUNT + "/room/isRoomActive").handler(api::isRoomActive);
    router.post(MOUNT + "/room/getActiveRoomInfo").handler(api::getActiveRoomInfo);
    router.post(MOUNT + "/room/getActiveRoomsInfo").handler(api::getActiveRoomsInfo);
    router.post(MOUNT + "/room/endRoom").handler(api::endRoom);
    router.post(MOUNT + "/room/fetchPastRooms").handler(api::fetchPastRooms);
    router.post(all).handler(PlugNmeetRoomApi::notSupported);
    router.route(all).failureHandler(ctx -> failure(ctx, maxBodyBytes));
  }

  /**
   * The plugNmeet answer of a request over its tenant's rate limit: HTTP 429 (the rate-limit fields are already set)
   * and {@code {"status":false,"msg":"too many requests: rate limit '<policy>' exceeded, retry in <n> s","status_code":
   * "PERMISSION_DENIED"}}. plugNmeet itself has no rate limiting and no status code for it (spec/plugnmeet-api.md
   * §3, §7). {@code PERMISSION_DENIED} is the least surprising of its codes: the caller is authenticated and its
   * request is well-formed, but it is not permitted right now. {@code INVALID_PARAMETERS} would send developers
   * looking for a bad field, and {@code INTERNAL_SERVER_ERROR} would blame the server for the caller's rate.
   */
  public static void rejectRateLimited(RoutingContext ctx, RateDecision decision) {
    PlugNmeetResponses.send(ctx, 429, PlugNmeetResponses.failure(StatusCode.PERMISSION_DENIED,
        "too many requests: rate limit '" + decision.policy() + "' exceeded, retry in " + decision.retryAfterSeconds()
            + " s"));
  }

  /**
   * A URL that Vert.x cannot read (a bad {@code %} escape or a NUL in the path or query), for the root router's
   * {@link io.roomgate.http.MalformedUrlHandler}: HTTP 400 with {@code INVALID_PARAMETERS}, like the other client
   * errors a stage rejects before the endpoint.
   */
  public static void rejectMalformedUrl(RoutingContext ctx) {
    PlugNmeetResponses.send(ctx, 400, PlugNmeetResponses.failure(StatusCode.INVALID_PARAMETERS,
        "malformed URL: bad percent-escape or NUL"));
  }

  private static void failure(RoutingContext ctx, long maxBodyBytes) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    int status = ctx.statusCode();
    if (status == 413) {
      PlugNmeetResponses.send(ctx, 413, PlugNmeetResponses.failure(StatusCode.INVALID_PARAMETERS,
          "request body exceeds the limit of " + maxBodyBytes + " bytes"));
    } else if (status < 500) {
      // 4xx, or below 400: the BodyHandler's code for a request stream that broke (bad chunk framing, a reset)
      PlugNmeetResponses.send(ctx, status >= 400 ? status : 400,
          PlugNmeetResponses.failure(StatusCode.INVALID_PARAMETERS, "bad request"));
    } else {
      if (ctx.failure() != null) {
        LOG.log(Level.SEVERE, "unexpected failure on " + ctx.normalizedPath(), LogSafe.redact(ctx.failure()));
      }
      PlugNmeetResponses.send(ctx, 500, PlugNmeetResponses.failure(StatusCode.INTERNAL_SERVER_ERROR,
          "internal server error"));
    }
  }
}
