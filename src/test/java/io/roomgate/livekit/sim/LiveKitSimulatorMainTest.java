package io.roomgate.livekit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Command-line parsing of the standalone simulator; errors must name the flag. */
class LiveKitSimulatorMainTest {

  @Test
  void parsesAllFlagsInBothForms() {
    SimulatorOptions options = LiveKitSimulatorMain.parse(new String[] {
        "--port", "7880", "--api-key=devkey", "--api-secret", "s3cret", "--host", "0.0.0.0"});
    assertEquals(new SimulatorOptions("0.0.0.0", 7880, Map.of("devkey", "s3cret")), options);
  }

  @Test
  void hostDefaultsToLoopback() {
    assertEquals("127.0.0.1", LiveKitSimulatorMain.parse(new String[] {
        "--port", "0", "--api-key", "k", "--api-secret", "s"}).host());
  }

  @Test
  void errorsNameTheFlag() {
    assertMessageNames("--port", "--api-key", "k", "--api-secret", "s");
    assertMessageNames("--port", "--port", "nope", "--api-key", "k", "--api-secret", "s");
    assertMessageNames("--api-key", "--port", "1", "--api-secret", "s");
    assertMessageNames("--api-secret", "--port", "1", "--api-key", "k");
    assertMessageNames("--api-secret", "--port", "1", "--api-key", "k", "--api-secret");
    assertMessageNames("--verbose", "--verbose", "--port", "1", "--api-key", "k", "--api-secret", "s");
  }

  @Test
  void tokenPrintsAControlApiTokenAndNamesBadFlags() throws Exception {
    String token = LiveKitSimulatorMain.token(new String[] {
        "--api-key", "devkey", "--api-secret=s3cret-s3cret-s3cret", "--ttl", "60", "--room", "r1"}, 1_000);
    io.vertx.core.json.JsonObject claims = new AccessTokenVerifier(Map.of("devkey", "s3cret-s3cret-s3cret"))
        .verify(token, 1_000);
    assertEquals("devkey", claims.getString("iss"));
    assertEquals(1_060L, claims.getLong("exp"));
    assertEquals(new io.vertx.core.json.JsonObject().put("roomAdmin", true).put("room", "r1"),
        claims.getJsonObject("video"));
    assertTrue(LiveKitSimulatorMain.USAGE.contains("livekit-sim token"));
    for (String[] bad : new String[][] {
        {"--api-secret", "s"}, {"--api-key", "k"}, {"--api-key", "k", "--api-secret", "s", "--ttl", "0"},
        {"--api-key", "k", "--api-secret", "s", "--port", "1"}}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> LiveKitSimulatorMain.token(bad, 1_000));
      assertTrue(e.getMessage().matches(".*--(api-key|api-secret|ttl|port).*"), e.getMessage());
    }
  }

  private static void assertMessageNames(String flag, String... args) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LiveKitSimulatorMain.parse(args));
    assertTrue(e.getMessage().contains(flag), e.getMessage());
  }
}
