package io.roomgate.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one of the SDK scripts in {@code src/test/js} with node and returns its exit code and output. */
public final class NodeScript {
  public record Result(int exitCode, String output) {
  }

  private NodeScript() {
  }

  public static Result run(String script, Map<String, String> env) throws IOException, InterruptedException {
    Path dir = Path.of("src/test/js");
    if (!Files.isDirectory(dir.resolve("node_modules"))) {
      throw new AssertionError("src/test/js/node_modules is missing: run `npm ci` there (mvn does it in generate-test-resources)");
    }
    ProcessBuilder pb = new ProcessBuilder("node", script).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(script + " did not finish");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
