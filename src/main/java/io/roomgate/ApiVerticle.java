package io.roomgate;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.function.Function;

/**
 * One public API listener on one event loop. The gateway deploys one per configured event loop on the same port;
 * Vert.x spreads connections across them. All state lives in the shared services the router factory closes over.
 */
final class ApiVerticle extends VerticleBase {
  private final String host;
  private final int port;
  private final Function<io.vertx.core.Vertx, Router> routerFactory;
  private HttpServer server;

  ApiVerticle(String host, int port, Function<io.vertx.core.Vertx, Router> routerFactory) {
    this.host = host;
    this.port = port;
    this.routerFactory = routerFactory;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setTcpNoDelay(true)
        .setCompressionSupported(false)
        .setIdleTimeout(120);
    return vertx.createHttpServer(options)
        .requestHandler(routerFactory.apply(vertx))
        .listen()
        .onSuccess(s -> server = s);
  }

  int actualPort() {
    return server.actualPort();
  }
}
