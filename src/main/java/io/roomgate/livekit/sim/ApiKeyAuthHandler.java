package io.roomgate.livekit.sim;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * LiveKit's API-key middleware (livekit pkg/service/auth.go): a token that is present but bad ends the request
 * with a plain-text 401; no token at all passes through, and the Twirp handler answers "permissions denied".
 */
final class ApiKeyAuthHandler implements Handler<RoutingContext> {
  static final String GRANT_KEY = "livekit.sim.grant";
  private static final String BEARER = "Bearer ";

  private final AccessTokenVerifier verifier;

  ApiKeyAuthHandler(AccessTokenVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String token;
    try {
      token = tokenOf(ctx);
    } catch (AccessTokenVerifier.Rejected e) {
      PlainText.unauthorized(ctx, e.getMessage());
      return;
    }
    if (token == null || token.isEmpty()) {
      ctx.put(GRANT_KEY, VideoGrant.NONE);
      ctx.next();
      return;
    }
    try {
      JsonObject claims = verifier.verify(token, System.currentTimeMillis() / 1000);
      ctx.put(GRANT_KEY, VideoGrant.of(claims));
      ctx.next();
    } catch (AccessTokenVerifier.Rejected e) {
      PlainText.unauthorized(ctx, e.getMessage());
    }
  }

  /** The bearer token, else {@code ?access_token=}; a non-Bearer Authorization header is refused outright. */
  static String tokenOf(RoutingContext ctx) throws AccessTokenVerifier.Rejected {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header != null && !header.isEmpty()) {
      if (!header.startsWith(BEARER)) {
        throw new AccessTokenVerifier.Rejected("invalid authorization header. Must start with Bearer");
      }
      return header.substring(BEARER.length());
    }
    return ctx.request().getParam("access_token");
  }

  static VideoGrant grantOf(RoutingContext ctx) {
    VideoGrant grant = ctx.get(GRANT_KEY);
    return grant == null ? VideoGrant.NONE : grant;
  }
}
