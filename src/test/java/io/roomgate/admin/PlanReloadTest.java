package io.roomgate.admin;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.metrics.MetricsVertx;
import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A gateway watching its file, with an admin API tenant on the file's plan {@code gold}: a new file that still has
 * the plan but changes it applies (the tenant takes the new limits); one without it is refused whole (counted), until
 * the tenant is moved off the plan and the file changes again.
 */
class PlanReloadTest {
  private static final String SECRET = "planned-secret-0123456789";
  private final Vertx vertx = Vertx.vertx();
  private final WebClient web = WebClient.create(vertx);
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close().await();
    }
    vertx.close().await();
  }

  private static String file(TestConfigs.GatewayYaml base, String plans) {
    return base.withSection("admin:\n  tokens:\n    - {name: ops, token: " + AdminApiTest.WRITE + ", role: write}")
        .withSection(plans).yaml();
  }

  private HttpResponse<Buffer> put(String body) {
    return web.request(HttpMethod.PUT, gateway.managementPort(), "127.0.0.1", "/admin/tenants/planned")
        .timeout(30_000).putHeader("Authorization", "Bearer " + AdminApiTest.WRITE)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await();
  }

  private long qps() {
    return web.request(HttpMethod.GET, gateway.managementPort(), "127.0.0.1", "/admin/tenants/planned")
        .timeout(30_000).putHeader("Authorization", "Bearer " + AdminApiTest.WRITE).send().await()
        .bodyAsJsonObject().getJsonObject("rate_limit").getLong("qps");
  }

  private int status(String apiKey, String secret) {
    PlugNmeetTestClient c = new PlugNmeetTestClient(vertx, gateway.apiPort(), apiKey, secret);
    try {
      return c.raw("/auth/room/isRoomActive", "{\"room_id\":\"r\"}".getBytes(StandardCharsets.UTF_8)).statusCode();
    } finally {
      c.close();
    }
  }

  private double refused() {
    String text = web.get(gateway.managementPort(), "127.0.0.1", "/metrics").timeout(30_000).send().await()
        .bodyAsString();
    return text.lines().filter(l -> l.startsWith("roomgate_admin_plan_reloads_refused_total "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst()
        .orElseThrow(() -> new AssertionError("no roomgate_admin_plan_reloads_refused_total:\n" + text));
  }

  @Test
  void aReloadThatTakesAnApiTenantsPlanAwayIsRefusedWhole() throws Exception {
    TestConfigs.GatewayYaml base = TestConfigs.gateway(null, null);
    Path path = Files.createTempFile("roomgate-plans-", ".yaml");
    Files.writeString(path, file(base, "plans: {gold: {qps: 100}, silver: {qps: 10}}"));
    gateway = Gateway.start(vertx, ConfigLoader.load(path), MetricsVertx.newRegistry(), path).await();
    JsonObject body = new JsonObject().put("plan", "gold")
        .put("plugnmeet", new JsonObject().put("api_key", "planned-key").put("api_secret", SECRET));
    assertEquals(201, put(body.encode()).statusCode());
    assertEquals(100, qps());
    assertEquals(0.0, refused());

    // the plan changes: the API tenant follows it
    Files.writeString(path, file(base, "plans: {gold: {qps: 300}, silver: {qps: 10}}"));
    Eventually.await("the tenant on gold's new qps", () -> qps() == 300);

    // the plan is gone, and a new file tenant comes with it: nothing of that file applies
    String newcomer = "  - id: newcomer\n    plugnmeet: {api_key: newcomer-key, api_secret: " + SECRET + "}\n";
    Files.writeString(path, file(base, "plans: {silver: {qps: 10}}").replace("tenants:\n", "tenants:\n"
        + newcomer));
    Eventually.await("the reload refused", () -> refused() == 1.0);
    assertEquals(401, status("newcomer-key", SECRET), "a refused reload's tenants do not apply");
    assertEquals(200, status("planned-key", SECRET));
    assertEquals(300, qps(), "the tenant keeps gold as the running file has it");

    // moved to silver through the API, the same file (written again) applies
    assertEquals(200, put(body.put("plan", "silver").encode()).statusCode());
    // the same file with two more spaces, so that its size changes and the watcher reads it again
    Files.writeString(path, file(base, "plans: {silver: {qps: 10}}  ").replace("tenants:\n", "tenants:\n"
        + newcomer));
    Eventually.await("the new file applied", () -> status("newcomer-key", SECRET) == 200);
    assertEquals(10, qps());
    assertEquals(1.0, refused());
  }
}
