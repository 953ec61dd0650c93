package io.roomgate.limit;

import io.roomgate.http.Endpoint;
import io.roomgate.http.EndpointContext;
import io.roomgate.http.TenantContext;
import io.roomgate.room.GatewayException;
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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.roomgate.limit.Tenants.tenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The handler over real HTTP with a fake clock: headers on allowed and limited answers, the neutral rejection it
 * fails with (each dialect's failure handler renders it; their tests show how), the API it asks the limiter for, and
 * the counters.
 */
class RateLimitHandlerTest {
  private final FakeTime time = new FakeTime();
  private final RateLimitStats stats = new RateLimitStats();
  private final Tenant acme = tenant("acme", 1, 2);
  private final List<String> apisAsked = Collections.synchronizedList(new ArrayList<>());
  private Vertx vertx;
  private HttpServer server;
  private WebClient web;

  @BeforeEach
  void up() {
    vertx = Vertx.vertx();
    LocalRateLimiter local = new LocalRateLimiter(time, 1, false);
    RateLimiter recording = (tenant, api) -> {
      apisAsked.add(String.valueOf(api));
      return local.tryAcquire(tenant, api);
    };
    Router router = Router.router(vertx);
    router.route("/api/*").handler(ctx -> { // stands in for the dialect's endpoint lookup and authentication
      TenantContext.put(ctx, acme);
      String api = ctx.request().getParam("endpoint");
      if (api != null) {
        EndpointContext.put(ctx, (Endpoint) () -> api);
      }
      ctx.next();
    }).handler(new RateLimitHandler(recording, stats))
        .handler(ctx -> ctx.response().end("ok"))
        .failureHandler(ctx -> { // what a dialect's failure handler gets
          GatewayException e = (GatewayException) ctx.failure();
          ctx.response().setStatusCode(418).end(new JsonObject().put("kind", e.kind().name())
              .put("message", e.getMessage()).encode());
        });
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
  void aLimitedRequestFailsWithRateLimitedAfterTheFieldsAreSet() {
    HttpResponse<Buffer> ok = post("/api/x?endpoint=create"); // 2 -> 1
    assertEquals(200, ok.statusCode());
    assertEquals("\"app\";q=1;w=1", ok.getHeader("RateLimit-Policy"));
    assertEquals("\"app\";r=1;t=1", ok.getHeader("RateLimit"));
    assertNull(ok.getHeader("Retry-After"));
    assertEquals(200, post("/api/x?endpoint=create").statusCode()); // 1 -> 0
    HttpResponse<Buffer> limited = post("/api/x?endpoint=create");
    assertEquals(418, limited.statusCode(), "the failure handler answered, the endpoint did not");
    assertEquals("1", limited.getHeader("Retry-After"));
    assertEquals("\"app\";q=1;w=1", limited.getHeader("RateLimit-Policy"));
    assertEquals("\"app\";r=0;t=1", limited.getHeader("RateLimit"));
    assertEquals(new JsonObject().put("kind", "RATE_LIMITED")
        .put("message", "too many requests: rate limit 'app' exceeded, retry in 1 s"), limited.bodyAsJsonObject());
    time.advanceMillis(1_000); // 0 -> 1
    assertEquals(200, post("/api/x?endpoint=create").statusCode());
    assertEquals(3, stats.of("acme").allowed());
    assertEquals(1, stats.of("acme").limited());
    assertEquals(0, stats.of("acme").fallback());
  }

  @Test
  void theApiIsTheEndpointsNameAndAPathWithoutOneHasNone() {
    post("/api/anything/at/all?endpoint=get_room_list");
    post("/api/create"); // no endpoint: the tenant's own limit
    assertEquals(List.of("get_room_list", "null"), apisAsked);
  }
}
