package io.roomgate.api.tencent;

import io.roomgate.auth.UserSigVerifier;
import io.roomgate.config.TenantConfig;
import io.roomgate.http.ClientAddress;
import io.roomgate.http.TenantContext;
import io.roomgate.limit.AuthFailureLimiter;
import io.roomgate.http.QueryParams;
import io.roomgate.limit.RateLimitHeaders;
import io.roomgate.metrics.RequestOutcome;
import io.roomgate.tenant.Tenant;
import io.roomgate.tenant.TenantRegistry;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

import java.util.Map;

/**
 * Tencent REST authentication (spec/tencent-live-room.md §0, §2, §3): the query string names the app
 * ({@code sdkappid}) and an admin ({@code identifier}) and carries that admin's TLSSigAPIv2 {@code usersig}.
 * It runs before rate limiting and before the body is parsed, so unauthenticated calls never cost an app its quota.
 *
 * <p>Outcomes, all HTTP 200 with a Tencent {@code FAIL} body, checked in this order (names are case-sensitive):
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
 * failed-authentication budget ({@link AuthFailureLimiter}); once it is spent, such a failure is answered 70050
 * ("UserSig failed and rate-limited", Tencent's own code for it) with {@code Retry-After} instead. Every request is
 * still verified, and one that verifies passes whatever the budget of its IP.
 */
final class TencentAuthHandler implements AuthenticationHandler {
  private static final String IDENTIFIER = "roomgate.tencent.identifier";
  private static final long MAX_RANDOM = 4294967295L;

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
      TencentResponses.fail(ctx, TencentError.HTTP_PARSE.code,
          TencentError.HTTP_PARSE.info + ": malformed query string");
      return;
    }
    String appParam = query.get("sdkappid");
    if (appParam == null || appParam.isEmpty()) {
      TencentResponses.fail(ctx, TencentError.SDKAPPID_MISSING);
      return;
    }
    long sdkAppId = unsigned(appParam, Long.MAX_VALUE);
    Tenant tenant = sdkAppId < 0 ? null : tenants.bySdkAppId(sdkAppId);
    if (tenant == null) {
      reject(ctx, TencentError.SDKAPPID_INVALID.code, TencentError.SDKAPPID_INVALID.info);
      return;
    }
    String identifier = query.get("identifier");
    if (identifier == null || identifier.isEmpty()) {
      TencentResponses.fail(ctx, TencentError.BAD_ACCOUNT);
      return;
    }
    String userSig = query.get("usersig");
    if (userSig == null || userSig.isEmpty()) {
      TencentResponses.fail(ctx, TencentError.USERSIG_EMPTY);
      return;
    }
    String random = query.get("random");
    if (random == null || unsigned(random, MAX_RANDOM) < 0) {
      TencentResponses.fail(ctx, TencentError.HTTP_PARSE.code, "random must be an integer from 0 to 4294967295");
      return;
    }
    if (!"json".equals(query.get("contenttype"))) {
      TencentResponses.fail(ctx, TencentError.HTTP_PARSE.code, "contenttype must be json");
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
      reject(ctx, outcome.code(), outcome.info());
      return;
    }
    if (!app.admins().contains(identifier)) {
      reject(ctx, TencentError.ADMIN_REQUIRED.code, TencentError.ADMIN_REQUIRED.info);
      return;
    }
    TenantContext.put(ctx, tenant);
    ctx.put(IDENTIFIER, identifier);
    ctx.next();
  }

  /** A failed authentication: its own code while the client IP's budget lasts, then 70050. */
  private void reject(RoutingContext ctx, int code, String info) {
    String client = ClientAddress.of(ctx);
    if (authFailures.failed(client) == AuthFailureLimiter.Answer.TOO_MANY_FAILURES) {
      RequestOutcome.set(ctx, RequestOutcome.AUTH_FAILED);
      ctx.response().putHeader(RateLimitHeaders.RETRY_AFTER, Long.toString(authFailures.retryAfterSeconds(client)));
      TencentResponses.fail(ctx, TencentError.AUTH_FAILURES_LIMITED);
      return;
    }
    TencentResponses.fail(ctx, code, info);
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
