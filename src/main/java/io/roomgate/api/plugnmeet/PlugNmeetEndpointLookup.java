package io.roomgate.api.plugnmeet;

import io.roomgate.http.EndpointContext;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * Names the request's {@link PlugNmeetEndpoint} for the stages after it (the rate limiter's API, the dispatch).
 * It rejects nothing: plugNmeet authenticates a path it does not serve before saying so (the endpoint stage answers
 * it, see {@link PlugNmeetRoomApi#handle}).
 */
final class PlugNmeetEndpointLookup implements PlatformHandler {
  @Override
  public void handle(RoutingContext ctx) {
    PlugNmeetEndpoint endpoint = PlugNmeetEndpoint.of(ctx.normalizedPath());
    if (endpoint != null) {
      EndpointContext.put(ctx, endpoint);
    }
    ctx.next();
  }
}
