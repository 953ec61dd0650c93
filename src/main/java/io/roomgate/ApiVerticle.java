package io.roomgate;

import io.roomgate.metrics.EventLoopLagProbe;
import io.roomgate.metrics.GatewayMetrics;
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
  private final int index;
  private final GatewayMetrics metrics;
  private final Lifecycle lifecycle;
  private HttpServer server;
  private EventLoopLagProbe lagProbe;

  /** @param index this instance's number, the {@code loop} label of its event-loop lag probe */
  ApiVerticle(String host, int port, Function<io.vertx.core.Vertx, Router> routerFactory, int index,
              GatewayMetrics metrics, Lifecycle lifecycle) {
    this.host = host;
    this.port = port;
    this.routerFactory = routerFactory;
    this.index = index;
    this.metrics = metrics;
    this.lifecycle = lifecycle;
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
        .connectionHandler(connection -> {
          metrics.connectionOpened();
          connection.closeHandler(v -> metrics.connectionClosed());
        })
        .requestHandler(answerClosingWhileDraining(routerFactory.apply(vertx)))
        .listen()
        .onSuccess(s -> {
          server = s;
          lagProbe = EventLoopLagProbe.start(vertx, metrics, index); // on this verticle's event loop
        });
  }

  @Override
  public Future<?> stop() {
    if (lagProbe != null) {
      lagProbe.stop();
    }
    return Future.succeededFuture();
  }

  /** While draining, every answer tells its client to close the connection (and the server closes it after). */
  private io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> answerClosingWhileDraining(Router router) {
    return request -> {
      if (lifecycle.isDraining()) {
        request.response().putHeader(io.vertx.core.http.HttpHeaders.CONNECTION, io.vertx.core.http.HttpHeaders.CLOSE);
      }
      router.handle(request);
    };
  }

  /**
   * Stops accepting connections; requests in flight finish (each HTTP/1 connection closes after its current
   * answer), and connections still open after {@code graceMillis} are closed.
   */
  Future<Void> shutdown(long graceMillis) {
    return server == null ? Future.succeededFuture()
        : server.shutdown(graceMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  int actualPort() {
    return server.actualPort();
  }
}
