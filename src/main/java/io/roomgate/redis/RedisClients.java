package io.roomgate.redis;

import io.roomgate.config.RedisConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisCluster;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;

import java.util.List;
import java.util.Objects;

/**
 * Builds the one pooled Redis client of a gateway process; the room store and the distributed rate limiter
 * share it. Commands go through {@link Redis#send}, which borrows a pooled connection per command. One server, a
 * Redis Cluster or a Sentinel-watched master ({@code redis.type}); every command goes to a master.
 */
public final class RedisClients {

  /** Lower bound of the TCP connect timeout, whatever the command deadline. */
  static final int MIN_CONNECT_TIMEOUT_MS = 1_000;
  /** Upper bound of the TCP connect timeout. */
  static final int MAX_CONNECT_TIMEOUT_MS = 10_000;

  /** The {@code pool_name} / {@code client_namespace} label of the Redis client's metrics. */
  public static final String POOL_NAME = "roomgate";

  private RedisClients() {
  }

  /**
   * Sends a command that has no key to every master of a Cluster (e.g. {@code SCRIPT LOAD}, which the cluster
   * client would otherwise send to one random node, replicas included), or once to a standalone or Sentinel master.
   */
  public static Future<List<Response>> onEveryMaster(Redis redis, Request request) {
    RedisCluster cluster;
    try {
      cluster = RedisCluster.create(redis);
    } catch (IllegalArgumentException notACluster) {
      return redis.send(request).map(r -> java.util.Collections.singletonList(r));
    }
    return cluster.onAllMasterNodes(request);
  }

  public static Redis create(Vertx vertx, RedisConfig config) {
    return Redis.createClient(vertx, options(config));
  }

  /** The client options {@link #create} uses (exposed for tests and for callers that add to them). */
  public static RedisOptions options(RedisConfig config) {
    Objects.requireNonNull(config, "redis config");
    if (config.urls().isEmpty()) {
      throw new IllegalArgumentException("redis.url or redis.urls must be set to create a Redis client");
    }
    // RedisConfig checks these itself (each at least 1), so they are taken as they are
    int poolSize = config.poolSize();
    int maxWaiting = config.maxWaiting();
    long timeoutMs = config.timeoutMs();
    RedisOptions options = new RedisOptions()
        .setType(switch (config.type()) {
          case STANDALONE -> RedisClientType.STANDALONE;
          case CLUSTER -> RedisClientType.CLUSTER;   // slot map from CLUSTER SLOTS; MOVED/ASK followed
          case SENTINEL -> RedisClientType.SENTINEL; // the master the sentinels name, looked up again on failover
        })
        // Never replicas: the client routes XREADGROUP as a read-only command (vertx-redis-client #440), so with
        // replica reads the webhook stream's consumer group would be read, and fail, on a replica; and every read
        // here must see the write before it (a room created through one gateway is read through another at once).
        .setUseReplicas(RedisReplicas.NEVER)
        .setMaxPoolSize(poolSize)
        .setMaxPoolWaiting(maxWaiting)
        // a fixed name, so that the pool's metrics (vertx_pool_*{pool_type="redis"}) keep their series across restarts
        .setPoolName(POOL_NAME)
        .setMetricsName(POOL_NAME);
    config.urls().forEach(options::addConnectionString);
    if (config.type() == RedisConfig.Type.SENTINEL) {
      options.setMasterName(config.masterName()).setRole(RedisRole.MASTER);
    }
    if (config.password() != null) {
      // every node, master and sentinel gets these (HELLO ... AUTH); a URL's own credentials win for that URL
      options.setPassword(config.password());
      if (config.user() != null) {
        options.setUser(config.user());
      }
    }
    // A connect attempt may outlive one command's deadline (the command fails on time regardless), but not
    // by much: a dead Redis must not hold pool slots for the OS default of minutes.
    int connectTimeout = (int) Math.max(MIN_CONNECT_TIMEOUT_MS, Math.min(MAX_CONNECT_TIMEOUT_MS, timeoutMs * 4));
    options.getNetClientOptions()
        .setConnectTimeout(connectTimeout)
        .setTcpNoDelay(true)
        .setTcpKeepAlive(true);
    return options;
  }
}
