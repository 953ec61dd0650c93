package io.roomgate.admin;

import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.testsupport.TencentTestClient;
import io.roomgate.testsupport.TestConfigs;
import io.roomgate.testsupport.UserSigs;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16, points 4 and 5, through real gateway processes on one real redis-server: a tenant of the admin API rotated
 * through node A keeps its callers working on both nodes (the old secret and the old Tencent key verify until the
 * expiry, the new ones at once), and the old ones fail on both after it; and a write of a file tenant's id is
 * refused by a real process with its message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminRotationIT {
  private static final String OLD_SECRET = "rotation-old-secret-0123";
  private static final String NEW_SECRET = "rotation-new-secret-4567";
  private static final String OLD_KEY = "rotation-old-tencent-key-0123";
  private static final String NEW_KEY = "rotation-new-tencent-key-4567";
  private static final long APP = 1_400_000_777L;
  private static final String ADMIN = "administrator";
  /** How far ahead the old secrets expire: long enough to call both nodes through the rotation, short for a test. */
  private static final long GRACE_SECONDS = 4;

  private RedisServerProcess redis;
  private AdminNodes nodes;

  @BeforeAll
  void start() throws Exception {
    redis = RedisServerProcess.start();
    nodes = new AdminNodes(redis, null);
  }

  @AfterAll
  void stop() throws Exception {
    if (nodes != null) {
      nodes.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  /** One old-secret call: when it was sent and answered (ms since the epoch) and whether it authenticated. */
  private record Call(String what, long sentMs, long answeredMs, boolean authenticated) {
  }

  @Test
  void aRotationThroughOneNodeKeepsOldCallersWorkingOnBothUntilTheExpiry() {
    JsonObject before = new JsonObject()
        .put("plugnmeet", new JsonObject().put("api_key", "rot-key").put("api_secret", OLD_SECRET))
        .put("tencent", new JsonObject().put("sdkappid", APP).put("secret_key", OLD_KEY).put("admins", List.of(ADMIN)))
        .put("rate_limit", new JsonObject().put("qps", 1_000_000));
    assertEquals(201, nodes.admin(nodes.yamlA, HttpMethod.PUT, "/admin/tenants/rot", before).statusCode());
    long start = System.nanoTime();
    nodes.until(nodes.yamlB, "rot-key", OLD_SECRET, 200, start, 10_000);
    String oldSig = UserSigs.fresh(APP, OLD_KEY, ADMIN); // made once, as a caller caches it
    String newSig = UserSigs.fresh(APP, NEW_KEY, ADMIN);
    for (TestConfigs.GatewayYaml node : List.of(nodes.yamlA, nodes.yamlB)) {
      assertEquals(200, nodes.auth(node, "rot-key", OLD_SECRET));
      assertTrue(tencentAuthenticated(node, oldSig));
      assertFalse(tencentAuthenticated(node, newSig), "the new key is not valid before the rotation");
    }

    long expiresAt = System.currentTimeMillis() / 1000 + GRACE_SECONDS;
    JsonObject rotated = before.copy();
    rotated.getJsonObject("plugnmeet").put("api_secret", NEW_SECRET).put("previous_api_secret", OLD_SECRET)
        .put("previous_expires_at", expiresAt);
    rotated.getJsonObject("tencent").put("secret_key", NEW_KEY).put("previous_secret_key", OLD_KEY)
        .put("previous_expires_at", expiresAt);
    List<Call> calls = new ArrayList<>();
    call(calls, nodes.yamlB, oldSig); // B before it can have heard of the rotation
    HttpResponse<Buffer> put = nodes.admin(nodes.yamlA, HttpMethod.PUT, "/admin/tenants/rot", rotated);
    assertEquals(200, put.statusCode(), put.bodyAsString());
    assertEquals(new JsonObject().put("api_key", "rot-key").put("previous_secret", true)
        .put("previous_expires_at", expiresAt), put.bodyAsJsonObject().getJsonObject("tenant").getJsonObject("plugnmeet"));
    long rotatedAt = System.nanoTime();
    // the old secret and the old UserSig, on both nodes, until the expiry: before and after B applied the rotation
    boolean newOnB = false;
    while (System.currentTimeMillis() < expiresAt * 1000 - 300) {
      call(calls, nodes.yamlA, oldSig);
      call(calls, nodes.yamlB, oldSig);
      if (!newOnB && nodes.auth(nodes.yamlB, "rot-key", NEW_SECRET) == 200 && tencentAuthenticated(nodes.yamlB, newSig)) {
        newOnB = true;
        System.out.println("AdminRotationIT: the new secret and key held on B "
            + (System.nanoTime() - rotatedAt) / AdminNodes.NANOS_PER_MS + " ms after A answered the rotation");
      }
    }
    assertTrue(newOnB, "the new secret never verified on B before the expiry");
    List<Call> answeredBefore = calls.stream().filter(c -> c.answeredMs() < expiresAt * 1000).toList();
    assertTrue(answeredBefore.size() >= 8, "too few calls before the expiry to show anything: " + calls);
    for (Call c : answeredBefore) {
      assertTrue(c.authenticated(), "refused before the expiry: " + c);
    }
    for (TestConfigs.GatewayYaml node : List.of(nodes.yamlA, nodes.yamlB)) {
      assertEquals(200, nodes.auth(node, "rot-key", NEW_SECRET));
      assertTrue(tencentAuthenticated(node, newSig));
    }

    // from the expiry on, the old ones fail on both nodes (the new ones keep working)
    while (System.currentTimeMillis() < expiresAt * 1000 + 50) {
      Thread.onSpinWait();
    }
    for (TestConfigs.GatewayYaml node : List.of(nodes.yamlA, nodes.yamlB)) {
      assertEquals(401, nodes.auth(node, "rot-key", OLD_SECRET), "old secret after the expiry");
      assertEquals(70009, tencent(node, oldSig).getInteger("ErrorCode"), "old UserSig after the expiry");
      assertEquals(200, nodes.auth(node, "rot-key", NEW_SECRET));
      assertTrue(tencentAuthenticated(node, newSig));
    }
    System.out.println("AdminRotationIT: " + answeredBefore.size() + " calls with the old secret or UserSig answered "
        + "before the expiry, all authenticated on both nodes; refused on both after it");
  }

  /** A plugNmeet call with the old secret and a Tencent one with the old UserSig, recorded. */
  private void call(List<Call> calls, TestConfigs.GatewayYaml node, String oldSig) {
    String name = node == nodes.yamlA ? "A" : "B";
    long sent = System.currentTimeMillis();
    boolean plugnmeet = nodes.auth(node, "rot-key", OLD_SECRET) == 200;
    calls.add(new Call("plugNmeet on " + name, sent, System.currentTimeMillis(), plugnmeet));
    sent = System.currentTimeMillis();
    boolean tencent = tencentAuthenticated(node, oldSig);
    calls.add(new Call("Tencent on " + name, sent, System.currentTimeMillis(), tencent));
  }

  /** {@code get_room_info} of a room that does not exist: 100004 once the UserSig authenticated. */
  private JsonObject tencent(TestConfigs.GatewayYaml node, String sig) {
    TencentTestClient c = new TencentTestClient(nodes.vertx, node.apiPort(), APP, NEW_KEY, ADMIN);
    try {
      return c.callWithSig("get_room_info", sig, new JsonObject().put("RoomId", "no-such-room"));
    } finally {
      c.close();
    }
  }

  private boolean tencentAuthenticated(TestConfigs.GatewayYaml node, String sig) {
    JsonObject answer = tencent(node, sig);
    int code = answer.getInteger("ErrorCode");
    if (code != 100004 && code != 70009) {
      throw new AssertionError("neither authenticated nor refused: " + answer);
    }
    return code == 100004;
  }

  @Test
  void aWriteOfAFileTenantsIdIsRefusedByARealProcess() {
    String message = "tenants[acme]: defined in the configuration file; change it there (the file wins over the admin "
        + "API)";
    JsonObject body = new JsonObject()
        .put("plugnmeet", new JsonObject().put("api_key", "taken-over").put("api_secret", "taken-over-secret-0123"));
    for (TestConfigs.GatewayYaml node : List.of(nodes.yamlA, nodes.yamlB)) {
      HttpResponse<Buffer> put = nodes.admin(node, HttpMethod.PUT, "/admin/tenants/acme", body);
      assertEquals(409, put.statusCode(), put.bodyAsString());
      assertEquals(new JsonObject().put("status", 409).put("error", message), put.bodyAsJsonObject());
      HttpResponse<Buffer> delete = nodes.admin(node, HttpMethod.DELETE, "/admin/tenants/acme", null);
      assertEquals(409, delete.statusCode(), delete.bodyAsString());
      assertEquals(message, delete.bodyAsJsonObject().getString("error"));
      // the file's tenant is untouched and nothing took its id or took over a credential
      assertEquals(200, nodes.auth(node, TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET));
      assertEquals(401, nodes.auth(node, "taken-over", "taken-over-secret-0123"));
      assertEquals("file", nodes.admin(node, HttpMethod.GET, "/admin/tenants/acme", null).bodyAsJsonObject()
          .getString("source"));
    }
  }
}
