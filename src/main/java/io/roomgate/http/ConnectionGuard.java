package io.roomgate.http;

import io.roomgate.config.ConnectionLimits;
import io.roomgate.time.GatewayClock;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SocketAddress;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Counts, caps and times the connections of one HTTP server instance (one event loop). Install it on the server
 * before {@code listen}, over options passed through {@link #options}:
 * <pre>{@code
 * HttpServer server = vertx.createHttpServer(ConnectionGuard.options(new HttpServerOptions(), limits, false));
 * new ConnectionGuard(vertx, limits, stats, null, clock).install(server, router);
 * }</pre>
 *
 * <table>
 *   <caption>What it does to a connection</caption>
 *   <tr><th>when</th><th>then</th></tr>
 *   <tr><td>accepted while {@code max_connections} are open</td><td>closed at once, counted {@code max_connections}</td></tr>
 *   <tr><td>accepted from a peer that {@code admit} refuses</td><td>closed at once, counted {@code untrusted_proxy}</td></tr>
 *   <tr><td>first request's headers not complete {@code header_timeout_ms} after accept</td><td>closed, {@code headers}</td></tr>
 *   <tr><td>a body not complete {@code body_timeout_ms} after its headers</td><td>closed, {@code body}</td></tr>
 *   <tr><td>next request's headers not complete {@code idle_timeout_seconds + header_timeout_ms} after the last
 *   request ended (the clock restarts while its answer is still pending)</td><td>closed, {@code keep_alive}</td></tr>
 *   <tr><td>no request or answer moving for {@code idle_timeout_seconds}</td><td>closed by Vert.x's idle handler
 *   (it sits behind the HTTP decoder, so a dribble of header bytes does not reset it), uncounted</td></tr>
 * </table>
 *
 * <p>Vert.x has no public hook at the socket's accept or at a request's first byte, so: cleartext HTTP/2 with prior
 * knowledge is off (with it on, Vert.x announces a connection only once its first bytes tell HTTP/1 from HTTP/2,
 * so a client that sends nothing would go uncounted), and deadlines are fields checked by one periodic sweep per event
 * loop, not a timer per request: a request costs a map lookup, two clock reads and, unless it has already ended when
 * its headers are handed over, a listener of its end. Everything runs on the server's event loop: no locks.
 */
public final class ConnectionGuard {
  private static final byte NONE = 0;
  private static final byte HEADERS = 1;
  private static final byte BODY = 2;
  private static final byte KEEP_ALIVE = 3;
  private static final byte CLOSING = 4;

  private final Vertx vertx;
  private final ConnectionStats stats;
  private final Predicate<SocketAddress> admit;
  private final long headerNanos;
  private final long bodyNanos;
  private final long keepAliveNanos;
  private final long sweepMillis;
  private final Map<HttpConnection, Tracked> tracked = new IdentityHashMap<>();
  private final ArrayList<Tracked> expired = new ArrayList<>();
  private long sweepTimer = -1;
  private final GatewayClock clock;

  /**
   * @param stats shared by the guards of one listener (the cap is per listener and process)
   * @param admit which socket peers may connect at all; {@code null} = any (used with the PROXY protocol, whose
   *              header only trusted proxies may send)
   * @param clock the gateway's clock (each connection's deadline is read from its {@link GatewayClock#nanoTime()})
   */
  public ConnectionGuard(Vertx vertx, ConnectionLimits limits, ConnectionStats stats, Predicate<SocketAddress> admit,
                         GatewayClock clock) {
    this.vertx = vertx;
    this.clock = clock;
    this.stats = stats;
    this.admit = admit;
    this.headerNanos = limits.headerTimeoutMs() * 1_000_000;
    this.bodyNanos = limits.bodyTimeoutMs() * 1_000_000;
    this.keepAliveNanos = limits.idleTimeoutSeconds() * 1_000_000_000L + headerNanos;
    // a tenth of the shortest timeout, so a cut comes at most 10 % late; never busier than 20 times a second
    this.sweepMillis = Math.max(50, Math.min(1000, Math.min(limits.headerTimeoutMs(), limits.bodyTimeoutMs()) / 10));
  }

  /**
   * The server options the guard relies on: the idle timeout, no cleartext HTTP/2 with prior knowledge (see the class
   * comment), and with {@code proxyProtocol} the PROXY header, which must arrive within the header timeout.
   */
  public static HttpServerOptions options(HttpServerOptions options, ConnectionLimits limits, boolean proxyProtocol) {
    options.setIdleTimeout(limits.idleTimeoutSeconds())
        .setIdleTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS)
        .setHttp2ClearTextEnabled(false);
    if (proxyProtocol) {
      options.setUseProxyProtocol(true)
          .setProxyProtocolTimeout(limits.headerTimeoutMs())
          .setProxyProtocolTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    return options;
  }

  /** Sets the server's connection handler and puts the guard in front of {@code requests}. */
  public HttpServer install(HttpServer server, Handler<HttpServerRequest> requests) {
    return server.connectionHandler(this::accepted).requestHandler(request -> {
      Tracked t = tracked.get(request.connection());
      if (t != null) {
        t.headersDone(request);
      }
      requests.handle(request);
    });
  }

  private void accepted(HttpConnection connection) {
    if (admit != null && !admit.test(connection.remoteAddress(true))) {
      stats.rejected(ConnectionStats.Rejection.UNTRUSTED_PROXY);
      connection.close();
      return;
    }
    if (!stats.tryOpen()) {
      stats.rejected(ConnectionStats.Rejection.MAX_CONNECTIONS);
      connection.close();
      return;
    }
    Tracked t = new Tracked(connection, clock.nanoTime() + headerNanos);
    tracked.put(connection, t);
    connection.closeHandler(v -> closed(connection));
    if (sweepTimer < 0) { // runs only while this event loop has connections
      sweepTimer = vertx.setPeriodic(sweepMillis, id -> sweep());
    }
  }

  private void closed(HttpConnection connection) {
    if (tracked.remove(connection) != null) {
      stats.closed();
    }
    if (tracked.isEmpty() && sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
      sweepTimer = -1;
    }
  }

  private void sweep() {
    long now = clock.nanoTime();
    for (Tracked t : tracked.values()) {
      if (t.phase == NONE || t.phase == CLOSING || now - t.deadline < 0) {
        continue;
      }
      if (t.phase == KEEP_ALIVE && !t.request.response().ended()) {
        // the answer is still being made: the client's time starts when it is sent
        t.deadline = now + keepAliveNanos;
        continue;
      }
      expired.add(t);
    }
    // closed after the walk: a close can run the close handler, which changes the map
    for (Tracked t : expired) {
      stats.timedOut(t.phase == HEADERS ? ConnectionStats.Phase.HEADERS
          : t.phase == BODY ? ConnectionStats.Phase.BODY : ConnectionStats.Phase.KEEP_ALIVE);
      t.phase = CLOSING;
      t.connection.close();
    }
    expired.clear();
  }

  /** One connection's deadline. It is its own listener of a body's end: no allocation per request for that. */
  private final class Tracked implements Handler<AsyncResult<Void>> {
    final HttpConnection connection;
    byte phase = HEADERS;
    long deadline;
    /** The latest request: whether its answer has gone out. */
    HttpServerRequest request;

    Tracked(HttpConnection connection, long deadline) {
      this.connection = connection;
      this.deadline = deadline;
    }

    void headersDone(HttpServerRequest r) {
      if (phase == CLOSING) {
        return;
      }
      request = r;
      if (r.version() == HttpVersion.HTTP_2) {
        phase = NONE; // streams overlap on one connection: only the idle timeout applies
      } else if (r.isEnded()) {
        keepAlive();
      } else {
        phase = BODY;
        deadline = clock.nanoTime() + bodyNanos;
        r.end().onComplete(this);
      }
    }

    /** The body ended (or failed: the connection is closing then, and its close handler forgets it). */
    @Override
    public void handle(AsyncResult<Void> ended) {
      if (phase == BODY && ended.succeeded()) {
        keepAlive();
      }
    }

    private void keepAlive() {
      phase = KEEP_ALIVE;
      deadline = clock.nanoTime() + keepAliveNanos;
    }
  }
}
