package io.roomgate.limit;

import io.roomgate.http.EndpointContext;
import io.roomgate.http.TenantContext;
import io.roomgate.room.ErrorKind;
import io.roomgate.room.GatewayException;
import io.roomgate.tenant.Tenant;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * The rate-limit stage of a dialect's route, placed right after authentication (so an unauthenticated request
 * never costs a tenant its quota) and before any parsing. It limits the authenticated tenant
 * ({@link TenantContext#of}) on the API of the request's endpoint ({@link EndpointContext}, set by the dialect's
 * first stage from its enum of endpoints); a path the dialect does not serve has none and counts against the
 * tenant's own limit.
 *
 * <p>Outcomes:
 * <ul>
 *   <li>allowed: the {@code RateLimit-Policy} and {@code RateLimit} fields are set and the request goes on;</li>
 *   <li>limited: the same fields plus {@code Retry-After}, then {@code ctx.fail} with
 *       {@link ErrorKind#RATE_LIMITED}, which the dialect's failure handler renders (plugNmeet: HTTP 429 with
 *       {@code status:false}; Tencent: HTTP 200 with {@code ErrorCode} 60007);</li>
 *   <li>limited in shadow mode ({@code mode: shadow}): the fields as if enforced, no {@code Retry-After}, and the
 *       request goes on; counted as {@code would_limit}.</li>
 * </ul>
 * Every decision is counted in {@link RateLimitStats}. One instance serves every request on every event loop; it
 * keeps no per-request state. A plain handler: vertx-web's handler kinds have none for it, so its place after
 * authentication (an {@link io.vertx.ext.web.handler.AuthenticationHandler}) is what the router checks.
 */
public final class RateLimitHandler implements Handler<RoutingContext> {
  private final RateLimiter limiter;
  private final RateLimitStats stats;

  public RateLimitHandler(RateLimiter limiter, RateLimitStats stats) {
    this.limiter = limiter;
    this.stats = stats;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Tenant tenant = TenantContext.of(ctx);
    limiter.tryAcquire(tenant, EndpointContext.apiName(ctx)).onComplete(ar -> {
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
        ctx.fail(rejection(d));
      }
    });
  }

  /**
   * {@code too many requests: rate limit '<policy>' exceeded, retry in <n> s}. plugNmeet shows this message (Tencent
   * has its own fixed text for 60007).
   */
  static GatewayException rejection(RateDecision d) {
    return new GatewayException(ErrorKind.RATE_LIMITED, "too many requests: rate limit '" + d.policy()
        + "' exceeded, retry in " + d.retryAfterSeconds() + " s");
  }
}
