package io.roomgate.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tenant's webhook endpoint: records what it accepts (with its arrival time, {@link System#nanoTime()}); can be
 * "down" (503) for a while. Paths under {@code /silent} never answer, paths under {@code /redirect} answer
 * {@code 303 See Other} to {@code /redirect-target}; every request counts in {@link #hits(String)}.
 */
public final class WebhookReceiverServer implements AutoCloseable {
  /** One accepted delivery. */
  public record Delivery(String path, String authorization, String hashToken, String contentType, String body,
                         long arrivedNanos) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String event() {
      return json().getString("event");
    }
  }

  private final HttpServer server;
  private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger refused = new AtomicInteger();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger maxOpen = new AtomicInteger();

  private WebhookReceiverServer(HttpServer server) {
    this.server = server;
  }

  public static WebhookReceiverServer start(Vertx vertx) {
    WebhookReceiverServer[] self = new WebhookReceiverServer[1];
    HttpServer server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      long arrived = System.nanoTime();
      self[0].hits.computeIfAbsent(req.path(), p -> new AtomicInteger()).incrementAndGet();
      if (req.path().startsWith("/silent")) {
        return; // never answers
      }
      if (req.path().startsWith("/redirect")) {
        req.response().setStatusCode(303).putHeader("Location", "/redirect-target").end();
        return;
      }
      if (self[0].down.get()) {
        self[0].refused.incrementAndGet();
        req.response().setStatusCode(503).end();
        return;
      }
      self[0].accepted.add(new Delivery(req.path(), req.getHeader("Authorization"), req.getHeader("Hash-Token"),
          req.getHeader("Content-Type"), body.toString(), arrived));
      req.response().setStatusCode(200).end();
    }));
    server.connectionHandler(c -> {
      self[0].maxOpen.accumulateAndGet(self[0].open.incrementAndGet(), Math::max);
      c.closeHandler(v -> self[0].open.decrementAndGet());
      c.exceptionHandler(e -> { }); // a client that resets a connection it gave up on is expected here
    });
    self[0] = new WebhookReceiverServer(server);
    server.listen(0, "127.0.0.1").await();
    return self[0];
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  public void down(boolean isDown) {
    down.set(isDown);
  }

  /** Requests to one path, answered or not. */
  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /** Requests to any path. */
  public int hits() {
    return hits.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** The most connections that were open at once. */
  public int maxOpenConnections() {
    return maxOpen.get();
  }

  public int port() {
    return server.actualPort();
  }

  public int refused() {
    return refused.get();
  }

  /** Deliveries to one path, in arrival order. */
  public List<Delivery> at(String path) {
    List<Delivery> out = new ArrayList<>();
    for (Delivery d : accepted) {
      if (d.path().equals(path)) {
        out.add(d);
      }
    }
    return out;
  }

  /** Event names delivered to one path about one room, in arrival order. */
  public List<String> events(String path, String roomId) {
    List<String> out = new ArrayList<>();
    for (Delivery d : at(path)) {
      if (roomId.equals(d.json().getJsonObject("room").getString("room_id"))) {
        out.add(d.event());
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.close().await();
  }
}
