package io.roomgate.admin;

import io.roomgate.config.AdminConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Bearer tokens of the admin API ({@code admin.tokens}), in front of every {@code /admin} route.
 *
 * <p>Outcomes, in this order:
 * <ul>
 *   <li>no tokens configured: 404 for everything (the API does not exist)</li>
 *   <li>no {@code Authorization: Bearer} header: 401 with {@code WWW-Authenticate: Bearer}</li>
 *   <li>a token that matches none: 401, {@code error="invalid_token"}</li>
 *   <li>a {@code read} token on anything but GET/HEAD: 403</li>
 * </ul>
 * The presented token is hashed and compared with every configured token's hash, all of them every time, with
 * {@link MessageDigest#isEqual} (constant time): neither its content nor its length nor which token it is close to
 * shows in the answer time. Routes added to the admin router later (e.g. usage) are behind the same check, with the
 * role taken from the method.
 */
final class AdminAuthHandler implements AuthenticationHandler {
  private static final String CALLER = "roomgate.admin.caller";
  private static final String BEARER = "Bearer ";

  private record Known(byte[] hash, AdminConfig.Token token) {
  }

  private final AdminMetrics metrics;
  private volatile List<Known> known = List.of();

  AdminAuthHandler(AdminConfig config, AdminMetrics metrics) {
    this.metrics = metrics;
    tokens(config);
  }

  /** Installs a new token set (configuration reload). */
  void tokens(AdminConfig config) {
    known = config.tokens().stream().map(t -> new Known(sha256(t.token()), t)).toList();
  }

  /** The token that authenticated the request (its name goes to the audit line). */
  static AdminConfig.Token caller(RoutingContext ctx) {
    return ctx.get(CALLER);
  }

  @Override
  public void handle(RoutingContext ctx) {
    List<Known> tokens = known;
    if (tokens.isEmpty()) {
      metrics.auth("disabled");
      AdminResponses.error(ctx, 404, "not found");
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      metrics.auth("missing");
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"roomgate-admin\"");
      AdminResponses.error(ctx, 401, "an admin token is required (Authorization: Bearer <token>)");
      return;
    }
    byte[] presented = sha256(header.substring(BEARER.length()).trim());
    AdminConfig.Token match = null;
    for (Known k : tokens) {
      if (MessageDigest.isEqual(k.hash(), presented)) { // no early exit: every token is compared
        match = k.token();
      }
    }
    if (match == null) {
      metrics.auth("invalid");
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"roomgate-admin\", error=\"invalid_token\"");
      AdminResponses.error(ctx, 401, "the admin token is not valid");
      return;
    }
    HttpMethod m = ctx.request().method();
    boolean reading = m == HttpMethod.GET || m == HttpMethod.HEAD;
    if (!reading && match.role() != AdminConfig.Role.WRITE) {
      metrics.auth("forbidden");
      AdminResponses.error(ctx, 403, "token '" + match.name() + "' has role read; this needs write");
      return;
    }
    metrics.auth("ok");
    ctx.put(CALLER, match);
    ctx.next();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
