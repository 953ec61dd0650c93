package io.roomgate;

import io.roomgate.config.ServerConfig;
import io.roomgate.http.CertificateReloader;
import io.roomgate.http.ClientAddress;
import io.roomgate.http.ConnectionGuard;
import io.roomgate.http.ConnectionStats;
import io.roomgate.http.TlsOptions;
import io.roomgate.http.TrustedProxies;
import io.roomgate.metrics.EventLoopLagProbe;
import io.roomgate.metrics.GatewayMetrics;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.function.Function;

/**
 * One public API listener on one event loop. The gateway deploys one per configured event loop on the same port;
 * Vert.x spreads connections across them. All state lives in the shared services the router factory closes over.
 * Its {@link ConnectionGuard} bounds slow, idle and surplus clients; the cap is shared by all instances
 * ({@code connections}).
 */
final class ApiVerticle extends VerticleBase {
  private final ServerConfig config;
  private final int port;
  private final ConnectionStats connections;
  private final Function<io.vertx.core.Vertx, Router> routerFactory;
  private final int index;
  private final GatewayMetrics metrics;
  private final Lifecycle lifecycle;
  private final CertificateReloader.Stats tlsReloads;
  private final GatewayClock clock;
  private HttpServer server;
  private CertificateReloader certificates;
  private EventLoopLagProbe lagProbe;

  /**
   * @param port        the port to bind: {@code config.port()} for the first instance, the port it got for the others
   * @param connections the open connections of all instances (the cap is per process)
   * @param index       this instance's number, the {@code loop} label of its event-loop lag probe
   * @param tlsReloads  certificate reloads of all instances (with {@code server.tls})
   * @param clock       the gateway's clock (connection timeouts)
   */
  ApiVerticle(ServerConfig config, int port, ConnectionStats connections,
              Function<io.vertx.core.Vertx, Router> routerFactory, int index, GatewayMetrics metrics,
              Lifecycle lifecycle, CertificateReloader.Stats tlsReloads, GatewayClock clock) {
    this.config = config;
    this.port = port;
    this.connections = connections;
    this.routerFactory = routerFactory;
    this.index = index;
    this.metrics = metrics;
    this.lifecycle = lifecycle;
    this.tlsReloads = tlsReloads;
    this.clock = clock;
  }

  /** The event loop this instance serves its connections on (set once deployed). */
  Context eventLoop() {
    return context;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = ConnectionGuard.options(new HttpServerOptions(), config.connections(),
            config.proxyProtocol())
        .setHost(config.host())
        .setPort(port)
        .setTcpNoDelay(true)
        .setCompressionSupported(false);
    if (config.tls() != null) {
      TlsOptions.apply(options, config.tls(), config.connections().headerTimeoutMs());
    }
    TrustedProxies proxies = new TrustedProxies(config.trustedProxies());
    ClientAddress.trust(context, proxies); // the failed-auth budget and the access log ask for the client's IP
    // PROXY headers are believed only from trusted peers; the others are closed before a byte of HTTP is read
    ConnectionGuard guard = new ConnectionGuard(vertx, config.connections(), connections,
        config.proxyProtocol() ? proxies::trusts : null, clock);
    return guard.install(vertx.createHttpServer(options), answerClosingWhileDraining(routerFactory.apply(vertx)))
        .listen()
        .onSuccess(s -> {
          server = s;
          lagProbe = EventLoopLagProbe.start(vertx, metrics, index); // on this verticle's event loop
        })
        // instances on one port share Vert.x's actual server and its SSL context: one reloader updates them all
        // (one per instance made concurrent updates, and one of them overflowed the stack inside Vert.x)
        .compose(s -> config.tls() == null || index != 0 ? Future.succeededFuture()
            : CertificateReloader.start(vertx, s, config.tls(), config.connections().headerTimeoutMs(), "server.tls",
                tlsReloads).onSuccess(r -> certificates = r));
  }

  @Override
  public Future<?> stop() {
    if (lagProbe != null) {
      lagProbe.stop();
    }
    if (certificates != null) {
      certificates.stop();
    }
    return Future.succeededFuture();
  }

  /** While draining, every answer tells its client to close the connection (and the server closes it after). */
  private io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> answerClosingWhileDraining(Router router) {
    return request -> {
      // HTTP/2 has no Connection header (RFC 9113 §8.2.2); Vert.x sends it GOAWAY when the listener shuts down
      if (lifecycle.isDraining() && request.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
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
