package io.roomgate.api.tencent;

import io.roomgate.auth.UserSigVerifier;
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
 * The Tencent live-room dialect under {@value #MOUNT}: one route, one stage per line, in the order vertx-web
 * enforces for the stages' kinds (adding one out of order throws when the router is built). Every answer is HTTP
 * 200 with a Tencent envelope.
 * <pre>
 * PLATFORM        BodyGuard              60008 on a declared length over the limit, before reading
 * PLATFORM        TencentCommandGuard    60002 not POST, 60009 unknown command: before the body is read
 * BODY            BodyHandler            reads the body (60008 for a chunked one that runs over)
 * AUTHENTICATION  TencentAuthHandler     query string and UserSig, with the client IP's failed-auth budget
 * (user)          RateLimitHandler       the app's limit on the command, after authentication (60007)
 * (user)          TencentRoomApi         the command
 * failure         TencentFailureHandler  renders every error of the above as a Tencent envelope
 * </pre>
 * Its route goes on the gateway's root router with its full path (see {@code PlugNmeetRouter#mount} for why).
 */
public final class TencentRouter {
  /** Where {@link #mount} puts the dialect. */
  public static final String MOUNT = "/v4/live_engine_http_srv";
  private static final GatewayException MALFORMED_URL = new GatewayException(ErrorKind.BAD_REQUEST,
      TencentError.HTTP_PARSE.info + ": malformed percent-escape or NUL in the URL", TencentError.HTTP_PARSE);

  private TencentRouter() {
  }

  /**
   * @param rateLimit the rate-limit stage (it fails with {@link ErrorKind#RATE_LIMITED}; its API name is the
   *                  command), or {@code null} for none
   */
  public static Route mount(Router router, TenantRegistry tenants, RoomService rooms, SchemaRegistry schemas,
                            UserSigVerifier verifier, CreateRoomThrottle createThrottle, long maxBodyBytes,
                            AuthFailureLimiter authFailures, Handler<RoutingContext> rateLimit) {
    Route route = router.route(MOUNT + "/*")
        .handler(new BodyGuard(maxBodyBytes))
        .handler(new TencentCommandGuard())
        .handler(JsonBodies.bodyHandler(maxBodyBytes))
        .handler(new TencentAuthHandler(tenants, verifier, authFailures));
    if (rateLimit != null) {
      route.handler(rateLimit);
    }
    return route.handler(new TencentRoomApi(rooms, schemas, createThrottle))
        .failureHandler(new TencentFailureHandler(maxBodyBytes));
  }

  /**
   * A URL that Vert.x cannot read (a bad {@code %} escape or a NUL in the path or query), for the root router's
   * {@link io.roomgate.http.MalformedUrlHandler}, which runs before any dialect route can match: 60002, "HTTP parse
   * error", as Tencent answers a bad URL.
   */
  public static void rejectMalformedUrl(RoutingContext ctx) {
    TencentFailureHandler.renderError(ctx, MALFORMED_URL);
  }
}
