package io.roomgate.http;

import io.roomgate.tenant.Tenant;
import io.vertx.ext.web.RoutingContext;

/** Typed access to the authenticated tenant of a request; set by a dialect's authentication handler. */
public final class TenantContext {
  private static final String KEY = "roomgate.tenant";

  private TenantContext() {
  }

  public static void put(RoutingContext ctx, Tenant tenant) {
    ctx.put(KEY, tenant);
  }

  /** The authenticated tenant, or {@code null} before (or without) authentication; for metrics and logs. */
  public static Tenant find(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /** The authenticated tenant; only ever called behind an authentication handler. */
  public static Tenant of(RoutingContext ctx) {
    Tenant t = ctx.get(KEY);
    if (t == null) {
      throw new IllegalStateException("no authenticated tenant on this request: handler order is wrong");
    }
    return t;
  }
}
