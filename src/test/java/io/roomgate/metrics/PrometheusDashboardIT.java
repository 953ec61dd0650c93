package io.roomgate.metrics;

import io.roomgate.testsupport.FreePorts;
import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.PlugNmeetTraffic;
import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.testsupport.TestConfigs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The operator's view, proven with a real Prometheus (Debian's {@code prometheus} package): a gateway jar on Redis
 * serves plugNmeet traffic; {@code promtool check metrics} accepts its scrape; a Prometheus scrapes it every second;
 * and every PromQL expression of {@code grafana/dashboards/roomgate.json} is evaluated through Prometheus's HTTP API
 * and must return at least one series without error.
 */
class PrometheusDashboardIT {
  private static final Path DASHBOARD = Path.of("grafana/dashboards/roomgate.json");
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyDashboardQueryReturnsSeriesFromARealPrometheus() throws Exception {
    Path prometheus = requireOnPath("prometheus");
    Path promtool = requireOnPath("promtool");
    try (RedisServerProcess redis = RedisServerProcess.start()) {
      TestConfigs.GatewayYaml config = TestConfigs.gateway(redis.url(), null);
      try (GatewayProcess gateway = GatewayProcess.withConfig(config.yaml())) {
        PlugNmeetTraffic acme = new PlugNmeetTraffic(config.apiPort(), TestConfigs.ACME_KEY, TestConfigs.ACME_SECRET);
        for (int i = 0; i < 5; i++) {
          acme.round(i);
        }
        String scrape = get("http://127.0.0.1:" + config.managementPort() + "/metrics");
        promtoolAccepts(promtool, scrape);

        AtomicBoolean running = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
          for (int i = 5; running.get(); i++) {
            try {
              acme.round(i);
              Thread.sleep(50);
            } catch (InterruptedException e) {
              return;
            } catch (IOException e) {
              // the gateway is going away at the end of the test
            }
          }
        }, "dashboard-traffic");
        traffic.start();
        Path dir = Files.createTempDirectory("roomgate-prometheus-");
        int promPort = FreePorts.next();
        Process prom = startPrometheus(prometheus, dir, promPort, config.managementPort());
        try {
          evaluateDashboard("http://127.0.0.1:" + promPort, dashboardQueries(), prom, gateway);
        } finally {
          running.set(false);
          traffic.interrupt();
          prom.destroy();
          if (!prom.waitFor(20, TimeUnit.SECONDS)) {
            prom.destroyForcibly();
          }
        }
      }
    }
  }

  /** panel title + legend/refId → PromQL, with Grafana's variables replaced by concrete values. */
  static Map<String, String> dashboardQueries() throws IOException {
    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
    Map<String, String> queries = new LinkedHashMap<>();
    collect(dashboard.getJsonArray("panels"), queries);
    JsonArray vars = dashboard.getJsonObject("templating").getJsonArray("list");
    for (int i = 0; i < vars.size(); i++) {
      JsonObject v = vars.getJsonObject(i);
      if ("query".equals(v.getString("type"))) {
        String q = v.getValue("query") instanceof JsonObject o ? o.getString("query") : v.getString("query");
        // label_values(metric, label) is Grafana's; the series behind it is what must exist.
        queries.put("variable $" + v.getString("name"), q.replaceAll("^label_values\\((.*),\\s*\\w+\\)$", "$1"));
      }
    }
    assertTrue(queries.size() >= 20, "the dashboard has fewer queries than expected: " + queries.keySet());
    return queries;
  }

  private static void collect(JsonArray panels, Map<String, String> out) {
    for (int i = 0; i < panels.size(); i++) {
      JsonObject p = panels.getJsonObject(i);
      if (p.containsKey("panels")) {
        collect(p.getJsonArray("panels"), out);
      }
      JsonArray targets = p.getJsonArray("targets", new JsonArray());
      for (int t = 0; t < targets.size(); t++) {
        JsonObject target = targets.getJsonObject(t);
        out.put("panel '" + p.getString("title") + "' query " + target.getString("refId"),
            concrete(target.getString("expr")));
      }
    }
  }

  static String concrete(String expr) {
    return expr.replace("$__rate_interval", "30s").replace("$__interval", "5s").replace("$tenant", ".*");
  }

  /** Polls until every query returns series, or the deadline passes; then names every failing panel. */
  private static void evaluateDashboard(String promUrl, Map<String, String> queries, Process prom,
                                        GatewayProcess gateway) throws Exception {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    // First: Prometheus holds at least two scrapes of the gateway, so rate() has something to work with.
    String warmUp = "rate(roomgate_requests_seconds_count[30s])";
    while (evaluate(promUrl, warmUp) != null && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    Map<String, String> problems = new LinkedHashMap<>();
    do {
      problems.clear();
      if (!prom.isAlive()) {
        fail("prometheus exited: " + new String(prom.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      }
      for (Map.Entry<String, String> q : queries.entrySet()) {
        String problem = evaluate(promUrl, q.getValue());
        if (problem != null) {
          problems.put(q.getKey(), problem + " — " + q.getValue());
        }
      }
      if (problems.isEmpty() || problems.values().stream().anyMatch(p -> p.startsWith("error"))) {
        break; // done, or a query error, which will not heal with time
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    if (!problems.isEmpty()) {
      StringBuilder b = new StringBuilder("dashboard queries failed against a real Prometheus:\n");
      problems.forEach((k, v) -> b.append("  ").append(k).append(": ").append(v).append('\n'));
      b.append("targets: ").append(get(promUrl + "/api/v1/targets"));
      fail(b.toString());
    }
  }

  /** {@code null} when the query returned series, else what went wrong. */
  private static String evaluate(String promUrl, String expr) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(promUrl + "/api/v1/query?query="
        + URLEncoder.encode(expr, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonObject body;
    try {
      body = new JsonObject(r.body());
    } catch (RuntimeException e) {
      return "error: HTTP " + r.statusCode() + " " + r.body();
    }
    if (!"success".equals(body.getString("status"))) {
      return "error: " + body.getString("errorType") + ": " + body.getString("error");
    }
    JsonObject data = body.getJsonObject("data");
    Object result = data.getValue("result");
    if (result instanceof JsonArray a && a.isEmpty()) {
      return "no series";
    }
    return null;
  }

  private static void promtoolAccepts(Path promtool, String scrape) throws Exception {
    Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
    assertEquals(0, p.exitValue(), "promtool check metrics rejected the scrape:\n" + out);
    assertFalse(scrape.isBlank());
  }

  private static Process startPrometheus(Path binary, Path dir, int port, int managementPort) throws Exception {
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        scrape_configs:
          - job_name: roomgate
            static_configs: [{targets: ['127.0.0.1:%d']}]
        """.formatted(managementPort));
    List<String> cmd = new ArrayList<>(List.of(binary.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        fail("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
      }
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return p;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    p.destroyForcibly();
    fail("prometheus not ready within 30 s: " + Files.readString(dir.resolve("prometheus.log")));
    return p;
  }

  private static String get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The test must not pass quietly on a machine without Prometheus: it fails and says what to install. */
  static Path requireOnPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    fail(tool + " is not on the PATH: install Prometheus (Debian: `apt-get install prometheus`, which ships "
        + "prometheus and promtool; `bash .ci/run` does it)");
    return null;
  }
}
