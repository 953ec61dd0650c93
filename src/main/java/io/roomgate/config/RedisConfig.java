package io.roomgate.config;

import java.util.List;
import java.util.Objects;

/**
 * {@code redis:} — optional; without it room state and rate limits live in process.
 *
 * @param type       {@code redis.type}: one server, a Redis Cluster, or a master found through Sentinel
 * @param urls       {@code redis.url} (standalone: one element), the cluster's seed nodes or the sentinels
 *                   ({@code redis.urls}); all {@code redis://} or all {@code rediss://} (TLS)
 * @param masterName {@code redis.master_name}: the master the sentinels watch (sentinel only, else {@code null})
 * @param user       {@code redis.user}: ACL user, or {@code null} for {@code default}
 * @param password   {@code redis.password}, or {@code null} (credentials may instead be in the URL)
 * @param poolSize   connections in the pool ({@code redis.pool_size}, default 32: a request in flight holds one, and
 *                   8 halved the Redis hot path's throughput under 64 concurrent clients); per node on a cluster
 * @param maxWaiting requests that may queue for a connection before failing fast ({@code redis.max_waiting}, default 1024)
 * @param timeoutMs  deadline on every Redis command ({@code redis.timeout_ms}, default 250)
 * @param readCacheMs how long an active room's record and participants read from Redis may be served again from
 *                   this node's memory ({@code redis.read_cache_ms}, default 1000; 0 = always read Redis). Every
 *                   write is announced to all instances, which drop their copy; this bounds how long a copy can
 *                   outlive an announcement that was lost
 */
public record RedisConfig(Type type, List<String> urls, String masterName, String user, String password,
                          int poolSize, int maxWaiting, long timeoutMs, long readCacheMs) {

  /** {@code redis.type}. */
  public enum Type {
    STANDALONE, CLUSTER, SENTINEL;

    /** The configuration value, e.g. {@code cluster}. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Checks every invariant; each error names its key under {@code redis}. */
  public RedisConfig {
    Objects.requireNonNull(type, "type");
    urls = List.copyOf(urls);
    if (type == Type.STANDALONE) {
      InvalidConfigValue.check(urls.size() == 1, "url", "is required (one server)");
    } else {
      InvalidConfigValue.check(!urls.isEmpty(), "urls", "at least one URL is required with type " + type.key());
    }
    if (type == Type.SENTINEL) {
      InvalidConfigValue.check(masterName != null && !masterName.isBlank(), "master_name",
          "is required with type sentinel (the name the sentinels monitor)");
    } else {
      InvalidConfigValue.check(masterName == null, "master_name", "is for type sentinel only");
    }
    InvalidConfigValue.check(user == null || password != null, "user",
        "needs redis.password (an ACL user always authenticates with one)");
    InvalidConfigValue.checkAtLeast(poolSize, 1, "pool_size");
    InvalidConfigValue.checkAtLeast(maxWaiting, 1, "max_waiting");
    InvalidConfigValue.checkAtLeast(timeoutMs, 1, "timeout_ms");
    InvalidConfigValue.checkAtLeast(readCacheMs, 0, "read_cache_ms");
    // the cluster client refuses such a pool at the first command: say so at startup, by key
    InvalidConfigValue.check(type != Type.CLUSTER || maxWaiting >= poolSize, "max_waiting",
        "must be at least redis.pool_size (" + poolSize + ") with type cluster");
  }

  /** The first URL: the standalone server's, or the first seed node or sentinel. */
  public String url() {
    return urls.isEmpty() ? null : urls.get(0);
  }

  /** Never prints the password (configurations end up in logs and test reports). */
  @Override
  public String toString() {
    return "RedisConfig[type=" + type.key() + ", urls=" + urls.stream().map(RedisConfig::redact).toList()
        + (masterName == null ? "" : ", masterName=" + masterName) + (user == null ? "" : ", user=" + user)
        + (password == null ? "" : ", password=***") + ", poolSize=" + poolSize + ", maxWaiting=" + maxWaiting
        + ", timeoutMs=" + timeoutMs + ", readCacheMs=" + readCacheMs + "]";
  }

  /** {@code redis://user:secret@host} → {@code redis://user:***@host}. */
  static String redact(String url) {
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return url;
    }
    String userInfo = url.substring(scheme + 3, at);
    int colon = userInfo.indexOf(':');
    return url.substring(0, scheme + 3) + (colon < 0 ? "***" : userInfo.substring(0, colon) + ":***") + url.substring(at);
  }

  public static final int DEFAULT_POOL_SIZE = 32;
  public static final int DEFAULT_MAX_WAITING = 1024;
  public static final long DEFAULT_TIMEOUT_MS = 250;
  public static final long DEFAULT_READ_CACHE_MS = 1_000;
}
