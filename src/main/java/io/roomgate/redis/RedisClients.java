package io.roomgate.redis;

import io.roomgate.config.RedisConfig;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

import java.util.Objects;

/**
 * Builds the one pooled Redis client of a gateway process; the room store and the distributed rate limiter
 * share it. Commands go through {@link Redis#send}, which borrows a pooled connection per command.
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

  public static Redis create(Vertx vertx, RedisConfig config) {
    return Redis.createClient(vertx, options(config));
  }

  /** The client options {@link #create} uses (exposed for tests and for callers that add to them). */
  public static RedisOptions options(RedisConfig config) {
    Objects.requireNonNull(config, "redis config");
    if (config.url() == null || config.url().isBlank()) {
      throw new IllegalArgumentException("redis.url must be set to create a Redis client");
    }
    int poolSize = config.poolSize() > 0 ? config.poolSize() : RedisConfig.DEFAULT_POOL_SIZE;
    int maxWaiting = config.maxWaiting() > 0 ? config.maxWaiting() : RedisConfig.DEFAULT_MAX_WAITING;
    long timeoutMs = config.timeoutMs() > 0 ? config.timeoutMs() : RedisConfig.DEFAULT_TIMEOUT_MS;
    RedisOptions options = new RedisOptions()
        .setConnectionString(config.url())
        .setMaxPoolSize(poolSize)
        .setMaxPoolWaiting(maxWaiting)
        // a fixed name, so that the pool's metrics (vertx_pool_*{pool_type="redis"}) keep their series across restarts
        .setPoolName(POOL_NAME)
        .setMetricsName(POOL_NAME);
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
