package io.roomgate.livekit.sim;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The gate of the control API ({@code /sim/*} except {@code /sim/join}, which checks its join token itself): the
 * control API adds participants to any room and resets the simulator, so only a holder of one of the simulator's
 * API secrets may use it, as for the RoomService's admin calls.
 *
 * <p>A request passes with {@code Authorization: Bearer <JWT>}, verified like every LiveKit token
 * ({@link AccessTokenVerifier}: HS256, {@code iss} = one of the simulator's API keys, {@code exp} required,
 * {@code nbf}), whose {@code video} grant has {@code roomAdmin: true}. A grant that names a {@code room} is an admin
 * of that room only (LiveKit's {@code EnsureAdminPermission}): it may control that room's participants and tracks
 * and nothing simulator-wide; a grant without a room may do everything. Otherwise: 401 with a Twirp error body
 * ({@code {"code":"unauthenticated","msg":...}}) that says what is missing.
 */
final class ControlApiAuth implements Handler<RoutingContext> {
  static final String PREFIX = "/sim/";
  static final String JOIN = "/sim/join";
  static final String MISSING = "the /sim control API needs Authorization: Bearer <JWT signed with the simulator's"
      + " API key and secret, with the video grant roomAdmin: true>";
  static final String NO_ROOM_ADMIN = "permissions denied: the token's video grant has no roomAdmin: true";
  private static final String BEARER = "Bearer ";

  private final AccessTokenVerifier verifier;

  ControlApiAuth(AccessTokenVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (JOIN.equals(ctx.normalizedPath())) {
      ctx.next(); // a client's join: its join token is checked by the handler
      return;
    }
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.startsWith(BEARER) || header.length() == BEARER.length()) {
      deny(ctx, MISSING);
      return;
    }
    JsonObject claims;
    try {
      claims = verifier.verify(header.substring(BEARER.length()), System.currentTimeMillis() / 1000);
    } catch (AccessTokenVerifier.Rejected e) {
      deny(ctx, e.getMessage());
      return;
    }
    VideoGrant grant = VideoGrant.of(claims);
    if (!grant.flag("roomAdmin", false)) {
      deny(ctx, NO_ROOM_ADMIN);
      return;
    }
    String tokenRoom = grant.room();
    if (!tokenRoom.isEmpty()) {
      String pathRoom = roomOf(ctx.normalizedPath());
      if (pathRoom == null) {
        deny(ctx, "permissions denied: a token for room '" + tokenRoom + "' cannot use " + ctx.normalizedPath());
        return;
      }
      if (!tokenRoom.equals(pathRoom)) {
        deny(ctx, "permissions denied: the token is for room '" + tokenRoom + "', not '" + pathRoom + "'");
        return;
      }
    }
    ctx.next();
  }

  /** The room a control path acts on ({@code /sim/rooms/{room}/...}, {@code /sim/participants/{room}/...}), else null. */
  static String roomOf(String path) {
    String rest;
    if (path.startsWith("/sim/rooms/")) {
      rest = path.substring("/sim/rooms/".length());
    } else if (path.startsWith("/sim/participants/")) {
      rest = path.substring("/sim/participants/".length());
    } else {
      return null;
    }
    int slash = rest.indexOf('/');
    String segment = slash < 0 ? rest : rest.substring(0, slash);
    if (segment.isEmpty()) {
      return null;
    }
    // a literal '+' in a path is a plus, not a space
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static void deny(RoutingContext ctx, String message) {
    TwirpEndpoint.writeError(ctx, new TwirpException("unauthenticated", message, Map.of()));
  }
}
