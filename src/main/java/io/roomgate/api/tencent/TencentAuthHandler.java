package io.roomgate.api.tencent;

import io.roomgate.auth.UserSigVerifier;
import io.roomgate.config.TenantConfig;
import io.roomgate.http.ClientAddress;
import io.roomgate.http.TenantContext;
import io.roomgate.limit.AuthFailureLimiter;
import io.roomgate.http.QueryParams;
import io.roomgate.limit.RateLimitHeaders;
import io.roomgate.room.ErrorKind;
import io.roomgate.room.GatewayException;
import io.roomgate.tenant.Tenant;
import io.roomgate.tenant.TenantRegistry;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

import java.util.Map;

/**
 * The Tencent authentication stage (spec/tencent-live-room.md §0, §2, §3): the query string names the app
 * ({@code sdkappid}) and an admin ({@code identifier}) and carries that admin's TLSSigAPIv2 {@code usersig}.
 * It runs before rate limiting and before the body is parsed, so unauthenticated calls never cost an app its quota.
 *
 * <p>Outcomes, each a {@code ctx.fail} with {@link ErrorKind#UNAUTHENTICATED} (60002:
 * {@link ErrorKind#BAD_REQUEST}) and the Tencent code named here, which {@link TencentFailureHandler} renders as
 * HTTP 200 with a {@code FAIL} body, checked in this order (names are case-sensitive):
 * <ul>
 *   <li>a malformed query string (a bad {@code %} escape, escapes that are not UTF-8, a NUL): 60002</li>
 *   <li>no {@code sdkappid}: 60012; not a number, or no tenant has it: 60006</li>
 *   <li>no {@code identifier}: 60004</li>
 *   <li>no {@code usersig}: 70002</li>
 *   <li>{@code random} missing or outside 0..4294967295, {@code contenttype} not {@code json}: 60002</li>
 *   <li>the UserSig: 70003 unreadable, 70014 other app, 70013 other identifier, 70001 expired, 70009 wrong key</li>
 *   <li>{@code identifier} not among the tenant's {@code admins}: 60010</li>
 * </ul>
 * An unknown sdkappid, a UserSig that fails and a non-admin identifier each spend one token of the client IP's
 * failed-authentication budget ({@link AuthFailureLimiter}); once it is spent, such a failure is
 * {@link ErrorKind#TOO_MANY_AUTH_FAILURES}, 70050 ("UserSig failed and rate-limited", Tencent's own code for it),
 * with {@code Retry-After} instead. Every request is
 * still verified, and one that verifies passes whatever the budget of its IP.
 */
final class TencentAuthHandler implements AuthenticationHandler {
  private static final String IDENTIFIER = "roomgate.tencent.identifier";
  private static final long MAX_RANDOM = 4294967295L;
  // the rejections with a fixed message, built once (they carry no stack trace)
  private static final GatewayException MALFORMED_QUERY = badRequest(TencentError.HTTP_PARSE.info
      + ": malformed query string");
  private static final GatewayException BAD_RANDOM = badRequest("random must be an integer from 0 to 4294967295");
  private static final GatewayException BAD_CONTENT_TYPE = badRequest("contenttype must be json");
  private static final GatewayException NO_SDKAPPID = unauthenticated(TencentError.SDKAPPID_MISSING);
  private static final GatewayException UNKNOWN_SDKAPPID = unauthenticated(TencentError.SDKAPPID_INVALID);
  private static final GatewayException NO_IDENTIFIER = unauthenticated(TencentError.BAD_ACCOUNT);
  private static final GatewayException NO_USERSIG = unauthenticated(TencentError.USERSIG_EMPTY);
  private static final GatewayException NOT_AN_ADMIN = unauthenticated(TencentError.ADMIN_REQUIRED);
  private static final GatewayException TOO_MANY_FAILURES = new GatewayException(ErrorKind.TOO_MANY_AUTH_FAILURES,
      TencentError.AUTH_FAILURES_LIMITED.info, TencentError.AUTH_FAILURES_LIMITED);
  /** One per UserSig outcome (each has a fixed text). */
  private static final java.util.Map<UserSigVerifier.Outcome, GatewayException> USERSIG_FAILURES = userSigFailures();

  private final TenantRegistry tenants;
  private final UserSigVerifier verifier;
  private final AuthFailureLimiter authFailures;

  TencentAuthHandler(TenantRegistry tenants, UserSigVerifier verifier, AuthFailureLimiter authFailures) {
    this.tenants = tenants;
    this.verifier = verifier;
    this.authFailures = authFailures;
  }

  /** The authenticated admin identifier of the request. */
  static String identifier(RoutingContext ctx) {
    return ctx.get(IDENTIFIER);
  }

  @Override
  public void handle(RoutingContext ctx) {
    // Tencent's parameter names are case-sensitive; Vert.x's own query map is not, and Netty's decoder throws with
    // the whole URI (UserSig included) in its message on a bad escape: decode strictly here.
    Map<String, String> query = QueryParams.parse(ctx.request().query());
    if (query == null) {
      ctx.fail(MALFORMED_QUERY);
      return;
    }
    String appParam = query.get("sdkappid");
    if (appParam == null || appParam.isEmpty()) {
      ctx.fail(NO_SDKAPPID);
      return;
    }
    long sdkAppId = unsigned(appParam, Long.MAX_VALUE);
    Tenant tenant = sdkAppId < 0 ? null : tenants.bySdkAppId(sdkAppId);
    if (tenant == null) {
      reject(ctx, UNKNOWN_SDKAPPID);
      return;
    }
    String identifier = query.get("identifier");
    if (identifier == null || identifier.isEmpty()) {
      ctx.fail(NO_IDENTIFIER);
      return;
    }
    String userSig = query.get("usersig");
    if (userSig == null || userSig.isEmpty()) {
      ctx.fail(NO_USERSIG);
      return;
    }
    String random = query.get("random");
    if (random == null || unsigned(random, MAX_RANDOM) < 0) {
      ctx.fail(BAD_RANDOM);
      return;
    }
    if (!"json".equals(query.get("contenttype"))) {
      ctx.fail(BAD_CONTENT_TYPE);
      return;
    }
    TenantConfig.Tencent app = tenant.config().tencent();
    UserSigVerifier.Outcome outcome = verifier.verify(userSig, sdkAppId, identifier, app.secretKey());
    String previousKey = outcome == UserSigVerifier.Outcome.SIG_MISMATCH ? tenant.previousTencentKey() : null;
    if (previousKey != null) {
      // during a rotation, a UserSig signed with the old key verifies until tencent.previous_expires_at
      outcome = verifier.verify(userSig, sdkAppId, identifier, previousKey);
    }
    if (outcome != UserSigVerifier.Outcome.OK) {
      reject(ctx, USERSIG_FAILURES.get(outcome));
      return;
    }
    if (!app.admins().contains(identifier)) {
      reject(ctx, NOT_AN_ADMIN);
      return;
    }
    TenantContext.put(ctx, tenant);
    ctx.put(IDENTIFIER, identifier);
    ctx.next();
  }

  /** A failed authentication: {@code failure} while the client IP's budget lasts, then 70050. */
  private void reject(RoutingContext ctx, GatewayException failure) {
    String client = ClientAddress.of(ctx);
    if (authFailures.failed(client) == AuthFailureLimiter.Answer.TOO_MANY_FAILURES) {
      ctx.response().putHeader(RateLimitHeaders.RETRY_AFTER, Long.toString(authFailures.retryAfterSeconds(client)));
      ctx.fail(TOO_MANY_FAILURES);
      return;
    }
    ctx.fail(failure);
  }

  private static GatewayException badRequest(String info) {
    return new GatewayException(ErrorKind.BAD_REQUEST, info, TencentError.HTTP_PARSE);
  }

  private static GatewayException unauthenticated(TencentError error) {
    return new GatewayException(ErrorKind.UNAUTHENTICATED, error.info, error);
  }

  private static java.util.Map<UserSigVerifier.Outcome, GatewayException> userSigFailures() {
    java.util.Map<UserSigVerifier.Outcome, GatewayException> m = new java.util.EnumMap<>(UserSigVerifier.Outcome.class);
    for (UserSigVerifier.Outcome o : UserSigVerifier.Outcome.values()) {
      m.put(o, new GatewayException(ErrorKind.UNAUTHENTICATED, o.info(), o));
    }
    return m;
  }

  /** A plain decimal in 0..max, or -1. */
  private static long unsigned(String s, long max) {
    if (s.isEmpty() || s.length() > 19) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
      if (v > max || v < 0) {
        return -1;
      }
    }
    return v;
  }
}
