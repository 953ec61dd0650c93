package io.roomgate.api.tencent;

import io.roomgate.auth.UserSigVerifier;
import io.roomgate.http.JsonBodies;
import io.roomgate.http.LogSafe;
import io.roomgate.limit.AuthFailureLimiter;
import io.roomgate.room.RoomService;
import io.roomgate.schema.SchemaRegistry;
import io.roomgate.tenant.TenantRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;


import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Tencent live-room dialect, under {@value #MOUNT}: size guard → command check → UserSig
 * authentication → (rate limit) → command. Every answer is HTTP 200 with a Tencent envelope; one failure handler
 * renders what the stages reject (e.g. an oversized body) the same way.
 *
 * Its routes go on the gateway's root router with full paths (see {@code PlugNmeetRouter#mount} for why):
 * <pre>
 * TencentRouter.mount(root, tenants, rooms, schemas, verifier, createThrottle, maxBodyBytes, authFailures, rateLimit);
 * </pre>
 */
public final class TencentRouter {
  /** Where {@link #mount} puts the dialect. */
  public static final String MOUNT = "/v4/live_engine_http_srv";
  /** The commands served; each is also the rate limiter's API name ({@link TencentResponses#apiName}). */
  public static final Set<String> COMMANDS =
      Set.of("create_room", "destroy_room", "update_room_info", "get_room_info", "get_room_list");
  private static final Logger LOG = Logger.getLogger(TencentRouter.class.getName());

  private TencentRouter() {
  }

  /**
   * @param rateLimit runs after UserSig authentication (so failed authentications never consume an app's quota)
   *                  and before the body is parsed; its API name is the command. Pass {@code RoutingContext::next}
   *                  for none, and render rejections with {@link TencentResponses#rateLimited}
   */
  public static void mount(Router router, TenantRegistry tenants, RoomService rooms, SchemaRegistry schemas,
                           UserSigVerifier verifier, CreateRoomThrottle createThrottle, long maxBodyBytes,
                           AuthFailureLimiter authFailures, Handler<RoutingContext> rateLimit) {
    TencentRoomApi api = new TencentRoomApi(rooms, schemas, createThrottle);
    String all = MOUNT + "/*";
    router.route(all).handler(JsonBodies.reader(maxBodyBytes)); // oversized: fail before reading on
    router.route(all).handler(TencentRouter::knownCommand);   // 60002 / 60009: no quota for what cannot be served
    router.route(all).handler(new TencentAuthHandler(tenants, verifier, authFailures)); // 600xx / 700xx from the query
    router.route(all).handler(rateLimit);
    router.post(MOUNT + "/create_room").handler(api::createRoom);
    router.post(MOUNT + "/destroy_room").handler(api::destroyRoom);
    router.post(MOUNT + "/update_room_info").handler(api::updateRoomInfo);
    router.post(MOUNT + "/get_room_info").handler(api::getRoomInfo);
    router.post(MOUNT + "/get_room_list").handler(api::getRoomList);
    router.route(all).handler(TencentRoomApi::unknownCommand);
    router.route(all).failureHandler(ctx -> failure(ctx, maxBodyBytes));
  }

  /** POST only, and only the commands above: the URL is checked before anything costs work. */
  private static void knownCommand(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.POST) {
      TencentResponses.fail(ctx, TencentError.HTTP_PARSE.code, TencentError.HTTP_PARSE.info + ": POST only");
      return;
    }
    if (!COMMANDS.contains(TencentResponses.apiName(ctx))) {
      TencentRoomApi.unknownCommand(ctx);
      return;
    }
    ctx.next();
  }

  /**
   * A URL that Vert.x cannot read (a bad {@code %} escape or a NUL in the path or query), for the root router's
   * {@link io.roomgate.http.MalformedUrlHandler}: 60002, "HTTP parse error", as Tencent answers a bad URL.
   */
  public static void rejectMalformedUrl(RoutingContext ctx) {
    TencentResponses.fail(ctx, TencentError.HTTP_PARSE.code,
        TencentError.HTTP_PARSE.info + ": malformed percent-escape or NUL in the URL");
  }

  private static void failure(RoutingContext ctx, long maxBodyBytes) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    int status = ctx.statusCode();
    if (status == 413) {
      // Tencent answers HTTP 200 unless the network fails; a too-large request is a malformed one (60008).
      TencentResponses.fail(ctx, 60008, "request body exceeds the limit of " + maxBodyBytes + " bytes");
    } else if (status < 500) {
      // 4xx, or below 400: the BodyHandler's code for a request stream that broke (bad chunk framing, a reset)
      TencentResponses.fail(ctx, TencentError.HTTP_PARSE);
    } else {
      if (ctx.failure() != null) {
        LOG.log(Level.SEVERE, "unexpected failure on " + TencentResponses.apiName(ctx), LogSafe.redact(ctx.failure()));
      }
      TencentResponses.fail(ctx, TencentError.INTERNAL);
    }
  }
}
