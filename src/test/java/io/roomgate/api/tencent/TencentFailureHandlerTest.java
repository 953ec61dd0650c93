package io.roomgate.api.tencent;

import io.roomgate.auth.UserSigVerifier;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dialect's one failure handler over real HTTP: every {@link ErrorKind} a stage can fail with, rendered as a
 * Tencent envelope (HTTP 200 always) with its ErrorCode and counted with its outcome; the codes stages name
 * themselves; vertx-web's status-only failures; a bug.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TencentFailureHandlerTest {
  private static final String MESSAGE = "the message";

  /** @param info the ErrorInfo: the error's message, or Tencent's own text */
  private record Expected(int code, String info, RequestOutcome outcome) {
  }

  private static final Map<ErrorKind, Expected> EXPECTED = new LinkedHashMap<>();

  static {
    EXPECTED.put(ErrorKind.BAD_REQUEST, new Expected(60002, MESSAGE, RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.METHOD_NOT_ALLOWED, new Expected(60002, MESSAGE, RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.BODY_TOO_LARGE, new Expected(60008, MESSAGE, RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.UNAUTHENTICATED, new Expected(70009, MESSAGE, RequestOutcome.AUTH_FAILED));
    EXPECTED.put(ErrorKind.TOO_MANY_AUTH_FAILURES, new Expected(70050, MESSAGE, RequestOutcome.AUTH_FAILED));
    EXPECTED.put(ErrorKind.AUTH_UNAVAILABLE, new Expected(100001, MESSAGE, RequestOutcome.UPSTREAM_ERROR));
    EXPECTED.put(ErrorKind.RATE_LIMITED, new Expected(60007, "REST API call frequency exceeds the limit",
        RequestOutcome.RATE_LIMITED));
    EXPECTED.put(ErrorKind.NOT_SUPPORTED, new Expected(60009, MESSAGE, RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.INVALID_PARAMETERS, new Expected(100002, MESSAGE, RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.ROOM_NOT_FOUND, new Expected(100004, TencentError.ROOM_NOT_FOUND.info,
        RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.NOT_FOUND, new Expected(100004, TencentError.ROOM_NOT_FOUND.info,
        RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.ROOM_EXISTS, new Expected(100003, MESSAGE, RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.QUOTA_EXCEEDED, new Expected(100007, MESSAGE, RequestOutcome.CLIENT_ERROR));
    EXPECTED.put(ErrorKind.UPSTREAM_UNAVAILABLE, new Expected(100001, MESSAGE, RequestOutcome.UPSTREAM_ERROR));
    EXPECTED.put(ErrorKind.UPSTREAM_ERROR, new Expected(100001, MESSAGE, RequestOutcome.UPSTREAM_ERROR));
    EXPECTED.put(ErrorKind.INTERNAL, new Expected(100001, MESSAGE, RequestOutcome.SERVER_ERROR));
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
    router.route(TencentRouter.MOUNT + "/*").handler(TencentFailureHandlerTest::fail)
        .failureHandler(new TencentFailureHandler(16));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    web = WebClient.create(vertx);
  }

  private static void fail(RoutingContext ctx) {
    String kind = ctx.request().getParam("kind");
    switch (ctx.request().getParam("case", "kind")) {
      case "kind" -> ctx.fail(new GatewayException(ErrorKind.valueOf(kind), MESSAGE));
      case "expired" -> ctx.fail(new GatewayException(ErrorKind.UNAUTHENTICATED, UserSigVerifier.Outcome.EXPIRED.info(),
          UserSigVerifier.Outcome.EXPIRED));
      case "too-often" -> ctx.fail(new GatewayException(ErrorKind.QUOTA_EXCEEDED, TencentError.CREATE_TOO_OFTEN.info,
          TencentError.CREATE_TOO_OFTEN));
      case "status" -> ctx.fail(Integer.parseInt(ctx.request().getParam("status")));
      default -> throw new IllegalStateException("a bug"); // vertx-web fails the request with it (500)
    }
  }

  @AfterAll
  void stop() {
    vertx.close().await();
  }

  private HttpResponse<Buffer> get(String query) {
    return web.get(server.actualPort(), "127.0.0.1", TencentRouter.MOUNT + "/x?" + query).send().await();
  }

  private static void assertAnswer(HttpResponse<Buffer> r, int code, String info, RequestOutcome outcome) {
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject body = r.bodyAsJsonObject();
    assertEquals("FAIL", body.getString("ActionStatus"));
    assertEquals(code, body.getInteger("ErrorCode"), body.encode());
    assertEquals(info, body.getString("ErrorInfo"));
    assertTrue(body.getString("RequestId").startsWith("Id-"), body.encode());
    assertEquals(4, body.size(), body.encode());
    assertEquals(outcome.label(), r.getHeader("X-Outcome"));
  }

  @Test
  void everyKindHasItsErrorCodeAndOutcome() {
    assertEquals(EnumSet.allOf(ErrorKind.class), EnumSet.copyOf(EXPECTED.keySet()), "every kind is rendered");
    EXPECTED.forEach((kind, e) -> assertAnswer(get("kind=" + kind), e.code, e.info, e.outcome));
  }

  @Test
  void aStageCanNameTencentsOwnCode() {
    assertAnswer(get("case=expired"), 70001, "UserSig expired, please regenerate it", RequestOutcome.AUTH_FAILED);
    assertAnswer(get("case=too-often"), 100012, TencentError.CREATE_TOO_OFTEN.info, RequestOutcome.CLIENT_ERROR);
  }

  @Test
  void vertxWebStatusOnlyFailuresAndBugs() {
    assertAnswer(get("case=status&status=413"), 60008, "request body exceeds the limit of 16 bytes",
        RequestOutcome.CLIENT_ERROR);
    assertAnswer(get("case=status&status=400"), 60002, TencentError.HTTP_PARSE.info, RequestOutcome.CLIENT_ERROR);
    assertAnswer(get("case=bug"), 100001, TencentError.INTERNAL.info, RequestOutcome.SERVER_ERROR);
  }
}
