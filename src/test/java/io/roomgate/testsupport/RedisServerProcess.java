package io.roomgate.testsupport;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real {@code redis-server} process for tests: no mocks, no shared state with a developer's Redis.
 *
 * <p>Binary: the system property {@code roomgate.test.redis-server} or the environment variable
 * {@code ROOMGATE_TEST_REDIS_SERVER} when set, else {@code redis-server} from {@code PATH}, else the binary
 * that the test dependency {@code com.github.codemonstur:embedded-redis} ships (Redis 6.2).
 *
 * <p>The server listens on a free loopback port with persistence off ({@code --save "" --appendonly no}) and
 * its working directory in a fresh temp dir. {@link #start()} returns once the server logged that it accepts
 * connections and answered {@code PING}.
 *
 * <p>Usage, either
 * <pre>{@code
 * @ExtendWith(RedisServerExtension.class)          // one server per test class, stopped after it
 * class MyTest {
 *   @Test void t(RedisServerProcess redis) { ... redis.url() ... }
 * }
 * }</pre>
 * or, by hand,
 * <pre>{@code
 * static RedisServerProcess redis;
 * @BeforeAll static void up() { redis = RedisServerProcess.start(); }
 * @AfterAll static void down() { redis.close(); }
 * }</pre>
 *
 * <p>{@link #command}, {@link #flushAll} and {@link #ping} talk RESP over a plain blocking socket: call them
 * from the test thread, never from a Vert.x event loop.
 */
public final class RedisServerProcess implements AutoCloseable {

  /** How long {@link #start()} waits for the server to accept connections. */
  private static final long START_TIMEOUT_MS = 20_000;
  private static final int START_ATTEMPTS = 5;
  private static volatile String resolvedBinary;

  private final Process process;
  private final int port;
  private final Path dir;
  private final List<String> log;
  private final String[] extraArgs;
  private final Thread shutdownHook;

  private RedisServerProcess(Process process, int port, Path dir, List<String> log, String[] extraArgs) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.log = log;
    this.extraArgs = extraArgs;
    this.shutdownHook = new Thread(process::destroyForcibly, "redis-server-" + port + "-reaper");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts a server; {@code extraArgs} are appended as redis-server options, e.g. {@code "--maxmemory", "10mb"}. */
  public static RedisServerProcess start(String... extraArgs) {
    String binary = binary();
    IllegalStateException failure = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return tryStart(binary, FreePorts.next(), null, extraArgs);
      } catch (IllegalStateException e) {
        // Most likely the free port was taken between probing and binding: try another one.
        failure = e;
      }
    }
    throw failure;
  }

  /** Starts a server on {@code port}, e.g. again on the port of one that was stopped (a Redis coming back). */
  public static RedisServerProcess startOn(int port, String... extraArgs) {
    return tryStart(binary(), port, null, extraArgs);
  }

  /**
   * A sentinel ({@code redis-server <conf> --sentinel}) on {@code port}, watching what {@code conf} says; the file
   * must be writable (sentinels record what they learn in it), alone in its directory (deleted on {@link #stop}).
   * Returns once the sentinel logged its id.
   */
  public static RedisServerProcess startSentinel(int port, Path conf) {
    List<String> cmd = List.of(binary(), conf.toString(), "--sentinel", "--port", String.valueOf(port),
        "--bind", "127.0.0.1", "--protected-mode", "no", "--daemonize", "no", "--loglevel", "notice");
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Process p = launch(cmd, log, "Sentinel ID is", "sentinel on port " + port, () -> { });
    return new RedisServerProcess(p, port, conf.getParent(), log, new String[0]);
  }

  /** Kills the server at once (SIGKILL), as a crash would; its directory (and any AOF in it) stays. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A new server on the same port and directory, with the same arguments: it reloads what it had persisted. */
  public RedisServerProcess restart() {
    return tryStart(binary(), port, dir, extraArgs);
  }

  public int port() {
    return port;
  }

  public String host() {
    return "127.0.0.1";
  }

  /** {@code redis://127.0.0.1:<port>} */
  public String url() {
    return "redis://" + host() + ":" + port;
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** The server's log so far (stdout and stderr). */
  public List<String> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** Runs one command and returns its reply as text (simple/bulk string, integer, or "nil"); errors throw. */
  public String command(String... args) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host(), port), 5_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      String password = option("--requirepass");
      if (password != null) {
        // a server started with a password: authenticate first, on the same connection
        out.write(encode("AUTH", password));
        readReply(s.getInputStream());
      }
      out.write(encode(args));
      out.flush();
      return readReply(s.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("redis " + (args.length > 0 ? args[0] : "") + " on port " + port + " failed", e);
    }
  }

  /** The value after {@code name} among the extra arguments, or {@code null}. */
  String option(String name) {
    for (int i = 0; i + 1 < extraArgs.length; i++) {
      if (extraArgs[i].equals(name)) {
        return extraArgs[i + 1];
      }
    }
    return null;
  }

  private static byte[] encode(String... args) {
    StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      byte[] b = a.getBytes(StandardCharsets.UTF_8);
      req.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
    }
    return req.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered, as in a long GC or a hung host. */
  public void pause() {
    signal("STOP");
  }

  /** Lets a {@link #pause paused} server run again (SIGCONT). */
  public void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String ping() {
    return command("PING");
  }

  /** Empties every database (call between tests). */
  public void flushAll() {
    command("FLUSHALL");
  }

  /** Stops the server (SIGTERM, then SIGKILL if it does not exit) and deletes its directory. Idempotent. */
  public void stop() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook runs anyway
    }
    deleteQuietly(dir);
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "RedisServerProcess[" + url() + (isRunning() ? "" : ", stopped") + "]";
  }

  /** @param existingDir the directory of an earlier server to reuse, or {@code null} for a new one */
  private static RedisServerProcess tryStart(String binary, int port, Path existingDir, String... extraArgs) {
    Path dir;
    try {
      dir = existingDir != null ? existingDir : Files.createTempDirectory("roomgate-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd = new ArrayList<>(List.of(binary,
        "--port", String.valueOf(port),
        "--bind", "127.0.0.1",
        "--protected-mode", "no",
        "--daemonize", "no",
        "--save", "",
        "--appendonly", "no",
        "--dir", dir.toString(),
        "--loglevel", "notice"));
    cmd.addAll(List.of(extraArgs));
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Process p = launch(cmd, log, "Ready to accept connections", "redis-server on port " + port,
        () -> deleteQuietly(dir));
    RedisServerProcess server = new RedisServerProcess(p, port, dir, log, extraArgs);
    String pong = server.ping();
    if (!"PONG".equals(pong)) {
      server.stop();
      throw new IllegalStateException("redis-server on port " + port + " answered PING with " + pong);
    }
    return server;
  }

  /**
   * Runs {@code cmd} and waits until its output shows {@code readyLine}; on failure kills it, runs {@code cleanUp}
   * and throws with the output so far. The output keeps being drained into {@code log} (so the pipe never fills).
   */
  private static Process launch(List<String> cmd, List<String> log, String readyLine, String what, Runnable cleanUp) {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      cleanUp.run();
      throw new UncheckedIOException("cannot run " + cmd.get(0), e);
    }
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> pump(p.getInputStream(), log, ready, readyLine), what + " log");
    reader.setDaemon(true);
    reader.start();
    try {
      ready.get(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return p;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      cleanUp.run();
      throw new IllegalStateException("interrupted while starting " + what, e);
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      cleanUp.run();
      throw new IllegalStateException(what + " did not start:\n" + String.join("\n", log), e);
    }
  }

  /** Drains the server's output into {@code log} and signals readiness when {@code readyLine} shows. */
  private static void pump(InputStream in, List<String> log, CompletableFuture<Void> ready, String readyLine) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        log.add(line);
        if (line.contains(readyLine)) {
          ready.complete(null);
        }
      }
    } catch (IOException ignored) {
      // process gone
    }
    ready.completeExceptionally(new IllegalStateException("redis-server exited"));
  }

  private static String readReply(InputStream in) throws IOException {
    String line = readLine(in);
    char type = line.charAt(0);
    String rest = line.substring(1);
    switch (type) {
      case '+', ':':
        return rest;
      case '-':
        throw new IllegalStateException("redis error: " + rest);
      case '$': {
        int len = Integer.parseInt(rest);
        if (len < 0) {
          return "nil";
        }
        byte[] b = in.readNBytes(len + 2);
        return new String(b, 0, len, StandardCharsets.UTF_8);
      }
      case '*': {
        int n = Integer.parseInt(rest);
        List<String> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          items.add(readReply(in));
        }
        return items.toString();
      }
      default:
        throw new IllegalStateException("unexpected redis reply: " + line);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read(); // '\n'
        return sb.toString();
      }
      sb.append((char) c);
    }
    throw new IOException("connection closed by redis-server");
  }


  static String binary() {
    String b = resolvedBinary;
    if (b == null) {
      b = resolveBinary();
      resolvedBinary = b;
    }
    return b;
  }

  private static String resolveBinary() {
    String configured = System.getProperty("roomgate.test.redis-server", System.getenv("ROOMGATE_TEST_REDIS_SERVER"));
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        if (d.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(d, "redis-server");
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    try {
      File f = redis.embedded.core.ExecutableProvider.newJarResourceProvider().get();
      f.setExecutable(true);
      return f.getAbsolutePath();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("no redis-server on PATH and the embedded-redis binary is unavailable", e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // best effort
    }
  }
}
