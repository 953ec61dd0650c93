package io.roomgate.api.plugnmeet;

import io.roomgate.metrics.RequestOutcome;
import io.roomgate.room.ErrorKind;
import io.roomgate.room.GatewayException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The dialect's one failure handler over real HTTP: every {@link ErrorKind} a stage can fail with, rendered as a
 * plugNmeet body with its HTTP status and counted with its outcome; vertx-web's status-only failures; a bug.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlugNmeetFailureHandlerTest {
  private record Expected(int status, String statusCode, RequestOutcome outcome) {
  }

  private static final Map<ErrorKind, Expected> EXPECTED = new LinkedHashMap<>();

  static {
    EXPECTED.put(ErrorKind.BAD_REQUEST, new Expected(400, "INVALID_PARAMETERS", RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.METHOD_NOT_ALLOWED, new Expected(405, "INVALID_PARAMETERS", RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.BODY_TOO_LARGE, new Expected(413, "INVALID_PARAMETERS", RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.UNAUTHENTICATED, new Expected(401, "INVALID_TOKEN_OR_SIGNATURE",
        RequestOutcome.AUTH_FAILED));
    EXPECTED.put(ErrorKind.TOO_MANY_AUTH_FAILURES, new Expected(429, "PERMISSION_DENIED", RequestOutcome.AUTH_FAILED));
    EXPECTED.put(ErrorKind.AUTH_UNAVAILABLE, new Expected(503, "INTERNAL_SERVER_ERROR", RequestOutcome.UPSTREAM_ERROR));
    EXPECTED.put(ErrorKind.RATE_LIMITED, new Expected(429, "PERMISSION_DENIED", RequestOutcome.RATE_LIMITED));
    EXPECTED.put(ErrorKind.NOT_SUPPORTED, new Expected(200, "NOT_FOUND", RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.INVALID_PARAMETERS, new Expected(200, "INVALID_PARAMETERS", RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.ROOM_NOT_FOUND, new Expected(200, "ROOM_NOT_FOUND", RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.NOT_FOUND, new Expected(200, "NOT_FOUND", RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.ROOM_EXISTS, new Expected(200, "INVALID_PARAMETERS", RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.QUOTA_EXCEEDED, new Expected(200, "PERMISSION_DENIED", RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.UPSTREAM_UNAVAILABLE, new Expected(200, "INTERNAL_SERVER_ERROR",
        RequestOutcome.UPSTREAM_ERROR));
    EXPECTED.put(ErrorKind.UPSTREAM_ERROR, new Expected(200, "INTERNAL_SERVER_ERROR", RequestOutcome.UPSTREAM_ERROR));
    EXPECTED.put(ErrorKind.INTERNAL, new Expected(200, "INTERNAL_SERVER_ERROR", RequestOutcome.SERVER_ERROR));
  }

  private Vertx vertx;
  private HttpServer server;
  private WebClient web;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().handler(ctx -> { // what the metrics will read at the end of the response
      ctx.addHeadersEndHandler(v -> ctx.response().putHeader("X-Outcome",
          RequestOutcome.of(ctx, ctx.response().getStatusCode()).label()));
      ctx.next();
    });
    router.route("/auth/*").handler(PlugNmeetFailureHandlerTest::fail).failureHandler(new PlugNmeetFailureHandler(16));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    web = WebClient.create(vertx);
  }

  private static void fail(RoutingContext ctx) {
    String kind = ctx.request().getParam("kind");
    switch (ctx.request().getParam("case", "kind")) {
      case "kind" -> ctx.fail(new GatewayException(ErrorKind.valueOf(kind), "the message"));
      case "own-code" -> ctx.fail(new GatewayException(ErrorKind.valueOf(kind), "the message",
          StatusCode.INVALID_API_KEY));
      case "status" -> ctx.fail(Integer.parseInt(ctx.request().getParam("status")));
      default -> throw new IllegalStateException("a bug"); // vertx-web fails the request with it (500)
    }
  }

  @AfterAll
  void stop() {
    vertx.close().await();
  }

  private HttpResponse<Buffer> get(String query) {
    return web.get(server.actualPort(), "127.0.0.1", "/auth/room/x?" + query).send().await();
  }

  private static void assertAnswer(HttpResponse<Buffer> r, int status, String statusCode, String msg,
                                   RequestOutcome outcome) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals("application/json", r.getHeader("Content-Type"));
    assertEquals(new JsonObject().put("status", false).put("msg", msg).put("status_code", statusCode),
        r.bodyAsJsonObject());
    assertEquals(outcome.label(), r.getHeader("X-Outcome"));
  }

  @Test
  void everyKindHasItsStatusCodeAndOutcome() {
    assertEquals(EnumSet.allOf(ErrorKind.class), EnumSet.copyOf(EXPECTED.keySet()), "every kind is rendered");
    EXPECTED.forEach((kind, e) -> assertAnswer(get("kind=" + kind), e.status, e.statusCode, "the message",
        e.outcome));
  }

  @Test
  void aStageCanNameAMorePreciseCodeThanItsKind() {
    assertAnswer(get("case=own-code&kind=UNAUTHENTICATED"), 401, "INVALID_API_KEY", "the message",
        RequestOutcome.AUTH_FAILED);
  }

  @Test
  void vertxWebStatusOnlyFailuresAndBugs() {
    assertAnswer(get("case=status&status=413"), 413, "INVALID_PARAMETERS",
        "request body exceeds the limit of 16 bytes", RequestOutcome.CLIENT_ERROR);
    assertAnswer(get("case=status&status=417"), 417, "INVALID_PARAMETERS", "bad request", RequestOutcome.CLIENT_ERROR);
    assertAnswer(get("case=bug"), 500, "INTERNAL_SERVER_ERROR", "internal server error", RequestOutcome.SERVER_ERROR);
  }
}
