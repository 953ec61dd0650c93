package io.roomgate.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code target/roomgate.jar} as its own process, the way an operator does, and waits for the
 * {@code roomgate ready} line. Output is kept so that a failing test can show it.
 */
public final class GatewayProcess implements AutoCloseable {
  private final Process process;
  private final List<String> output = Collections.synchronizedList(new ArrayList<>());
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private volatile long exitedAtNanos;

  private GatewayProcess(List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-jar", jar().toString()));
    cmd.addAll(args);
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    process.onExit().thenRun(() -> exitedAtNanos = System.nanoTime());
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          output.add(line);
          if (line.contains("roomgate ready") || line.contains("livekit-sim ready")) {
            ready.complete(line);
          }
        }
      } catch (IOException ignored) {
        // the process went away
      }
      ready.completeExceptionally(new IllegalStateException("exited before ready: " + output));
    }, "gateway-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the jar with these arguments; does not wait. */
  public static GatewayProcess start(String... args) throws IOException {
    return new GatewayProcess(List.of(args));
  }

  /** Starts the gateway on a config file written from {@code yaml} and waits until it is ready. */
  public static GatewayProcess withConfig(String yaml) throws Exception {
    Path file = Files.createTempFile("roomgate-", ".yaml");
    Files.writeString(file, yaml);
    GatewayProcess p = start("--config", file.toString());
    p.awaitReady();
    return p;
  }

  public String awaitReady() throws Exception {
    try {
      return ready.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("not ready; output:\n" + String.join("\n", output), e);
    }
  }

  /** Waits for the process to exit and returns its exit code. */
  public int awaitExit() throws InterruptedException {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not exit; output:\n" + String.join("\n", output));
    }
    return process.exitValue();
  }

  /** {@code System.nanoTime()} when the process exited, or 0 while it runs. */
  public long exitedAtNanos() {
    return exitedAtNanos;
  }

  /** The operating system's process id (to send it signals). */
  public long pid() {
    return process.pid();
  }

  public String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** Kills the process at once (SIGKILL): no shutdown hook, nothing flushed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  public static Path jar() {
    Path jar = Path.of(System.getProperty("roomgate.jar", "target/roomgate.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: run `mvn verify` (integration tests run after packaging)");
    }
    return jar;
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
