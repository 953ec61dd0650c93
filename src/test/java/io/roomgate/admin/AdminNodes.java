package io.roomgate.admin;

import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two real gateway processes (A and B) on one real redis-server with a write token of the admin API, and the calls
 * the admin ITs make to them: admin requests, and asking a node until a plugNmeet key gets a given status.
 */
final class AdminNodes implements AutoCloseable {
  static final long NANOS_PER_MS = 1_000_000;
  private static final byte[] PROBE = "{\"room_id\":\"r\"}".getBytes(StandardCharsets.UTF_8);

  final RedisServerProcess redis;
  final TestConfigs.GatewayYaml yamlA;
  final TestConfigs.GatewayYaml yamlB;
  final GatewayProcess a;
  final GatewayProcess b;
  final Vertx vertx = Vertx.vertx();
  final WebClient web = WebClient.create(vertx);

  /** @param redisB extra keys of node B's {@code redis:} section (e.g. an ACL user), or {@code null} */
  AdminNodes(RedisServerProcess redis, String redisB) throws Exception {
    this.redis = redis;
    this.yamlA = config(redis);
    this.yamlB = redisB == null ? config(redis) : config(redis).withRedis(redisB);
    this.a = GatewayProcess.withConfig(yamlA.yaml());
    try {
      this.b = GatewayProcess.withConfig(yamlB.yaml());
    } catch (Exception | AssertionError e) {
      a.close();
      vertx.close();
      throw e;
    }
  }

  /**
   * A node with the admin API, a generous failed-auth budget (a test asks "refused yet?" many times from one address)
   * and a Redis deadline for a loaded machine (these tests measure propagation, not how fast Redis answers a write).
   */
  static TestConfigs.GatewayYaml config(RedisServerProcess redis) {
    return TestConfigs.gateway(redis.url(), null).withRedis("timeout_ms: 2000")
        .withSection("admin:\n  tokens:\n    - {name: ops, token: " + AdminApiTest.WRITE + ", role: write}")
        .withSection("rate_limit: {auth_failures: {burst: 1000000, per_minute: 60000000}}");
  }

  HttpResponse<Buffer> admin(TestConfigs.GatewayYaml node, HttpMethod method, String path, JsonObject body) {
    var req = web.request(method, node.managementPort(), "127.0.0.1", path).timeout(30_000)
        .putHeader("Authorization", "Bearer " + AdminApiTest.WRITE);
    return body == null ? req.send().await() : req.sendJsonObject(body).await();
  }

  /** The status of one signed plugNmeet call to {@code node}. */
  int auth(TestConfigs.GatewayYaml node, String apiKey, String secret) {
    PlugNmeetTestClient c = new PlugNmeetTestClient(vertx, node.apiPort(), apiKey, secret);
    try {
      return c.raw("/auth/room/isRoomActive", PROBE).statusCode();
    } finally {
      c.close();
    }
  }

  /** Asks {@code node} until it answers {@code status} for the key; returns the nanoTime it did. */
  long until(TestConfigs.GatewayYaml node, String apiKey, String secret, int status, long startNanos,
             long deadlineMs) {
    PlugNmeetTestClient c = new PlugNmeetTestClient(vertx, node.apiPort(), apiKey, secret); // one keep-alive client
    try {
      while (c.raw("/auth/room/isRoomActive", PROBE).statusCode() != status) {
        if (System.nanoTime() - startNanos > deadlineMs * NANOS_PER_MS) {
          throw new AssertionError(apiKey + " never answered " + status + " within " + deadlineMs + " ms\nA:\n"
              + a.output() + "\nB:\n" + b.output());
        }
      }
      return System.nanoTime();
    } finally {
      c.close();
    }
  }

  /** A gauge or counter of {@code node}'s {@code /metrics} (the first series of that name). */
  double metric(TestConfigs.GatewayYaml node, String name) {
    String text = web.get(node.managementPort(), "127.0.0.1", "/metrics").timeout(30_000).send().await()
        .bodyAsString();
    Matcher m = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE).matcher(text);
    if (!m.find()) {
      throw new AssertionError(name + " not on /metrics:\n" + text);
    }
    return Double.parseDouble(m.group(2));
  }

  /** "p50 x ms, p90 y ms, max z ms" of these durations. */
  static String distribution(long[] ms) {
    long[] s = ms.clone();
    Arrays.sort(s);
    return "p50 " + percentile(s, 0.50) + " ms, p90 " + percentile(s, 0.90) + " ms, max " + s[s.length - 1] + " ms";
  }

  /** The nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    return sorted[(int) Math.ceil(sorted.length * p) - 1];
  }

  @Override
  public void close() throws Exception {
    try {
      for (GatewayProcess p : new GatewayProcess[] {a, b}) {
        if (p != null) {
          p.close();
        }
      }
    } finally {
      vertx.close().await();
    }
  }
}
