package io.roomgate.testsupport;

import io.roomgate.config.RedisConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real 3-master / 3-replica Redis Cluster for tests: six {@code redis-server --cluster-enabled yes} processes on
 * free ports, joined by {@code redis-cli --cluster create ... --cluster-replicas 1 --cluster-yes}.
 * {@link #start} returns once every node reports {@code cluster_state:ok} and sees three replicas (they attach a
 * moment after {@code cluster create} returns).
 *
 * <p>Timing for a busy 2-core machine: {@code cluster-node-timeout} is {@value #NODE_TIMEOUT_MS} ms (a killed
 * master is replaced within a few seconds, and a slow test JVM does not cause spurious failovers), and
 * {@code cluster-replica-validity-factor 0} lets any replica take over whatever its last contact was.
 *
 * <p>Like {@link RedisServerProcess#command}, every method here blocks: call it from the test thread.
 */
public final class RedisClusterProcess implements AutoCloseable {
  public static final long NODE_TIMEOUT_MS = 2_000;
  private static final long READY_TIMEOUT_MS = 60_000;
  private static final int NODES = 6;

  private static RedisClusterProcess shared;

  private final List<RedisServerProcess> nodes;
  private final String password;

  /**
   * One cluster for every test in this JVM that does not break it (the contract tests' third backend), started on
   * first use and stopped when the JVM exits; callers {@link #flushAll} before use. Tests that kill or fail over
   * nodes start their own.
   */
  public static synchronized RedisClusterProcess shared() {
    if (shared == null) {
      RedisClusterProcess c = start();
      Runtime.getRuntime().addShutdownHook(new Thread(c::close, "redis-cluster-reaper"));
      shared = c;
    }
    return shared;
  }

  private RedisClusterProcess(List<RedisServerProcess> nodes, String password) {
    this.nodes = nodes;
    this.password = password;
  }

  /** A cluster without a password. */
  public static RedisClusterProcess start() {
    return start(null);
  }

  /** @param password {@code requirepass} and {@code masterauth} of every node, or {@code null} */
  public static RedisClusterProcess start(String password) {
    List<CompletableFuture<RedisServerProcess>> starting = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      // in parallel: each start waits for its server's "Ready to accept connections"
      starting.add(CompletableFuture.supplyAsync(() -> startNode(password)));
    }
    List<RedisServerProcess> nodes = new ArrayList<>();
    RuntimeException failure = null;
    for (CompletableFuture<RedisServerProcess> f : starting) {
      try {
        nodes.add(f.join());
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    RedisClusterProcess cluster = new RedisClusterProcess(nodes, password);
    if (failure != null) {
      cluster.close();
      throw failure;
    }
    try {
      cluster.create();
      cluster.awaitHealthy(READY_TIMEOUT_MS);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private static RedisServerProcess startNode(String password) {
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = FreePorts.next();
      int busPort = FreePorts.next();
      List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes",
          "--cluster-port", String.valueOf(busPort),
          "--cluster-node-timeout", String.valueOf(NODE_TIMEOUT_MS),
          "--cluster-replica-validity-factor", "0",
          "--cluster-config-file", "nodes-" + port + ".conf"));
      if (password != null) {
        args.addAll(List.of("--requirepass", password, "--masterauth", password));
      }
      try {
        return RedisServerProcess.startOn(port, args.toArray(String[]::new));
      } catch (IllegalStateException e) {
        failure = e; // a port taken between the probe and the bind: try others
      }
    }
    throw failure;
  }

  private void create() {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    nodes.forEach(n -> cmd.add(n.host() + ":" + n.port()));
    cmd.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
    if (password != null) {
      cmd.addAll(List.of("-a", password, "--no-auth-warning"));
    }
    run(cmd, 60);
  }

  static String run(List<String> cmd, long timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
        try {
          return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(cmd.get(0) + " " + cmd.get(1) + " did not finish in " + timeoutSeconds + " s");
      }
      String text = out.get(10, TimeUnit.SECONDS);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(cmd.get(0) + " " + cmd.get(1) + " failed (" + p.exitValue() + "):\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until every running node says {@code cluster_state:ok} and sees three masters with slots, each with a
   * connected replica among the running nodes (so a following kill or failover has somewhere to go).
   */
  public void awaitHealthy(long timeoutMs) {
    Eventually.awaitState("the cluster is healthy", this::healthy, timeoutMs,
        () -> running().get(0).command("CLUSTER", "NODES"));
  }

  private boolean healthy() {
    for (RedisServerProcess n : running()) {
      if (!n.command("CLUSTER", "INFO").contains("cluster_state:ok")) {
        return false;
      }
    }
    List<Node> view = nodes(running().get(0));
    List<Node> masters = view.stream().filter(n -> n.master() && n.hasSlots() && n.connected()).toList();
    if (masters.size() != 3) {
      return false;
    }
    for (Node m : masters) {
      boolean replica = view.stream().anyMatch(n -> !n.master() && n.masterId().equals(m.id()) && n.connected()
          && isRunning(n.port()));
      if (!replica) {
        return false;
      }
    }
    // replicas report their link up (they may still be loading the master's data otherwise)
    for (RedisServerProcess n : running()) {
      String info = n.command("INFO", "replication");
      if (info.contains("role:slave") && !info.contains("master_link_status:up")) {
        return false;
      }
    }
    return true;
  }

  /** One line of {@code CLUSTER NODES}. */
  public record Node(String id, int port, String flags, String masterId, String linkState, boolean hasSlots) {
    public boolean master() {
      return flags.contains("master") && !flags.contains("fail");
    }

    boolean connected() {
      return "connected".equals(linkState) && !flags.contains("fail");
    }
  }

  /** {@code CLUSTER NODES} as {@code server} sees it. */
  public static List<Node> nodes(RedisServerProcess server) {
    List<Node> out = new ArrayList<>();
    for (String line : server.command("CLUSTER", "NODES").split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length < 8) {
        continue;
      }
      String addr = f[1];
      int port = Integer.parseInt(addr.substring(addr.indexOf(':') + 1, addr.indexOf('@')));
      out.add(new Node(f[0], port, f[2], f[3], f[7], f.length > 8));
    }
    return out;
  }

  private boolean isRunning(int port) {
    return running().stream().anyMatch(n -> n.port() == port);
  }

  /** The nodes still running (all six unless one was killed). */
  public List<RedisServerProcess> running() {
    return nodes.stream().filter(RedisServerProcess::isRunning).toList();
  }

  /** The process of the master that serves {@code key}'s slot now. */
  public RedisServerProcess masterOf(String key) {
    RedisServerProcess any = running().get(0);
    String slot = any.command("CLUSTER", "KEYSLOT", key);
    for (String entry : slotsOwners(any)) {
      String[] f = entry.split(" ");
      if (Long.parseLong(f[0]) <= Long.parseLong(slot) && Long.parseLong(slot) <= Long.parseLong(f[1])) {
        return byPort(Integer.parseInt(f[2]));
      }
    }
    throw new IllegalStateException("no master serves slot " + slot);
  }

  /** A replica of {@code master} that is running. */
  public RedisServerProcess replicaOf(RedisServerProcess master) {
    List<Node> view = nodes(master);
    String id = view.stream().filter(n -> n.port() == master.port()).findFirst().orElseThrow().id();
    return view.stream().filter(n -> id.equals(n.masterId()) && isRunning(n.port())).findFirst()
        .map(n -> byPort(n.port())).orElseThrow(() -> new IllegalStateException("no replica of " + master));
  }

  /** The masters that serve slots now. */
  public List<RedisServerProcess> masters() {
    return nodes(running().get(0)).stream().filter(n -> n.master() && n.hasSlots() && isRunning(n.port()))
        .map(n -> byPort(n.port())).toList();
  }

  /** "start end port" per slot range, from the nodes' own view ({@code CLUSTER NODES}). */
  private static List<String> slotsOwners(RedisServerProcess server) {
    List<String> out = new ArrayList<>();
    for (String line : server.command("CLUSTER", "NODES").split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
        continue;
      }
      String addr = f[1];
      String port = addr.substring(addr.indexOf(':') + 1, addr.indexOf('@'));
      for (int i = 8; i < f.length; i++) {
        if (f[i].startsWith("[")) {
          continue; // a slot being migrated
        }
        String[] range = f[i].split("-");
        out.add(range[0] + " " + (range.length > 1 ? range[1] : range[0]) + " " + port);
      }
    }
    return out;
  }

  private RedisServerProcess byPort(int port) {
    return nodes.stream().filter(n -> n.port() == port).findFirst()
        .orElseThrow(() -> new IllegalStateException("no node on port " + port));
  }

  /** {@code CLUSTER FAILOVER} on a replica of {@code master}: a switch without data loss; returns the new master. */
  public RedisServerProcess failover(RedisServerProcess master) {
    RedisServerProcess replica = replicaOf(master);
    replica.command("CLUSTER", "FAILOVER");
    return replica;
  }

  /** Seed URLs: every node, as {@code redis.urls} takes them. */
  public List<String> urls() {
    return nodes.stream().map(RedisServerProcess::url).toList();
  }

  /** The {@code redis:} section's flow mapping, e.g. for {@link TestConfigs#gateway}. */
  public String yaml() {
    return "{type: cluster, urls: [" + urls().stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(", "))
        + "]" + (password == null ? "" : ", password: \"" + password + "\"") + "}";
  }

  /** A configuration of this cluster for the stores' own tests. */
  public RedisConfig config(int poolSize, int maxWaiting, long timeoutMs) {
    return new RedisConfig(RedisConfig.Type.CLUSTER, urls(), null, null, password, poolSize,
        Math.max(poolSize, maxWaiting), timeoutMs, 0);
  }

  /** Empties every master (replicas follow). */
  public void flushAll() {
    masters().forEach(RedisServerProcess::flushAll);
  }

  /** How many keys the masters hold in all. */
  public long keys() {
    return masters().stream().mapToLong(m -> Long.parseLong(m.command("DBSIZE").trim())).sum();
  }

  @Override
  public void close() {
    nodes.parallelStream().forEach(RedisServerProcess::close);
  }

  @Override
  public String toString() {
    return "RedisClusterProcess" + urls();
  }

}
