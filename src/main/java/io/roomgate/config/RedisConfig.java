package io.roomgate.config;

/**
 * {@code redis:} — optional; without it room state and rate limits live in process.
 *
 * @param url        e.g. {@code redis://127.0.0.1:6379}
 * @param poolSize   connections in the pool ({@code redis.pool_size}, default 32: a request in flight holds one, and
 *                   8 halved the Redis hot path's throughput under 64 concurrent clients)
 * @param maxWaiting requests that may queue for a connection before failing fast ({@code redis.max_waiting}, default 1024)
 * @param timeoutMs  deadline on every Redis command ({@code redis.timeout_ms}, default 250)
 * @param readCacheMs how long an active room's record and participants read from Redis may be served again from
 *                   this node's memory ({@code redis.read_cache_ms}, default 1000; 0 = always read Redis). Every
 *                   write is announced to all instances, which drop their copy; this bounds how long a copy can
 *                   outlive an announcement that was lost
 */
public record RedisConfig(String url, int poolSize, int maxWaiting, long timeoutMs, long readCacheMs) {

  /** Without a read cache (tests of the stores themselves). */
  public RedisConfig(String url, int poolSize, int maxWaiting, long timeoutMs) {
    this(url, poolSize, maxWaiting, timeoutMs, 0);
  }

  public static final int DEFAULT_POOL_SIZE = 32;
  public static final int DEFAULT_MAX_WAITING = 1024;
  public static final long DEFAULT_TIMEOUT_MS = 250;
  public static final long DEFAULT_READ_CACHE_MS = 1_000;
}
