package io.roomgate.api.tencent;

import io.roomgate.http.EndpointContext;
import io.roomgate.room.ErrorKind;
import io.roomgate.room.GatewayException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

/**
 * The Tencent command check, from the URL alone: nothing that cannot be served costs a body read, a UserSig check or
 * an app's quota. A {@link PlatformHandler}, so vertx-web refuses it anywhere but before the body handler.
 * <ul>
 *   <li>not POST: {@link ErrorKind#METHOD_NOT_ALLOWED} (60002, "HTTP parse error ...: POST only");</li>
 *   <li>a path that names no {@link TencentEndpoint}: {@link ErrorKind#NOT_SUPPORTED} (60009, "... unknown command
 *       &lt;last path segment&gt;"), with or without authentication, as Tencent answers;</li>
 *   <li>else the endpoint goes into the context for the rate limiter and the dispatch.</li>
 * </ul>
 */
final class TencentCommandGuard implements PlatformHandler {
  private static final GatewayException POST_ONLY = new GatewayException(ErrorKind.METHOD_NOT_ALLOWED,
      TencentError.HTTP_PARSE.info + ": POST only", TencentError.HTTP_PARSE);

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.request().method() != HttpMethod.POST) {
      ctx.fail(POST_ONLY);
      return;
    }
    String path = ctx.normalizedPath();
    TencentEndpoint endpoint = TencentEndpoint.of(path);
    if (endpoint == null) {
      ctx.fail(new GatewayException(ErrorKind.NOT_SUPPORTED, TencentError.BAD_RESOURCE.info + ": unknown command "
          + path.substring(path.lastIndexOf('/') + 1), TencentError.BAD_RESOURCE));
      return;
    }
    EndpointContext.put(ctx, endpoint);
    ctx.next();
  }
}
