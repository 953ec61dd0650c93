package io.roomgate.bench;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The ceiling of the HTTP stack on this machine: a plain Vert.x server (one verticle per core, like the gateway) that
 * reads the request body and answers fixed bytes, namely a real getActiveRoomInfo answer of the gateway.
 * {@code java -cp target/test-classes:$(cat target/cp.txt) io.roomgate.bench.PlainServer PORT [answer-file [busy-µs]]}
 *
 * <p>{@code busy-µs} makes it spin that long per request before answering: pure CPU, no allocation, no I/O. It
 * calibrates latency against CPU cost: how much p99 a server adds at a given rate just by needing that much more
 * CPU per request on this machine, whatever it does with it.
 */
public final class PlainServer extends VerticleBase {
  private final int port;
  private final Buffer answer;
  private final long busyNanos;

  private PlainServer(int port, Buffer answer, long busyNanos) {
    this.port = port;
    this.answer = answer;
    this.busyNanos = busyNanos;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
        .requestHandler(req -> req.body().onSuccess(body -> {
          spin(busyNanos);
          req.response().putHeader("Content-Type", "application/json").end(answer);
        }))
        .listen(port, "127.0.0.1");
  }

  private static void spin(long nanos) {
    if (nanos > 0) {
      long end = System.nanoTime() + nanos;
      while (System.nanoTime() - end < 0) {
        Thread.onSpinWait();
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Buffer answer = args.length > 1 ? Buffer.buffer(Files.readAllBytes(Path.of(args[1])))
        : Buffer.buffer("{\"status\":true,\"msg\":\"success\",\"status_code\":\"SUCCESS\"}");
    long busyNanos = args.length > 2 && !args[2].isEmpty() ? Long.parseLong(args[2]) * 1_000 : 0;
    Vertx vertx = Vertx.vertx();
    int instances = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < instances; i++) {
      vertx.deployVerticle(new PlainServer(port, answer, busyNanos)).await();
    }
    System.out.println("plain server ready on " + port);
  }
}
