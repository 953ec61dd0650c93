package io.roomgate.limit;

import io.roomgate.http.TenantContext;
import io.roomgate.tenant.Tenant;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The rate-limit stage of a dialect's route, placed right after authentication (so an unauthenticated request
 * never costs a tenant its quota) and before any parsing. It limits the authenticated tenant
 * ({@link TenantContext#of}) on the API named by the last path segment ({@code /auth/room/create} →
 * {@code create}, {@code /v4/live_engine_http_srv/get_room_list} → {@code get_room_list}).
 *
 * <p>Outcomes:
 * <ul>
 *   <li>allowed: the {@code RateLimit-Policy} and {@code RateLimit} fields are set and the request goes on;</li>
 *   <li>limited: the same fields plus {@code Retry-After}, then the dialect's {@link Rejection} renders the answer
 *       (plugNmeet: HTTP 429 with {@code status:false}; Tencent: HTTP 200 with {@code ErrorCode} 60007);</li>
 *   <li>limited in shadow mode ({@code mode: shadow}): the fields as if enforced, no {@code Retry-After}, and the
 *       request goes on; counted as {@code would_limit}.</li>
 * </ul>
 * Every decision is counted in {@link RateLimitStats}. One instance serves every request on every event loop; it
 * keeps no per-request state.
 */
public final class RateLimitHandler implements Handler<RoutingContext> {

  /** Renders a rejection in the caller's dialect; the rate-limit fields are already on the response. */
  @FunctionalInterface
  public interface Rejection {
    void reject(RoutingContext ctx, RateDecision decision);
  }

  private final RateLimiter limiter;
  private final RateLimitStats stats;
  private final Rejection rejection;

  public RateLimitHandler(RateLimiter limiter, RateLimitStats stats, Rejection rejection) {
    this.limiter = limiter;
    this.stats = stats;
    this.rejection = rejection;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Tenant tenant = TenantContext.of(ctx);
    limiter.tryAcquire(tenant, apiName(ctx.normalizedPath())).onComplete(ar -> {
      if (ar.failed()) { // limiters decide failures by policy; this is a bug, not a Redis outage
        ctx.fail(500, ar.cause());
        return;
      }
      RateDecision d = ar.result();
      stats.record(tenant.id(), d);
      RateLimitHeaders.write(ctx.response(), d);
      if (d.proceeds()) { // allowed, or limited in shadow mode (counted as would_limit)
        ctx.next();
      } else {
        rejection.reject(ctx, d);
      }
    });
  }

  /** The last path segment, without a trailing slash. */
  static String apiName(String path) {
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(path.lastIndexOf('/', end - 1) + 1, end);
  }
}
