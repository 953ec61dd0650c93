package io.roomgate;

import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.TestConfigs;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator contract of the packaged jar: the ready line, the health endpoints, and bad configs. */
class MainIT {

  @Test
  void printsReadyAndServesHealthOnTheManagementPort() throws Exception {
    TestConfigs.GatewayYaml config = TestConfigs.gateway(null, null);
    try (GatewayProcess gw = GatewayProcess.withConfig(config.yaml())) {
      String line = gw.awaitReady();
      assertTrue(line.contains("roomgate ready"), line);
      int mgmt = config.managementPort();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mgmt + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mgmt + "/ready")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ready.statusCode(), ready.body());
    }
  }

  @Test
  void runsTheLiveKitSimulatorAlone() throws Exception {
    int port = io.roomgate.testsupport.FreePorts.next();
    try (GatewayProcess sim = GatewayProcess.start("livekit-sim", "--port", Integer.toString(port),
        "--api-key", "k", "--api-secret", "s-0123456789abcdef0123456789abcdef")) {
      assertTrue(sim.awaitReady().contains("livekit-sim ready"));
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode());
      assertEquals("OK", health.body());
    }
    GatewayProcess bad = GatewayProcess.start("livekit-sim", "--api-key", "k");
    assertEquals(2, bad.awaitExit());
    assertTrue(bad.output().contains("--port"), bad.output());
  }

  @Test
  void badConfigExitsNonZeroNamingTheKey() throws Exception {
    Path file = Files.createTempFile("roomgate-bad-", ".yaml");
    Files.writeString(file, TestConfigs.yaml(null).replace("api_secret: " + TestConfigs.LIVEKIT_SECRET, "api_secret: short"));
    GatewayProcess gw = GatewayProcess.start("--config", file.toString());
    assertEquals(2, gw.awaitExit());
    assertTrue(gw.output().contains("livekit.api_secret"), gw.output());
  }

  /** A per-API limit on an API no dialect serves would limit nothing: the start is refused, the key named. */
  @Test
  void aLimitOnAnApiNoDialectServesExitsNamingTheKey() throws Exception {
    Path file = Files.createTempFile("roomgate-bad-", ".yaml");
    Files.writeString(file, TestConfigs.yaml(null) + """
          - id: typo
            rate_limit: {apis: {getActiveRoomInf: {qps: 5}}}
            plugnmeet: {api_key: typo-key, api_secret: typo-secret-0123456789abcdef}
        """);
    GatewayProcess gw = GatewayProcess.start("--config", file.toString());
    assertEquals(2, gw.awaitExit());
    assertTrue(gw.output().contains("bad config " + file + ": tenants[typo].rate_limit.apis.getActiveRoomInf: "
        + "no such API; the APIs are "), gw.output());
    assertFalse(gw.output().contains("Exception"), gw.output());
  }

  @Test
  void aPortInUseExitsNamingTheListener() throws Exception {
    TestConfigs.GatewayYaml config = TestConfigs.gateway(null, null);
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.apiPort()));
      Path file = Files.createTempFile("roomgate-", ".yaml");
      Files.writeString(file, config.yaml());
      GatewayProcess gw = GatewayProcess.start("--config", file.toString());
      assertEquals(1, gw.awaitExit());
      assertTrue(gw.output().contains("failed to start: server.port 127.0.0.1:" + config.apiPort() + ": "),
          gw.output());
      assertFalse(gw.output().contains("Exception"), gw.output());
    }
  }

  @Test
  void shippedDemoConfigStarts() throws Exception {
    // conf/roomgate.yaml binds fixed ports (8080/8081/7880); run it on free ones instead, otherwise unchanged.
    String yaml = Files.readString(Path.of("conf/roomgate.yaml"))
        .replace("port: 8080", "port: " + io.roomgate.testsupport.FreePorts.next())
        .replace("port: 8081", "port: " + io.roomgate.testsupport.FreePorts.next())
        .replace("embedded_port: 7880", "embedded_port: " + io.roomgate.testsupport.FreePorts.next());
    try (GatewayProcess gw = GatewayProcess.withConfig(yaml)) {
      assertTrue(gw.awaitReady().contains("tenants 1"));
    }
  }
}
