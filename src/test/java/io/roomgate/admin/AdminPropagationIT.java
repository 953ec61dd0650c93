package io.roomgate.admin;

import io.roomgate.redis.RedisKeys;
import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real gateway processes on one real redis-server (issue 16, points 3 and 6): every change made through one node
 * holds on the other within a second (p99 over 1,000 changes, measured from before the write is sent until the
 * other node answers accordingly), and 10,000 tenants: a starting node's catch-up, memory per tenant, bounded series.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminPropagationIT {
  private static final String SECRET = "propagation-secret-0123";
  private static final long NANOS_PER_MS = AdminNodes.NANOS_PER_MS;

  private RedisServerProcess redis;
  private AdminNodes nodes;
  private TestConfigs.GatewayYaml yamlA;
  private TestConfigs.GatewayYaml yamlB;
  private Vertx vertx;
  private WebClient web;

  @BeforeAll
  void start() throws Exception {
    redis = RedisServerProcess.start();
    nodes = new AdminNodes(redis, null);
    yamlA = nodes.yamlA;
    yamlB = nodes.yamlB;
    vertx = nodes.vertx;
    web = nodes.web;
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

  private HttpResponse<Buffer> admin(TestConfigs.GatewayYaml node, HttpMethod method, String path, JsonObject body) {
    return nodes.admin(node, method, path, body);
  }

  private static JsonObject tenant(String apiKey) {
    return new JsonObject().put("plugnmeet", new JsonObject().put("api_key", apiKey).put("api_secret", SECRET))
        .put("rate_limit", new JsonObject().put("qps", 1_000_000));
  }

  private int auth(TestConfigs.GatewayYaml node, String apiKey) {
    return nodes.auth(node, apiKey, SECRET);
  }

  /** Asks {@code node} until it answers {@code status} for the key; returns the nanoTime it did. */
  private long until(TestConfigs.GatewayYaml node, String apiKey, int status, long startNanos) {
    return until(node, apiKey, status, startNanos, 10_000);
  }

  private long until(TestConfigs.GatewayYaml node, String apiKey, int status, long startNanos, long deadlineMs) {
    return nodes.until(node, apiKey, SECRET, status, startNanos, deadlineMs);
  }

  @Test
  @Order(1)
  void everyChangeHoldsOnTheOtherNodeWithinASecond() {
    int changes = 1_000;
    long[] ms = new long[changes];      // from before the write is sent until the other node applies it
    long[] afterMs = new long[changes]; // from the writing node's answer until the other node applies it
    for (int k = 0; k < changes; k++) {
      boolean fromA = (k / 2) % 2 == 0; // alternate the writing node per tenant: both directions are measured
      TestConfigs.GatewayYaml writer = fromA ? yamlA : yamlB;
      TestConfigs.GatewayYaml other = fromA ? yamlB : yamlA;
      String id = "p" + (k / 2);
      String key = "pk-" + (k / 2);
      long t0 = System.nanoTime();
      long applied;
      long answered;
      if (k % 2 == 0) {
        assertEquals(201, admin(writer, HttpMethod.PUT, "/admin/tenants/" + id, tenant(key)).statusCode());
        answered = System.nanoTime();
        applied = until(other, key, 200, t0);
      } else {
        assertEquals(200, admin(writer, HttpMethod.DELETE, "/admin/tenants/" + id, null).statusCode());
        answered = System.nanoTime();
        applied = until(other, key, 401, t0);
      }
      ms[k] = (applied - t0) / NANOS_PER_MS;
      afterMs[k] = Math.max(0, applied - answered) / NANOS_PER_MS;
    }
    long[] sorted = ms.clone();
    Arrays.sort(sorted);
    long p99 = AdminNodes.percentile(sorted, 0.99);
    System.out.println("AdminPropagationIT: " + changes + " changes (500 creates, 500 deletes, both directions), "
        + "from before the write: " + summary(ms) + "; from the writing node's answer: " + summary(afterMs));
    assertTrue(p99 < 1000, "p99 " + p99 + " ms");
  }

  /** p50, p99 and max of {@code ms}, and how many were at or over 1 s. */
  private static String summary(long[] ms) {
    long[] s = ms.clone();
    Arrays.sort(s);
    return "p50 " + AdminNodes.percentile(s, 0.50) + " ms, p99 " + AdminNodes.percentile(s, 0.99) + " ms, max "
        + s[s.length - 1] + " ms, " + Arrays.stream(ms).filter(x -> x >= 1000).count() + " at or over 1 s";
  }

  @Test
  @Order(2)
  void aNodeWhoseSubscriptionWasCutCatchesUp() {
    String reply = redis.command("CLIENT", "KILL", "TYPE", "pubsub"); // every node's subscriptions, at once
    long t0 = System.nanoTime();
    assertEquals(201, admin(yamlA, HttpMethod.PUT, "/admin/tenants/cut", tenant("cut-key")).statusCode());
    long writeMs = (System.nanoTime() - t0) / NANOS_PER_MS;
    long createdMs = (until(yamlB, "cut-key", 200, t0) - t0) / NANOS_PER_MS;
    long t1 = System.nanoTime();
    assertEquals(200, admin(yamlB, HttpMethod.DELETE, "/admin/tenants/cut", null).statusCode());
    long deletedMs = (until(yamlA, "cut-key", 401, t1) - t1) / NANOS_PER_MS;
    System.out.println("AdminPropagationIT: subscriptions cut (" + reply + " killed): a create held on the other node "
        + "after " + createdMs + " ms (the write itself " + writeMs + " ms), a delete after " + deletedMs + " ms\nB:\n"
        + nodes.b.output().lines().filter(l -> l.contains("tenant")).reduce("", (x, y) -> x + y + "\n"));
  }

  @Test
  @Order(3)
  void tenThousandTenants() throws Exception {
    int n = 10_000;
    long heapBefore = heapUsedKb(nodes.a);
    // written straight into Redis with the gateway's own script, announced on a channel nobody hears: node A's
    // version check finds it behind and takes one snapshot (10,000 single changes are measured above, one by one)
    Redis client = Redis.createClient(vertx, redis.url());
    String script = script("tenant_put.lua");
    List<String> keys = RedisKeys.apiTenants();
    long writeStart = System.nanoTime();
    for (int from = 0; from < n; from += 500) {
      List<Request> batch = new ArrayList<>();
      for (int i = from; i < Math.min(n, from + 500); i++) {
        String id = "bulk" + i;
        batch.add(Request.cmd(Command.EVAL).arg(script).arg(4).arg(keys.get(0)).arg(keys.get(1)).arg(keys.get(2))
            .arg(keys.get(3)).arg(id).arg(tenant("bulk-key-" + i).put("id", id).encode()).arg("bulk-key-" + i)
            .arg("").arg("nobody-listens"));
      }
      client.batch(batch).await();
    }
    long writeMs = (System.nanoTime() - writeStart) / NANOS_PER_MS;
    client.close();
    long seen = System.nanoTime();
    until(yamlA, "bulk-key-" + (n - 1), 200, seen, 120_000); // a bulk import, not one change: no 1 s promise
    long repairMs = (System.nanoTime() - seen) / NANOS_PER_MS;
    assertEquals(200, auth(yamlA, "bulk-key-0"));
    long heapAfter = heapUsedKb(nodes.a);

    // a node that starts now catches up before it says ready
    TestConfigs.GatewayYaml yamlC = AdminNodes.config(redis).withSection("metrics: {max_tenant_series: 1000}");
    long startNanos = System.nanoTime();
    try (GatewayProcess c = GatewayProcess.withConfig(yamlC.yaml())) {
      long readyMs = (System.nanoTime() - startNanos) / NANOS_PER_MS;
      Matcher m = Pattern.compile("tenants: (\\d+) admin API tenants loaded from Redis in (\\d+) ms").matcher(c.output());
      assertTrue(m.find(), c.output());
      assertTrue(Integer.parseInt(m.group(1)) >= n, m.group());
      long catchUpMs = Long.parseLong(m.group(2));
      assertEquals(200, auth(yamlC, "bulk-key-0"), "no waiting after ready");
      assertEquals(200, auth(yamlC, "bulk-key-" + (n - 1)));
      // one change more, with 10,000 tenants on every node
      long t0 = System.nanoTime();
      assertEquals(201, admin(yamlA, HttpMethod.PUT, "/admin/tenants/late", tenant("late-key")).statusCode());
      long lateMs = (until(yamlC, "late-key", 200, t0) - t0) / NANOS_PER_MS;
      Set<String> series = tenantSeries(yamlC);
      System.out.println("AdminPropagationIT: " + n + " tenants written to Redis in " + writeMs + " ms; node A "
          + "repaired by its version check in " + repairMs + " ms; heap used " + heapBefore + " KB -> " + heapAfter
          + " KB = " + ((heapAfter - heapBefore) * 1024 / n) + " bytes per tenant; node C ready in " + readyMs
          + " ms, catch-up (snapshot read + validate + install) " + catchUpMs + " ms; a change at 10,000 tenants "
          + "held on C after " + lateMs + " ms; tenant label values on C: " + series.size());
      assertTrue(series.contains("other"), series.toString());
      assertTrue(series.size() <= 1002, "at most 1,000 tenants + other + unknown: " + series.size());
    }
  }

  /** The {@code tenant} label values of the rate-limit decision series on the node's {@code /metrics}. */
  private Set<String> tenantSeries(TestConfigs.GatewayYaml node) {
    String text = web.get(node.managementPort(), "127.0.0.1", "/metrics").timeout(30_000).send().await().bodyAsString();
    Set<String> out = new HashSet<>();
    Matcher m = Pattern.compile("^roomgate_ratelimit_decisions_total\\{[^}]*tenant=\"([^\"]+)\"", Pattern.MULTILINE)
        .matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Heap in use after two full collections ({@code jcmd}), in KB. */
  private static long heapUsedKb(GatewayProcess p) throws Exception {
    jcmd(p, "GC.run");
    jcmd(p, "GC.run");
    String info = jcmd(p, "GC.heap_info");
    Matcher m = Pattern.compile("used (\\d+)K").matcher(info);
    assertTrue(m.find(), info);
    return Long.parseLong(m.group(1));
  }

  private static String jcmd(GatewayProcess p, String command) throws Exception {
    Process j = new ProcessBuilder("jcmd", Long.toString(p.pid()), command).redirectErrorStream(true).start();
    String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    j.waitFor();
    return out;
  }

  private static String script(String name) throws Exception {
    try (InputStream in = AdminPropagationIT.class.getClassLoader().getResourceAsStream("redis/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
