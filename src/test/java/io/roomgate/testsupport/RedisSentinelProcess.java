package io.roomgate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * A real Sentinel set-up for tests: one master and two replicas ({@code redis-server}, with a password when given),
 * watched by three sentinels ({@code redis-server <file> --sentinel}, quorum 2) under {@link #MASTER_NAME}.
 * {@link #start} returns once the replicas are in sync and every sentinel knows the master, both replicas and the
 * other sentinels (so a failover can be agreed on at once).
 *
 * <p>Timing for a busy machine: a master is down for the sentinels after {@value #DOWN_AFTER_MS} ms without an
 * answer. Every method blocks: call it from the test thread.
 */
public final class RedisSentinelProcess implements AutoCloseable {
  public static final String MASTER_NAME = "roomgate";
  public static final long DOWN_AFTER_MS = 1_000;
  private static final long READY_TIMEOUT_MS = 60_000;

  private final List<RedisServerProcess> servers;
  private final List<RedisServerProcess> sentinels;
  private final String password;

  private RedisSentinelProcess(List<RedisServerProcess> servers, List<RedisServerProcess> sentinels, String password) {
    this.servers = servers;
    this.sentinels = sentinels;
    this.password = password;
  }

  /** @param password {@code requirepass}/{@code masterauth} of the data nodes (the sentinels have none), or null */
  public static RedisSentinelProcess start(String password) {
    List<String> auth = password == null ? List.of() : List.of("--requirepass", password, "--masterauth", password);
    List<RedisServerProcess> servers = new ArrayList<>();
    List<RedisServerProcess> sentinels = new ArrayList<>();
    RedisSentinelProcess setup = new RedisSentinelProcess(servers, sentinels, password);
    try {
      RedisServerProcess master = RedisServerProcess.start(auth.toArray(String[]::new));
      servers.add(master);
      List<CompletableFuture<RedisServerProcess>> replicas = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        List<String> args = new ArrayList<>(auth);
        args.addAll(List.of("--replicaof", master.host(), String.valueOf(master.port())));
        replicas.add(CompletableFuture.supplyAsync(() -> RedisServerProcess.start(args.toArray(String[]::new))));
      }
      List<CompletableFuture<RedisServerProcess>> watching = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        watching.add(CompletableFuture.supplyAsync(() -> startSentinel(master, password)));
      }
      replicas.forEach(f -> servers.add(f.join()));
      watching.forEach(f -> sentinels.add(f.join()));
      setup.awaitHealthy(READY_TIMEOUT_MS);
      return setup;
    } catch (RuntimeException e) {
      setup.close();
      throw e;
    }
  }

  private static RedisServerProcess startSentinel(RedisServerProcess master, String password) {
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        Path conf = Files.createTempDirectory("roomgate-sentinel-").resolve("sentinel.conf");
        Files.writeString(conf, String.join("\n",
            "sentinel monitor " + MASTER_NAME + " " + master.host() + " " + master.port() + " 2",
            "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MS,
            "sentinel failover-timeout " + MASTER_NAME + " 10000",
            "sentinel parallel-syncs " + MASTER_NAME + " 2",
            password == null ? "" : "sentinel auth-pass " + MASTER_NAME + " " + password,
            ""));
        return RedisServerProcess.startSentinel(FreePorts.next(), conf);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (IllegalStateException e) {
        failure = e;
      }
    }
    throw failure;
  }

  /** Waits until the sentinels agree on a master that has two replicas in sync and know each other. */
  public void awaitHealthy(long timeoutMs) {
    Eventually.awaitState("the sentinel set-up is healthy", this::healthy, timeoutMs,
        () -> sentinels.get(0).command("SENTINEL", "MASTER", MASTER_NAME));
  }

  private boolean healthy() {
    RedisServerProcess master = master();
    if (!master.isRunning() || !master.command("INFO", "replication").contains("role:master")) {
      return false;
    }
    if (running().stream().filter(s -> s != master)
        .anyMatch(s -> !s.command("INFO", "replication").contains("master_link_status:up"))) {
      return false;
    }
    for (RedisServerProcess s : sentinels) {
      String info = s.command("SENTINEL", "MASTER", MASTER_NAME);
      if (!info.contains(", " + master.port() + ",") || !field(info, "num-slaves").equals(String.valueOf(running().size() - 1))
          || !field(info, "num-other-sentinels").equals("2") || field(info, "flags").contains("down")) {
        return false;
      }
    }
    return true;
  }

  /** A value of the flat [name, value, ...] list {@link RedisServerProcess#command} prints for SENTINEL MASTER. */
  private static String field(String list, String name) {
    String[] items = list.substring(1, list.length() - 1).split(", ");
    for (int i = 0; i + 1 < items.length; i++) {
      if (items[i].equals(name)) {
        return items[i + 1];
      }
    }
    return "";
  }

  /** The current master, as the first sentinel that answers names it. */
  public RedisServerProcess master() {
    for (RedisServerProcess s : sentinels) {
      if (!s.isRunning()) {
        continue;
      }
      String addr = s.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
      int port = Integer.parseInt(addr.substring(1, addr.length() - 1).split(", ")[1]);
      return servers.stream().filter(r -> r.port() == port).findFirst().orElseThrow();
    }
    throw new IllegalStateException("no sentinel running");
  }

  /** {@code SENTINEL FAILOVER}: a replica is promoted without the sentinels' agreement that the master is down. */
  public void failover() {
    sentinels.get(0).command("SENTINEL", "FAILOVER", MASTER_NAME);
  }

  /**
   * Replicas the sentinels promoted so far ({@code +promoted-slave} in their logs). More than one for one lost master
   * means two sentinels' failovers raced (a starved machine): the replica promoted first is demoted again and,
   * replication being asynchronous, what it acknowledged meanwhile is discarded when it re-syncs.
   */
  public long promotions() {
    return sentinels.stream().mapToLong(s -> s.log().stream().filter(l -> l.contains("+promoted-slave")).count()).sum();
  }

  public List<RedisServerProcess> running() {
    return servers.stream().filter(RedisServerProcess::isRunning).toList();
  }

  /** The {@code redis:} section's flow mapping for {@link TestConfigs#gateway}. */
  public String yaml() {
    return "{type: sentinel, master_name: " + MASTER_NAME + ", urls: ["
        + sentinels.stream().map(s -> "\"" + s.url() + "\"").collect(Collectors.joining(", ")) + "]"
        + (password == null ? "" : ", password: \"" + password + "\"") + "}";
  }

  @Override
  public void close() {
    sentinels.parallelStream().forEach(RedisServerProcess::close);
    servers.parallelStream().forEach(RedisServerProcess::close);
  }

}
