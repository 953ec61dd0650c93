package io.roomgate.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * The root router's guard against URLs Vert.x cannot read: a {@code %} not followed by two hex digits, or a NUL,
 * in the path or the query string. Vert.x would throw on them while routing ({@code normalizedPath()}) or decoding
 * parameters, with the whole URI (a Tencent UserSig included) in the exception message, logged as a SEVERE stack
 * trace. Here they get the client error of the dialect their path names instead, and nothing is logged:
 * <pre>
 * root.route().handler(observe);                    // request id, metrics, access log (copes with a bad path)
 * root.route().handler(new MalformedUrlHandler(List.of(
 *     new MalformedUrlHandler.Dialect(TencentRouter.MOUNT, TencentRouter::rejectMalformedUrl), ...)));
 * </pre>
 * Paths of no dialect get a plain-text 400. It runs on a route without a path, so vertx-web does not normalize the
 * path to match it; it must come before every route that has one.
 */
public final class MalformedUrlHandler implements Handler<RoutingContext> {
  /** Requests whose raw path starts with {@code prefix} are answered by {@code reject}. */
  public record Dialect(String prefix, Handler<RoutingContext> reject) {
  }

  private final List<Dialect> dialects;

  public MalformedUrlHandler(List<Dialect> dialects) {
    this.dialects = List.copyOf(dialects);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    if (QueryParams.wellEscaped(path) && QueryParams.wellEscaped(ctx.request().query())) {
      ctx.next();
      return;
    }
    for (Dialect d : dialects) {
      if (path != null && path.startsWith(d.prefix())) {
        d.reject().handle(ctx);
        return;
      }
    }
    ctx.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8").end("malformed URL");
  }
}
