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
 * {@code java -cp target/test-classes:$(cat target/cp.txt) io.roomgate.bench.PlainServer PORT [answer-file]}
 */
public final class PlainServer extends VerticleBase {
  private final int port;
  private final Buffer answer;

  private PlainServer(int port, Buffer answer) {
    this.port = port;
    this.answer = answer;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
        .requestHandler(req -> req.body().onSuccess(body -> req.response()
            .putHeader("Content-Type", "application/json")
            .end(answer)))
        .listen(port, "127.0.0.1");
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Buffer answer = args.length > 1 ? Buffer.buffer(Files.readAllBytes(Path.of(args[1])))
        : Buffer.buffer("{\"status\":true,\"msg\":\"success\",\"status_code\":\"SUCCESS\"}");
    Vertx vertx = Vertx.vertx();
    int instances = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < instances; i++) {
      vertx.deployVerticle(new PlainServer(port, answer)).await();
    }
    System.out.println("plain server ready on " + port);
  }
}
