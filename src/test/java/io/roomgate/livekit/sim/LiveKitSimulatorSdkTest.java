package io.roomgate.livekit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs src/test/js/livekit-sim-sdk.mjs (the official livekit-server-sdk for Node) against a simulator on an
 * ephemeral port. Missing node or node_modules is a failure, not a skip: this test is the wire-compatibility proof.
 */
class LiveKitSimulatorSdkTest extends SimTestBase {
  private static final Path JS_DIR = Path.of("src", "test", "js");

  @Test
  void officialNodeSdkWorksAgainstTheSimulator() throws Exception {
    assertTrue(Files.isDirectory(JS_DIR.resolve("node_modules").resolve("livekit-server-sdk")),
        "livekit-server-sdk is not installed: run `npm ci --ignore-scripts` in src/test/js (mvn does it in"
            + " generate-test-resources)");

    ProcessBuilder builder = new ProcessBuilder("node", "livekit-sim-sdk.mjs")
        .directory(JS_DIR.toFile())
        .redirectErrorStream(true);
    builder.environment().put("LIVEKIT_URL", "http://127.0.0.1:" + sim.port());
    builder.environment().put("LIVEKIT_API_KEY", TestTokens.KEY);
    builder.environment().put("LIVEKIT_API_SECRET", TestTokens.SECRET);

    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      fail("cannot start `node` (Node 20 must be on PATH): " + e.getMessage());
      return;
    }
    // Blocking here is fine: this is the JUnit thread, the simulator runs on its own event loop.
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("node script did not finish; output so far:\n" + output);
    }
    assertEquals(0, process.exitValue(), () -> "node script failed:\n" + output);
    assertTrue(output.contains("ok all checks passed"), () -> "unexpected output:\n" + output);
  }
}
