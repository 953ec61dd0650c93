package io.roomgate.http;

import io.vertx.ext.web.RoutingContext;

/** Typed access to the endpoint a request is for; set by the dialect's first stage, read by the later ones. */
public final class EndpointContext {
  private static final String KEY = "roomgate.endpoint";

  private EndpointContext() {
  }

  public static void put(RoutingContext ctx, Endpoint endpoint) {
    ctx.put(KEY, endpoint);
  }

  /** The endpoint, or {@code null} when the path names none the dialect serves. */
  public static Endpoint find(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /** The API name of the request's endpoint, or {@code null} when it has none (it then shares the tenant's limit). */
  public static String apiName(RoutingContext ctx) {
    Endpoint e = ctx.get(KEY);
    return e == null ? null : e.apiName();
  }
}
