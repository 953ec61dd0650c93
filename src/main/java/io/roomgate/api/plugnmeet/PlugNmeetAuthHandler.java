package io.roomgate.api.plugnmeet;

import io.roomgate.auth.replay.ReplayGuard;
import io.roomgate.auth.replay.ReplayStamp;
import io.roomgate.http.ClientAddress;
import io.roomgate.http.TenantContext;
import io.roomgate.limit.AuthFailureLimiter;
import io.roomgate.limit.RateLimitHeaders;
import io.roomgate.room.ErrorKind;
import io.roomgate.room.GatewayException;
import io.roomgate.tenant.Tenant;
import io.roomgate.tenant.TenantRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The plugNmeet authentication stage, server-to-server (spec/plugnmeet-api.md §2): {@code API-KEY} names the tenant
 * and {@code HASH-SIGNATURE} is the lower-case hex HMAC-SHA256 of the raw body bytes with the tenant's secret (or,
 * during a rotation, with its previous secret until {@code plugnmeet.previous_expires_at}). It runs before any JSON
 * parsing and before rate limiting, so unauthenticated traffic never costs a tenant its quota.
 *
 * <p>Outcomes, each a {@code ctx.fail} with {@link ErrorKind#UNAUTHENTICATED} and the plugNmeet code named here (HTTP
 * 401 with a plugNmeet body, rendered by {@link PlugNmeetFailureHandler}), checked in this order:
 * <ul>
 *   <li>no {@code API-KEY}: "Missing API-KEY header." / {@code MISSING_REQUIRED_PARAMETER}</li>
 *   <li>unknown key: "Invalid API key provided." / {@code INVALID_API_KEY}</li>
 *   <li>no {@code HASH-SIGNATURE}: "Missing HASH-SIGNATURE header." / {@code MISSING_REQUIRED_PARAMETER}</li>
 *   <li>mismatch: "Failed to verify provided authentication details." / {@code INVALID_TOKEN_OR_SIGNATURE}</li>
 * </ul>
 * A tenant with {@code replay_window_seconds} also needs {@code X-Roomgate-Timestamp} and {@code X-Roomgate-Nonce}
 * (a missing or malformed one: 401 naming it, before the HMAC), its signature covers
 * {@code timestamp + "\n" + nonce + "\n" + body}, and once it verifies {@link ReplayGuard} refuses a stale
 * timestamp or a used nonce (401 / {@code INVALID_TOKEN_OR_SIGNATURE}, the message says which), or fails with
 * {@link ErrorKind#AUTH_UNAVAILABLE} (503 / {@code INTERNAL_SERVER_ERROR}) when it cannot remember the nonce (Redis
 * away) and {@link ErrorKind#RATE_LIMITED} (429 / {@code PERMISSION_DENIED}) when the tenant's in-process share of
 * nonces is full.
 * Each failure spends one token of the client IP's failed-authentication budget ({@link AuthFailureLimiter}); once
 * it is spent, a request that <em>fails</em> gets {@link ErrorKind#TOO_MANY_AUTH_FAILURES} with {@code Retry-After}
 * (HTTP 429, "too many failed authentications" / {@code PERMISSION_DENIED}) instead of its 401. Every request is
 * still verified (an unknown key costs a map lookup, a known one one HMAC), and one that verifies passes whatever
 * the budget of its IP, so a flooder behind the same address locks nobody else out.
 */
final class PlugNmeetAuthHandler implements AuthenticationHandler {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  // the rejections with a fixed message, built once (they carry no stack trace)
  private static final GatewayException NO_API_KEY = unauthenticated(StatusCode.MISSING_REQUIRED_PARAMETER,
      "Missing API-KEY header.");
  private static final GatewayException UNKNOWN_API_KEY = unauthenticated(StatusCode.INVALID_API_KEY,
      "Invalid API key provided.");
  private static final GatewayException NO_SIGNATURE = unauthenticated(StatusCode.MISSING_REQUIRED_PARAMETER,
      "Missing HASH-SIGNATURE header.");
  private static final GatewayException WRONG_SIGNATURE = unauthenticated(StatusCode.INVALID_TOKEN_OR_SIGNATURE,
      "Failed to verify provided authentication details.");
  private static final GatewayException TOO_MANY_FAILURES = new GatewayException(ErrorKind.TOO_MANY_AUTH_FAILURES,
      "too many failed authentications", StatusCode.PERMISSION_DENIED);

  private final TenantRegistry tenants;
  private final AuthFailureLimiter authFailures;
  private final ReplayGuard replay;

  PlugNmeetAuthHandler(TenantRegistry tenants, AuthFailureLimiter authFailures, ReplayGuard replay) {
    this.tenants = tenants;
    this.authFailures = authFailures;
    this.replay = replay;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String apiKey = ctx.request().getHeader("API-KEY");
    if (apiKey == null || apiKey.isEmpty()) {
      reject(ctx, NO_API_KEY);
      return;
    }
    Tenant tenant = tenants.byPlugNmeetKey(apiKey);
    if (tenant == null) {
      reject(ctx, UNKNOWN_API_KEY);
      return;
    }
    String signature = ctx.request().getHeader("HASH-SIGNATURE");
    if (signature == null || signature.isEmpty()) {
      reject(ctx, NO_SIGNATURE);
      return;
    }
    int window = tenant.config().plugnmeet().replayWindowSeconds();
    ReplayStamp stamp = null;
    if (window > 0) {
      try {
        stamp = replay.read(ctx.request().getHeader(ReplayStamp.TIMESTAMP_HEADER),
            ctx.request().getHeader(ReplayStamp.NONCE_HEADER));
      } catch (ReplayStamp.Invalid e) {
        StatusCode code = e.missing() ? StatusCode.MISSING_REQUIRED_PARAMETER : StatusCode.INVALID_PARAMETERS;
        reject(ctx, unauthenticated(code, e.getMessage()));
        return;
      }
    }
    byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
    Buffer body = ctx.body().buffer();
    if (!MessageDigest.isEqual(expectedSignature(tenant.plugNmeetMac(), stamp, body), given)
        && !matchesPrevious(tenant, stamp, body, given)) {
      reject(ctx, WRONG_SIGNATURE);
      return;
    }
    if (stamp == null) {
      TenantContext.put(ctx, tenant);
      ctx.next();
      return;
    }
    replay.admit(tenant.id(), window, stamp).onSuccess(verdict -> admitted(ctx, tenant, verdict));
  }

  private void admitted(RoutingContext ctx, Tenant tenant, ReplayGuard.Verdict verdict) {
    switch (verdict.outcome()) {
      case OK -> {
        TenantContext.put(ctx, tenant);
        ctx.next();
      }
      // not failed authentications: the request verified, and this gateway cannot admit it now
      case FULL -> ctx.fail(new GatewayException(ErrorKind.RATE_LIMITED, verdict.message()));
      case BACKEND_ERROR -> ctx.fail(new GatewayException(ErrorKind.AUTH_UNAVAILABLE, verdict.message()));
      default -> reject(ctx, unauthenticated(StatusCode.INVALID_TOKEN_OR_SIGNATURE, verdict.message()));
    }
  }

  /**
   * During a rotation, the old secret verifies until its expiry. Asked only when the current secret did not match,
   * so a correctly signed request pays nothing for it.
   */
  private static boolean matchesPrevious(Tenant tenant, ReplayStamp stamp, Buffer body, byte[] given) {
    Mac previous = tenant.previousPlugNmeetMac();
    return previous != null && MessageDigest.isEqual(expectedSignature(previous, stamp, body), given);
  }

  /** Lower-case hex HMAC-SHA256 of the exact body bytes (empty body = HMAC of the empty string). */
  static byte[] expectedSignature(Tenant tenant, Buffer body) {
    return expectedSignature(tenant.plugNmeetMac(), null, body);
  }

  /** The same over the stamp's {@code timestamp\nnonce\n} and then the body, when there is a stamp. */
  static byte[] expectedSignature(Tenant tenant, ReplayStamp stamp, Buffer body) {
    return expectedSignature(tenant.plugNmeetMac(), stamp, body);
  }

  private static byte[] expectedSignature(Mac mac, ReplayStamp stamp, Buffer body) {
    if (stamp != null) {
      mac.update(stamp.signedPrefix());
    }
    byte[] digest = mac.doFinal(body == null ? new byte[0] : body.getBytes());
    byte[] hex = new byte[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      hex[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      hex[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return hex;
  }

  /** A failed authentication: {@code failure} while the client IP's budget lasts, then too many failures. */
  private void reject(RoutingContext ctx, GatewayException failure) {
    String client = ClientAddress.of(ctx);
    if (authFailures.failed(client) == AuthFailureLimiter.Answer.TOO_MANY_FAILURES) {
      // not the tenant's rate limit: an unauthenticated request, refused for its IP's failures
      ctx.response().putHeader(RateLimitHeaders.RETRY_AFTER, Long.toString(authFailures.retryAfterSeconds(client)));
      ctx.fail(TOO_MANY_FAILURES);
      return;
    }
    ctx.fail(failure);
  }

  private static GatewayException unauthenticated(StatusCode code, String msg) {
    return new GatewayException(ErrorKind.UNAUTHENTICATED, msg, code);
  }
}
