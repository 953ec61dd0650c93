package io.roomgate.api.plugnmeet;

import io.roomgate.auth.replay.ReplayGuard;
import io.roomgate.http.BodyGuard;
import io.roomgate.http.JsonBodies;
import io.roomgate.limit.AuthFailureLimiter;
import io.roomgate.room.ErrorKind;
import io.roomgate.room.GatewayException;
import io.roomgate.room.RoomService;
import io.roomgate.schema.SchemaRegistry;
import io.roomgate.tenant.TenantRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The plugNmeet dialect under {@value #MOUNT}: one route, one stage per line, in the order vertx-web enforces for
 * the stages' kinds (adding one out of order throws when the router is built):
 * <pre>
 * PLATFORM        BodyGuard                 413 on a declared length over the limit, before reading
 * PLATFORM        PlugNmeetEndpointLookup   names the endpoint (rate limiter, dispatch, from PlugNmeetEndpoint)
 * BODY            BodyHandler               reads the body (413 for a chunked one that runs over)
 * AUTHENTICATION  PlugNmeetAuthHandler      HMAC of the raw body, with the client IP's failed-auth budget
 * (user)          RateLimitHandler          the tenant's limit on the endpoint's API, after authentication
 * (user)          PlugNmeetRoomApi          POST only; the endpoint, or "not supported"
 * failure         PlugNmeetFailureHandler   renders every error of the above as a plugNmeet body
 * </pre>
 */
public final class PlugNmeetRouter {
  /** Where {@link #mount} puts the dialect. */
  public static final String MOUNT = "/auth";

  private PlugNmeetRouter() {
  }

  /**
   * Adds the dialect's route under {@value #MOUNT} to {@code router}. Registered on the gateway's root router with
   * its full path rather than as a mounted sub-router: a sub-router costs every request a routing-context wrapper
   * and its mount-point path work (~8 % of a hot read's allocation).
   *
   * @param authFailures the per-client-IP budget of failed authentications
   * @param replay       the replay check of tenants with {@code replay_window_seconds}
   * @param rateLimit    the rate-limit stage (it fails with {@link ErrorKind#RATE_LIMITED}), or {@code null} for
   *                     none
   */
  public static Route mount(Router router, TenantRegistry tenants, RoomService rooms, SchemaRegistry schemas,
                            long maxBodyBytes, AuthFailureLimiter authFailures, ReplayGuard replay,
                            Handler<RoutingContext> rateLimit) {
    Route route = router.route(MOUNT + "/*")
        .handler(new BodyGuard(maxBodyBytes))
        .handler(new PlugNmeetEndpointLookup())
        .handler(JsonBodies.bodyHandler(maxBodyBytes))
        .handler(new PlugNmeetAuthHandler(tenants, authFailures, replay));
    if (rateLimit != null) {
      route.handler(rateLimit);
    }
    return route.handler(new PlugNmeetRoomApi(rooms, schemas))
        .failureHandler(new PlugNmeetFailureHandler(maxBodyBytes));
  }

  /**
   * A URL that Vert.x cannot read (a bad {@code %} escape or a NUL in the path or query), for the root router's
   * {@link io.roomgate.http.MalformedUrlHandler}, which runs before any dialect route can match: HTTP 400 with
   * {@code INVALID_PARAMETERS}, like the other client errors a stage rejects before the endpoint.
   */
  public static void rejectMalformedUrl(RoutingContext ctx) {
    PlugNmeetFailureHandler.renderError(ctx, MALFORMED_URL);
  }

  private static final GatewayException MALFORMED_URL = new GatewayException(ErrorKind.BAD_REQUEST,
      "malformed URL: bad percent-escape or NUL");
}
