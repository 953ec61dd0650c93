package io.roomgate.http;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The client's IP address as the socket sees it (the gateway trusts no {@code Forwarded} header). Read from the
 * connection, not the request: vertx-web's request wrapper works out forwarded scheme, host and authority on every
 * {@code remoteAddress()} call, a measurable share of a hot read, while the connection keeps its address.
 */
public final class ClientAddress {
  private ClientAddress() {
  }

  /** The client's IP; {@code ""} for a connection without one (a domain socket): such clients share one budget. */
  public static String of(RoutingContext ctx) {
    SocketAddress remote = ctx.request().connection().remoteAddress();
    return remote == null || remote.hostAddress() == null ? "" : remote.hostAddress();
  }
}
