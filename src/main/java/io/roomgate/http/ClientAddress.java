package io.roomgate.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The client's IP address, for the failed-authentication budget and the access log: the connection's peer, or,
 * when that peer is one of {@code server.trusted_proxies}, the client it names ({@link TrustedProxies}). With
 * {@code server.proxy_protocol}, the peer is the source address of the PROXY header (only trusted peers get that far).
 *
 * <p>Read from the connection, not the request: vertx-web's request wrapper works out forwarded scheme, host and
 * authority on every {@code remoteAddress()} call, a measurable share of a hot read, while the connection keeps its
 * address. The listener's policy lives in its Vert.x context ({@link #trust}), so the handlers that ask need no
 * wiring; a handler served outside such a listener sees the peer itself.
 */
public final class ClientAddress {
  private static final String KEY = ClientAddress.class.getName();

  private ClientAddress() {
  }

  /** Makes {@code proxies} the policy of every request served on {@code context} (and its duplicates). */
  public static void trust(Context context, TrustedProxies proxies) {
    context.put(KEY, proxies);
  }

  /** The client's IP; {@code ""} for a connection without one (a domain socket): such clients share one budget. */
  public static String of(RoutingContext ctx) {
    return of(ctx.request());
  }

  public static String of(HttpServerRequest request) {
    Context context = Vertx.currentContext();
    TrustedProxies proxies = context == null ? null : context.get(KEY);
    if (proxies == null || proxies.isEmpty()) {
      io.vertx.core.net.SocketAddress remote = request.connection().remoteAddress();
      return remote == null || remote.hostAddress() == null ? "" : remote.hostAddress();
    }
    return proxies.client(request.connection().remoteAddress(), request.headers());
  }
}
