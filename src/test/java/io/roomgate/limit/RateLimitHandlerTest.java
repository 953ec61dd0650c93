package io.roomgate.limit;

import io.roomgate.api.plugnmeet.PlugNmeetRouter;
import io.roomgate.http.TenantContext;
import io.roomgate.tenant.Tenant;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.roomgate.limit.Tenants.tenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The handler over real HTTP with a fake clock: one handler, two dialects' rejections (plugNmeet's 429 and
 * Tencent's HTTP 200 with ErrorCode 60007), headers on allowed and limited answers, and the counters.
 */
class RateLimitHandlerTest {
  private final FakeTime time = new FakeTime();
  private final RateLimitStats stats = new RateLimitStats();
  private final Tenant acme = tenant("acme", 1, 2);
  private Vertx vertx;
  private HttpServer server;
  private WebClient web;

  @BeforeEach
  void up() {
    vertx = Vertx.vertx();
    RateLimitHandler plugNmeet = new RateLimitHandler(new LocalRateLimiter(time, 1, false), stats,
        PlugNmeetRouter::rejectRateLimited);
    // What the Tencent dialect plugs in: Tencent answers rate limiting with HTTP 200 and ErrorCode 60007.
    RateLimitHandler tencent = new RateLimitHandler(new LocalRateLimiter(time, 1, false), stats,
        (ctx, d) -> ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
            .put("ActionStatus", "FAIL").put("ErrorCode", 60007)
            .put("ErrorInfo", "REST API call frequency exceeds the limit").encode()));
    Router router = Router.router(vertx);
    router.route().handler(ctx -> { // stands in for authentication
      TenantContext.put(ctx, acme);
      ctx.next();
    });
    router.route("/auth/room/*").handler(plugNmeet);
    router.route("/v4/live_engine_http_srv/*").handler(tencent);
    router.route().handler(ctx -> ctx.response().end("ok"));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    web = WebClient.create(vertx);
  }

  @AfterEach
  void down() {
    vertx.close().await();
  }

  private HttpResponse<Buffer> post(String path) {
    return web.post(server.actualPort(), "127.0.0.1", path).send().await();
  }

  @Test
  void plugNmeetRejectionIs429WithTheFieldsAndBody() {
    HttpResponse<Buffer> ok = post("/auth/room/create"); // 2 -> 1
    assertEquals(200, ok.statusCode());
    assertEquals("\"app\";q=1;w=1", ok.getHeader("RateLimit-Policy"));
    assertEquals("\"app\";r=1;t=1", ok.getHeader("RateLimit"));
    assertNull(ok.getHeader("Retry-After"));
    assertEquals(200, post("/auth/room/create").statusCode()); // 1 -> 0
    HttpResponse<Buffer> limited = post("/auth/room/create");
    assertEquals(429, limited.statusCode());
    assertEquals("1", limited.getHeader("Retry-After"));
    assertEquals("\"app\";q=1;w=1", limited.getHeader("RateLimit-Policy"));
    assertEquals("\"app\";r=0;t=1", limited.getHeader("RateLimit"));
    assertEquals(new JsonObject().put("status", false).put("msg", "too many requests: rate limit 'app' exceeded, retry in 1 s")
        .put("status_code", "PERMISSION_DENIED"), limited.bodyAsJsonObject());
    time.advanceMillis(1_000); // 0 -> 1
    assertEquals(200, post("/auth/room/create").statusCode());
    assertEquals(3, stats.of("acme").allowed());
    assertEquals(1, stats.of("acme").limited());
    assertEquals(0, stats.of("acme").fallback());
  }

  @Test
  void tencentRejectionIsHttp200WithErrorCode60007() {
    assertEquals(200, post("/v4/live_engine_http_srv/get_room_list").statusCode()); // 2 -> 1
    assertEquals(200, post("/v4/live_engine_http_srv/get_room_list").statusCode()); // 1 -> 0
    HttpResponse<Buffer> limited = post("/v4/live_engine_http_srv/get_room_list");
    assertEquals(200, limited.statusCode());
    assertEquals(60007, limited.bodyAsJsonObject().getInteger("ErrorCode"));
    assertEquals("1", limited.getHeader("Retry-After"));
    assertEquals("\"app\";r=0;t=1", limited.getHeader("RateLimit"));
    assertFalse(limited.bodyAsString().contains("ok"));
  }

  @Test
  void theApiIsTheLastPathSegment() {
    assertEquals("create", RateLimitHandler.apiName("/auth/room/create"));
    assertEquals("get_room_list", RateLimitHandler.apiName("/v4/live_engine_http_srv/get_room_list/"));
    assertEquals("", RateLimitHandler.apiName("/"));
  }
}
