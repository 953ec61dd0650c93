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

  private static void assertMessageNames(String flag, String... args) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LiveKitSimulatorMain.parse(args));
    assertTrue(e.getMessage().contains(flag), e.getMessage());
  }
}
