package io.roomgate.admin;

import io.roomgate.config.RateLimitConfig;
import io.roomgate.limit.RateLimitUsage;
import io.roomgate.tenant.Tenant;
import io.roomgate.tenant.TenantRegistry;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Instant;

/**
 * {@code GET /admin/tenants/{id}/usage} on the management listener: every rate-limit policy of one tenant with its
 * limit, what remains and when it resets, read from the same state the limiter decides on (Redis, or this process),
 * without taking from it. For tenants' dashboards and billing.
 *
 * <pre>
 * {"tenant":"acme","plan":"pro","mode":"enforce","policies":[
 *   {"name":"app","kind":"bucket","limit":200,"window_seconds":1,"capacity":400,"remaining":398,
 *    "reset_seconds":1,"reset_at":"2026-12-02T12:00:01Z"},
 *   {"name":"day","kind":"quota","limit":1000000,"window_seconds":86400,"capacity":1000000,"remaining":999120,
 *    "reset_seconds":43200,"reset_at":"2026-12-03T00:00:00Z"}]}
 * </pre>
 * Outcomes: 200 with that body; 404 {@code {"error":...}} for a tenant that is not configured or when rate limiting
 * is off ({@code rate_limit.enabled: false}); 503 when the state cannot be read (Redis down or late).
 */
public final class TenantUsageHandler implements Handler<RoutingContext> {
  private final TenantRegistry tenants;
  private final RateLimitUsage usage;
  private final Clock clock;

  /** @param usage the limiter's reader; {@code null} when rate limiting is off */
  public TenantUsageHandler(TenantRegistry tenants, RateLimitUsage usage, Clock clock) {
    this.tenants = tenants;
    this.usage = usage;
    this.clock = clock;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Tenant tenant = tenants.byId(ctx.pathParam("id"));
    if (tenant == null || tenant.internal()) {
      error(ctx, 404, "no such tenant"); // the id is not echoed: it is whatever the caller sent
      return;
    }
    if (usage == null) {
      error(ctx, 404, "rate limiting is off (rate_limit.enabled: false)");
      return;
    }
    usage.usage(tenant).onComplete(ar -> {
      if (ar.failed()) {
        error(ctx, 503, "rate-limit state unavailable, try again");
        return;
      }
      Instant now = clock.instant();
      JsonArray policies = new JsonArray();
      for (RateLimitUsage.PolicyUsage p : ar.result()) {
        policies.add(new JsonObject()
            .put("name", p.name())
            .put("kind", p.kind())
            .put("limit", p.limit())
            .put("window_seconds", p.windowSeconds())
            .put("capacity", p.capacity())
            .put("remaining", p.remaining())
            .put("reset_seconds", p.resetSeconds())
            .put("reset_at", now.plusSeconds(p.resetSeconds()).toString()));
      }
      RateLimitConfig c = tenant.config().rateLimit();
      AdminResponses.json(ctx, 200, new JsonObject()
          .put("tenant", tenant.id())
          .put("plan", c.plan())
          .put("mode", c.mode().key())
          .put("policies", policies));
    });
  }

  private static void error(RoutingContext ctx, int status, String message) {
    AdminResponses.error(ctx, status, message); // the admin API's one error shape
  }
}
