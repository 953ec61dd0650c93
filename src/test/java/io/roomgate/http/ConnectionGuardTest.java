package io.roomgate.http;

import io.roomgate.config.ConnectionLimits;
import io.roomgate.testsupport.RawHttp;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guard on a real Vert.x server and real sockets, with tiny limits: 300 ms headers, 600 ms body, 3 connections. */
class ConnectionGuardTest {
  private static final ConnectionLimits LIMITS = new ConnectionLimits(300, 600, 30, 3);
  private static final long MARGIN_MS = 2_000; // generous: the machine may be busy

  private Vertx vertx;
  private ConnectionStats stats;
  private int port;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private void listen(Predicate<SocketAddress> admit) {
    listen(LIMITS, admit);
  }

  private void listen(ConnectionLimits limits, Predicate<SocketAddress> admit) {
    stats = new ConnectionStats(limits.maxConnections());
    HttpServer server = vertx.createHttpServer(ConnectionGuard.options(new HttpServerOptions(), limits, false));
    port = new ConnectionGuard(vertx, limits, stats, admit, GatewayClock.SYSTEM)
        .install(server, req -> req.body().onSuccess(b -> req.response().end("ok " + b.length())))
        .listen(0, "127.0.0.1").await().actualPort();
  }

  @Test
  void headersThatNeverEndAreCutAfterTheHeaderTimeout() throws Exception {
    listen(null);
    long start = System.nanoTime();
    try (RawHttp c = RawHttp.connect(port)) {
      long ms = (c.dribbleUntilClosed("GET / HTTP/1.1\r\nX: aaaaaaaaaaaaaaaaaaaaaaaa".getBytes(
          StandardCharsets.ISO_8859_1), 20, 10_000) - start) / 1_000_000;
      assertTrue(ms >= 300 - 20 && ms <= 300 + MARGIN_MS, "cut after " + ms + " ms");
    }
    assertEquals(1, stats.timeouts().get("headers").getAsLong());
  }

  @Test
  void aBodyThatNeverEndsIsCutAfterTheBodyTimeoutAndACompleteOneIsServed() throws Exception {
    listen(null);
    try (RawHttp c = RawHttp.connect(port)) {
      c.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
      assertEquals("ok 3", c.read().body());
      c.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
      long start = System.nanoTime();
      long ms = (c.dribbleUntilClosed("b".getBytes(StandardCharsets.ISO_8859_1), 20, 10_000) - start) / 1_000_000;
      assertTrue(ms >= 600 - 20 && ms <= 600 + MARGIN_MS, "cut after " + ms + " ms");
    }
    assertEquals(1, stats.timeouts().get("body").getAsLong());
    assertEquals(0, stats.timeouts().get("headers").getAsLong());
  }

  @Test
  void connectionsBeyondTheCapAreClosedAtOnceAndCountedFromAcceptToClose() throws Exception {
    listen(new ConnectionLimits(30_000, 30_000, 30, 3), null); // the held connections send nothing: no header cut
    List<RawHttp> held = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        held.add(RawHttp.connect(port));
      }
      waitFor(() -> stats.open() == 3);
      try (RawHttp fourth = RawHttp.connect(port)) {
        fourth.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThrows(IOException.class, fourth::read);
      }
      assertEquals(1, stats.rejections().get("max_connections").getAsLong());
      held.remove(0).close();
      waitFor(() -> stats.open() == 2);
      try (RawHttp next = RawHttp.connect(port)) {
        next.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(200, next.read().status());
      }
    } finally {
      for (RawHttp c : held) {
        c.close();
      }
    }
    waitFor(() -> stats.open() == 0);
  }

  @Test
  void aPeerThatIsNotAdmittedIsClosedAtOnce() throws Exception {
    listen(peer -> false);
    try (RawHttp c = RawHttp.connect(port)) {
      c.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThrows(IOException.class, c::read);
    }
    assertEquals(1, stats.rejections().get("untrusted_proxy").getAsLong());
    assertEquals(0, stats.open());
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "condition not met within 5 s");
      Thread.sleep(10);
    }
  }
}
