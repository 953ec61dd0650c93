package io.roomgate.admin;

import io.roomgate.Gateway;
import io.roomgate.config.ConfigLoader;
import io.roomgate.testsupport.LogCapture;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin API of one gateway without Redis (issue 16, points 1, 2, 5): tokens and roles, CRUD with the loader's
 * key-named validation, file tenants listed and protected, audit lines, and every answer checked against the served
 * OpenAPI document.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
  static final String WRITE = "write-token-0123456789abcdef";
  static final String READ = "read-token-0123456789abcdef0";
  private static final String NEW_SECRET = "tenant-secret-0123456789";

  private Vertx vertx;
  private Gateway gateway;
  private WebClient web;
  private OpenApiChecker openApi;
  private final LogCapture auditLog = LogCapture.of("roomgate.audit");

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    auditLog.attach();
    TestConfigs.GatewayYaml yaml = TestConfigs.gateway(null, null).withSection("""
        admin:
          tokens:
            - {name: ops, token: %s, role: write}
            - {name: dashboard, token: %s, role: read}
        plans:
          trial: {qps: 1000, quotas: [{name: day, limit: 2, window_seconds: 86400}]}
        """.formatted(WRITE, READ));
    gateway = Gateway.start(vertx, ConfigLoader.parse(yaml.yaml())).await();
    web = WebClient.create(vertx);
    HttpResponse<Buffer> doc = call(HttpMethod.GET, "/admin/openapi.json", READ, null);
    assertEquals(200, doc.statusCode());
    openApi = new OpenApiChecker(doc.bodyAsJsonObject());
  }

  @AfterAll
  void stop() {
    auditLog.close();
    System.out.println("AdminApiTest: " + (openApi == null ? 0 : openApi.checked()) + " answers checked against "
        + "the OpenAPI document");
    gateway.close().await();
    vertx.close().await();
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path, String token, String body) {
    var req = web.request(method, gateway.managementPort(), "127.0.0.1", path).timeout(30_000);
    if (token != null) {
      req.putHeader("Authorization", "Bearer " + token);
    }
    return body == null ? req.send().await() : req.putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(body)).await();
  }

  /** Calls, asserts the status, checks the answer against the OpenAPI document, and asserts no secret is in it. */
  private JsonObject expect(int status, HttpMethod method, String template, String path, String token, String body) {
    HttpResponse<Buffer> r = call(method, path, token, body);
    assertEquals(status, r.statusCode(), method + " " + path + ": " + r.bodyAsString());
    assertEquals("application/json", r.getHeader("Content-Type"));
    JsonObject json = r.bodyAsJsonObject();
    openApi.check(template, method.name(), status, json);
    for (String secret : List.of(NEW_SECRET, "rotated-secret-0123456789", TestConfigs.ACME_SECRET, WRITE, READ)) {
      assertFalse(r.bodyAsString().contains(secret), "a secret in the answer: " + r.bodyAsString());
    }
    return json;
  }

  private static String tenantBody(String apiKey, String secret) {
    return new JsonObject().put("plugnmeet", new JsonObject().put("api_key", apiKey).put("api_secret", secret))
        .put("rate_limit", new JsonObject().put("qps", 50)).encode();
  }

  private int plugNmeetStatus(String apiKey, String secret) {
    PlugNmeetTestClient c = new PlugNmeetTestClient(vertx, gateway.apiPort(), apiKey, secret);
    try {
      return c.raw("/auth/room/isRoomActive", "{\"room_id\":\"r1\"}".getBytes(StandardCharsets.UTF_8)).statusCode();
    } finally {
      c.close();
    }
  }

  @Test
  void tokensAndRoles() {
    JsonObject missing = expect(401, HttpMethod.GET, "/admin/tenants", "/admin/tenants", null, null);
    assertTrue(missing.getString("error").contains("Bearer"));
    assertEquals(401, call(HttpMethod.GET, "/admin/tenants", WRITE + "x", null).statusCode());
    assertEquals(401, call(HttpMethod.GET, "/admin/tenants", "", null).statusCode());
    assertEquals("Bearer realm=\"roomgate-admin\", error=\"invalid_token\"",
        call(HttpMethod.GET, "/admin/tenants", "nope", null).getHeader("WWW-Authenticate"));
    expect(200, HttpMethod.GET, "/admin/tenants", "/admin/tenants", READ, null);
    JsonObject forbidden = expect(403, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/readers", READ,
        tenantBody("readers-key", NEW_SECRET));
    assertEquals("token 'dashboard' has role read; this needs write", forbidden.getString("error"));
    expect(403, HttpMethod.DELETE, "/admin/tenants/{id}", "/admin/tenants/acme", READ, null);
    expect(404, HttpMethod.GET, "/admin/tenants/{id}", "/admin/tenants/readers", READ, null);
  }

  @Test
  void createAuthenticateRotateDelete() {
    assertEquals(401, plugNmeetStatus("initech-key", NEW_SECRET));
    JsonObject created = expect(201, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/initech", WRITE,
        tenantBody("initech-key", NEW_SECRET));
    assertEquals("created", created.getString("result"));
    assertEquals("process", created.getString("applied_to"), "without Redis the change holds in this process only");
    assertEquals("api", created.getJsonObject("tenant").getString("source"));
    assertEquals(50, created.getJsonObject("tenant").getJsonObject("rate_limit").getLong("qps"));
    assertEquals(200, plugNmeetStatus("initech-key", NEW_SECRET), "the new tenant authenticates at once");

    long expires = System.currentTimeMillis() / 1000 + 3600;
    JsonObject replaced = expect(200, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/initech", WRITE,
        new JsonObject().put("id", "initech").put("plugnmeet", new JsonObject().put("api_key", "initech-key")
            .put("api_secret", "rotated-secret-0123456789").put("previous_api_secret", NEW_SECRET)
            .put("previous_expires_at", expires)).encode());
    assertEquals("replaced", replaced.getString("result"));
    JsonObject got = expect(200, HttpMethod.GET, "/admin/tenants/{id}", "/admin/tenants/initech", READ, null);
    assertEquals(new JsonObject().put("api_key", "initech-key").put("previous_secret", true)
        .put("previous_expires_at", expires), got.getJsonObject("plugnmeet"));
    assertTrue(got.getLong("version") > created.getJsonObject("tenant").getLong("version"));
    assertEquals(200, plugNmeetStatus("initech-key", NEW_SECRET), "the old secret verifies until the expiry");
    assertEquals(200, plugNmeetStatus("initech-key", "rotated-secret-0123456789"));

    JsonObject deleted = expect(200, HttpMethod.DELETE, "/admin/tenants/{id}", "/admin/tenants/initech", WRITE, null);
    assertEquals("deleted", deleted.getString("result"));
    assertEquals(401, plugNmeetStatus("initech-key", "rotated-secret-0123456789"), "a deleted tenant gets 401");
    expect(404, HttpMethod.GET, "/admin/tenants/{id}", "/admin/tenants/initech", READ, null);
    expect(404, HttpMethod.DELETE, "/admin/tenants/{id}", "/admin/tenants/initech", WRITE, null);

    List<String> lines = auditLog.messages().stream().filter(l -> l.contains("tenant=initech")).toList();
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(lines.get(0).matches("admin time=\\d{4}-\\d\\d-\\d\\dT\\S+Z token=ops action=put tenant=initech "
        + "result=created version=\\d+ scope=process"), lines.get(0));
    assertTrue(lines.get(2).contains("token=ops action=delete tenant=initech result=deleted"), lines.get(2));
    lines.forEach(l -> assertFalse(l.contains("secret-0123456789") || l.contains(WRITE), l));
  }

  @Test
  void invalidBodiesGetTheLoadersKeyNamedMessages() {
    assertEquals("tenants[badco].plugnmeet.api_secret: must be at least 16 characters",
        expect(400, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/badco", WRITE,
            tenantBody("badco-key", "short")).getString("error"));
    assertEquals("tenants[badco].id: must be left out or equal the path's id 'badco'",
        expect(400, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/badco", WRITE,
            "{\"id\":\"other\",\"plugnmeet\":{\"api_key\":\"k\",\"api_secret\":\"" + NEW_SECRET + "\"}}")
            .getString("error"));
    assertEquals("tenants[badco].plugnmeet.api_key: already used by another tenant",
        expect(400, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/badco", WRITE,
            tenantBody(TestConfigs.ACME_KEY, NEW_SECRET)).getString("error"));
    assertEquals("tenants[badco].rate_limit.qps: must be a whole number",
        expect(400, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/badco", WRITE,
            "{\"rate_limit\":{\"qps\":1.5},\"plugnmeet\":{\"api_key\":\"k\",\"api_secret\":\"" + NEW_SECRET + "\"}}")
            .getString("error"));
    assertEquals("tenants[badco].rate_limit.costs.creat: no such API; the APIs are create, create_room, destroy_room, "
            + "endRoom, fetchPastRooms, getActiveRoomInfo, getActiveRoomsInfo, getJoinToken, get_room_info, "
            + "get_room_list, isRoomActive, update_room_info",
        expect(400, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/badco", WRITE,
            "{\"rate_limit\":{\"costs\":{\"creat\":2}},\"plugnmeet\":{\"api_key\":\"k\",\"api_secret\":\""
                + NEW_SECRET + "\"}}").getString("error"));
    assertEquals("tenants[badco].colour: unknown key",
        expect(400, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/badco", WRITE,
            "{\"colour\":\"red\",\"plugnmeet\":{\"api_key\":\"k\",\"api_secret\":\"" + NEW_SECRET + "\"}}")
            .getString("error"));
    assertEquals("tenants[badco].plugnmeet: a tenant needs plugnmeet or tencent credentials",
        expect(400, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/badco", WRITE, "{}").getString("error"));
    assertEquals("id: must match ^[a-z0-9][a-z0-9_-]{0,63}$",
        expect(400, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/Bad.Co", WRITE,
            tenantBody("k", NEW_SECRET)).getString("error"));
    assertEquals("(body): must be a JSON object, a tenants[] entry of the configuration", expect(400, HttpMethod.PUT, "/admin/tenants/{id}",
        "/admin/tenants/badco", WRITE, "{nope").getString("error"));
    assertEquals("(body): must be a JSON object, a tenants[] entry of the configuration", expect(400,
        HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/badco", WRITE, "[1]").getString("error"));
    expect(413, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/badco", WRITE,
        "{\"x\":\"" + "a".repeat(70_000) + "\"}");
    // ${...} in an API body is taken literally: the API cannot read the gateway's environment or files
    JsonObject literal = expect(201, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/literal", WRITE,
        tenantBody("${HOME}", "${file:/etc/passwd}-0123456789"));
    assertEquals("${HOME}", literal.getJsonObject("tenant").getJsonObject("plugnmeet").getString("api_key"));
    expect(200, HttpMethod.DELETE, "/admin/tenants/{id}", "/admin/tenants/literal", WRITE, null);
    expect(404, HttpMethod.GET, "/admin/tenants/{id}", "/admin/tenants/badco", READ, null);
    assertTrue(auditLog.messages().stream().noneMatch(l -> l.contains("tenant=badco")), "refused writes change nothing");
  }

  @Test
  void anApiTenantNamingAPlanGetsThePlansLimits() {
    JsonObject body = new JsonObject().put("plan", "trial").put("rate_limit", new JsonObject().put("qps", 500))
        .put("plugnmeet", new JsonObject().put("api_key", "trial-key").put("api_secret", NEW_SECRET));
    JsonObject created = expect(201, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/trialco", WRITE,
        body.encode());
    try {
      JsonObject tenant = created.getJsonObject("tenant");
      assertEquals("trial", tenant.getString("plan"));
      assertEquals(new JsonObject().put("qps", 500).put("burst", 500), tenant.getJsonObject("rate_limit"),
          "its own qps overrides the plan's");
      assertEquals("trial", expect(200, HttpMethod.GET, "/admin/tenants/{id}", "/admin/tenants/trialco", READ, null)
          .getString("plan"));
      // the plan's quota: two requests a day, the third is refused naming it
      assertEquals(200, plugNmeetStatus("trial-key", NEW_SECRET));
      assertEquals(200, plugNmeetStatus("trial-key", NEW_SECRET));
      PlugNmeetTestClient c = new PlugNmeetTestClient(vertx, gateway.apiPort(), "trial-key", NEW_SECRET);
      try {
        HttpResponse<Buffer> third = c.raw("/auth/room/isRoomActive",
            "{\"room_id\":\"r1\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(429, third.statusCode(), third.bodyAsString());
        assertTrue(third.bodyAsString().contains("'day'"), third.bodyAsString());
      } finally {
        c.close();
      }
    } finally {
      expect(200, HttpMethod.DELETE, "/admin/tenants/{id}", "/admin/tenants/trialco", WRITE, null);
    }
    assertEquals("tenants[goldco].plan: no such plan 'gold' under plans",
        expect(400, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/goldco", WRITE,
            body.copy().put("plan", "gold").encode()).getString("error"));
  }

  @Test
  void fileTenantsAreListedAndProtected() {
    JsonObject acme = expect(200, HttpMethod.GET, "/admin/tenants/{id}", "/admin/tenants/acme", READ, null);
    assertEquals("file", acme.getString("source"));
    assertNull(acme.getLong("version"));
    JsonObject refused = expect(409, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/acme", WRITE,
        tenantBody("acme-other-key", NEW_SECRET));
    assertEquals("tenants[acme]: defined in the configuration file; change it there (the file wins over the admin "
        + "API)", refused.getString("error"));
    expect(409, HttpMethod.DELETE, "/admin/tenants/{id}", "/admin/tenants/acme", WRITE, null);
    assertEquals(200, plugNmeetStatus(TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET), "acme is untouched");
  }

  @Test
  void listingPagesThroughFileAndApiTenantsInIdOrder() {
    for (String id : List.of("zeta", "beta", "mid")) {
      expect(201, HttpMethod.PUT, "/admin/tenants/{id}", "/admin/tenants/" + id, WRITE,
          tenantBody(id + "-key", NEW_SECRET));
    }
    try {
      List<String> ids = new ArrayList<>();
      Set<String> sources = new HashSet<>();
      String cursor = "";
      for (int pages = 0; pages < 20; pages++) {
        JsonObject page = expect(200, HttpMethod.GET, "/admin/tenants", "/admin/tenants?limit=2&cursor=" + cursor,
            READ, null);
        page.getJsonArray("tenants").forEach(t -> {
          ids.add(((JsonObject) t).getString("id"));
          sources.add(((JsonObject) t).getString("source"));
        });
        cursor = page.getString("next_cursor");
        if (cursor == null) {
          break;
        }
      }
      assertEquals(List.of("acme", "beta", "globex", "mid", "zeta"), ids);
      assertEquals(Set.of("file", "api"), sources);
      expect(400, HttpMethod.GET, "/admin/tenants", "/admin/tenants?limit=0", READ, null);
      expect(400, HttpMethod.GET, "/admin/tenants", "/admin/tenants?limit=abc", READ, null);
      expect(400, HttpMethod.GET, "/admin/tenants", "/admin/tenants?cursor=%22x", READ, null);
    } finally {
      for (String id : List.of("zeta", "beta", "mid")) {
        expect(200, HttpMethod.DELETE, "/admin/tenants/{id}", "/admin/tenants/" + id, WRITE, null);
      }
    }
  }

  @Test
  void theDocumentDescribesEveryRoute() {
    HttpResponse<Buffer> doc = call(HttpMethod.GET, "/admin/openapi.json", READ, null);
    openApi.check("/admin/openapi.json", "GET", 200, doc.bodyAsJsonObject());
    JsonObject paths = doc.bodyAsJsonObject().getJsonObject("paths");
    assertEquals(Set.of("/admin/tenants", "/admin/tenants/{id}", "/admin/tenants/{id}/usage", "/admin/openapi.json"),
        paths.fieldNames());
    // the rate-limit usage report (issue 15) is part of the API: a read token, the documented answers
    expect(200, HttpMethod.GET, "/admin/tenants/{id}/usage", "/admin/tenants/acme/usage", READ, null);
    expect(404, HttpMethod.GET, "/admin/tenants/{id}/usage", "/admin/tenants/nobody/usage", READ, null);
    assertEquals(401, call(HttpMethod.GET, "/admin/tenants/acme/usage", null, null).statusCode());
  }
}
