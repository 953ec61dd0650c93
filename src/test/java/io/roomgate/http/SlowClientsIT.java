package io.roomgate.http;

import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.RawHttp;
import io.roomgate.testsupport.TestConfigs;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17, point 2, against the packaged gateway: a slowloris client (headers one byte at a time), a slow body, an
 * idle keep-alive connection and a keep-alive slowloris are each cut within their bound, measured from the client,
 * on the public, management and embedded LiveKit listeners, while a normal client keeps being served throughout.
 *
 * <p>Bounds: a cut must not come before the timeout (less {@link #EARLY_MS}: the client's clock starts before the
 * server's, except after an answer), and must come within the timeout plus {@link #MARGIN_MS} (the sweep runs every
 * tenth of the shortest timeout; the rest is for a busy machine).
 */
class SlowClientsIT {
  private static final long HEADER_MS = 1_000;
  private static final long BODY_MS = 2_000;
  private static final long IDLE_S = 3;
  private static final long MARGIN_MS = 2_500; // generous: the machine may be busy with other builds
  // the server's idle clock starts at its last write, a little before the client has read the answer
  private static final long EARLY_MS = 250;
  private static final byte[] ENDLESS_HEADERS = ("POST /auth/room/isRoomActive HTTP/1.1\r\nHost: gw\r\nX-Slow: "
      + "a".repeat(400)).getBytes(StandardCharsets.ISO_8859_1);

  @Test
  void slowAndIdleClientsAreCutWithinTheirBoundsWhileOthersAreServed() throws Exception {
    TestConfigs.GatewayYaml cfg = TestConfigs.gateway(null, null).withServer("header_timeout_ms: " + HEADER_MS
        + ", body_timeout_ms: " + BODY_MS + ", idle_timeout_seconds: " + IDLE_S);
    try (GatewayProcess gw = GatewayProcess.withConfig(cfg.yaml())) {
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger served = new AtomicInteger();
      List<String> failures = new CopyOnWriteArrayList<>();
      Thread normal = new Thread(() -> normalClient(cfg.apiPort(), running, served, failures), "normal-client");
      normal.start();
      try {
        long api = slowloris(cfg.apiPort());
        report("public: slowloris cut after", api, HEADER_MS);
        long management = slowloris(cfg.managementPort());
        report("management: slowloris cut after", management, HEADER_MS);
        long liveKit = slowloris(cfg.liveKitPort());
        report("embedded LiveKit: slowloris cut after", liveKit, HEADER_MS);
        long body = slowBody(cfg.apiPort());
        report("public: slow body cut after (from its headers)", body, BODY_MS);
        long idle = idleKeepAlive(cfg.apiPort());
        report("public: idle keep-alive closed after (from the answer)", idle, IDLE_S * 1000);
        long keepAliveSlowloris = keepAliveSlowloris(cfg.apiPort());
        // Vert.x's idle timer sees decoded requests, not bytes, so a dribble does not reset it: the cut comes at the
        // idle timeout, and the guard's own keep-alive deadline (idle + header timeout) is the bound behind it
        report("public: keep-alive slowloris cut after (from the answer)", keepAliveSlowloris, IDLE_S * 1000,
            IDLE_S * 1000 + HEADER_MS);
        long managementBody = slowBody(cfg.managementPort());
        report("management: slow body cut after", managementBody, BODY_MS);
      } finally {
        running.set(false);
        normal.join(10_000);
      }
      System.out.println("normal client: " + served.get() + " requests answered meanwhile, failures " + failures);
      assertEquals(List.of(), failures, "a normal client is served throughout");
      assertTrue(served.get() > 20, "the normal client got answers: " + served.get());
      String metrics = metrics(cfg.managementPort());
      assertTrue(metrics.contains("roomgate_http_connections_timed_out_total{phase=\"headers\"} 1.0"), metrics);
      assertTrue(metrics.contains("roomgate_http_connections_timed_out_total{phase=\"body\"} 1.0"), metrics);
      assertTrue(metrics.contains("roomgate_http_connections_timed_out_total{phase=\"keep_alive\"}"), metrics);
    }
  }

  private static void report(String what, long millis, long bound) {
    report(what, millis, bound, bound);
  }

  /** The cut came no earlier than {@code lower} and no later than {@code upper} + {@link #MARGIN_MS}. */
  private static void report(String what, long millis, long lower, long upper) {
    System.out.println(what + " " + millis + " ms (bound " + lower + (upper == lower ? "" : ".." + upper) + " ms)");
    assertTrue(millis >= lower - EARLY_MS, what + " " + millis + " ms: before " + lower + " ms");
    assertTrue(millis <= upper + MARGIN_MS, what + " " + millis + " ms: later than " + upper + " + " + MARGIN_MS);
  }

  /** Connects and sends headers that never end, a byte every 100 ms; millis from connect to the server's close. */
  private static long slowloris(int port) throws Exception {
    long start = System.nanoTime();
    try (RawHttp c = RawHttp.connect(port)) {
      return (c.dribbleUntilClosed(ENDLESS_HEADERS, 100, 20_000) - start) / 1_000_000;
    }
  }

  /** Complete headers announcing 100 bytes, then a byte every 100 ms; millis from the headers to the close. */
  private static long slowBody(int port) throws Exception {
    try (RawHttp c = RawHttp.connect(port)) {
      c.write("POST /auth/room/isRoomActive HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100\r\n\r\n{");
      long start = System.nanoTime();
      return (c.dribbleUntilClosed(" ".getBytes(StandardCharsets.ISO_8859_1), 100, 20_000) - start) / 1_000_000;
    }
  }

  /** One answered request, then silence; millis from the answer to the close. */
  private static long idleKeepAlive(int port) throws Exception {
    try (RawHttp c = RawHttp.connect(port)) {
      c.write(isRoomActive());
      assertEquals(200, c.read().status());
      long start = System.nanoTime();
      return (c.watchClose().get(20, java.util.concurrent.TimeUnit.SECONDS) - start) / 1_000_000;
    }
  }

  /** One answered request, then the next one's headers a byte every 100 ms; millis from the answer to the close. */
  private static long keepAliveSlowloris(int port) throws Exception {
    try (RawHttp c = RawHttp.connect(port)) {
      c.write(isRoomActive());
      assertEquals(200, c.read().status());
      long start = System.nanoTime();
      return (c.dribbleUntilClosed(ENDLESS_HEADERS, 100, 20_000) - start) / 1_000_000;
    }
  }

  private static String isRoomActive() {
    return RawHttp.plugNmeet("isRoomActive", "{\"room_id\":\"nope\"}", TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET,
        "");
  }

  /** A request every 50 ms, each on a fresh connection, every answer a 200. */
  private static void normalClient(int port, AtomicBoolean running, AtomicInteger served, List<String> failures) {
    while (running.get()) {
      try (RawHttp c = RawHttp.connect(port)) {
        c.write(isRoomActive());
        RawHttp.Response r = c.read();
        if (r.status() == 200) {
          served.incrementAndGet();
        } else {
          failures.add("HTTP " + r.status());
        }
        Thread.sleep(50);
      } catch (Exception e) {
        failures.add(e.toString());
      }
    }
  }

  static String metrics(int managementPort) throws Exception {
    try (RawHttp c = RawHttp.connect(managementPort)) {
      c.write("GET /metrics HTTP/1.1\r\nHost: gw\r\n\r\n");
      return c.read().body();
    }
  }
}
