package io.roomgate.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * The one in-process cache of the gateway: at most {@code maxEntries} entries, optionally each for a limited time,
 * on a time source the caller passes in. A thin wrapper over Caffeine, so that every cache evicts the same
 * well-tested way (W-TinyLFU: a full cache drops the entries least likely to be used again, in O(1)) instead of
 * each class sweeping its own map.
 *
 * <p>Nothing here blocks an event loop: reads are a lock-free map lookup plus a lossy, lock-free note of the read;
 * writes and the upkeep they trigger (evicting, expiring) run on the calling thread ({@code executor(Runnable::run)}),
 * never on a shared pool, and take Caffeine's upkeep lock only briefly. The bound is kept after each write; between
 * two writes on different threads the count can be over by a few for a moment.
 *
 * <p>Expiry ({@link Builder#expireAfterWrite}, {@link Builder#expireAt}) reads time only from the {@code nanoTime}
 * the caller gives, so tests drive it with a fake clock. An expired entry is never answered, even before the upkeep
 * has dropped it. A cache that must <em>not</em> forget a live entry when full (a nonce store, a "refuse when full"
 * rule) is not a cache: it keeps its own bounded map and says so.
 *
 * @param <K> keys, compared with {@code equals}
 * @param <V> values, never {@code null}
 */
public final class BoundedCache<K, V> {
  private final Cache<K, V> cache;
  private final ConcurrentMap<K, V> map;

  private BoundedCache(Cache<K, V> cache) {
    this.cache = cache;
    this.map = cache.asMap();
  }

  /** A cache of at most {@code maxEntries} entries (at least 1); see {@link Builder} for expiry. */
  public static <K, V> Builder<K, V> builder(long maxEntries) {
    return new Builder<>(maxEntries);
  }

  /** The value of {@code key}, or {@code null} if absent or expired. */
  public V get(K key) {
    return cache.getIfPresent(key);
  }

  public void put(K key, V value) {
    cache.put(key, value);
  }

  /** Stores {@code value} unless {@code key} has a live entry; returns that entry's value, or {@code null}. */
  public V putIfAbsent(K key, V value) {
    return map.putIfAbsent(key, value);
  }

  /** Compare-and-set: replaces {@code key}'s value only if it is still {@code expected}. */
  public boolean replace(K key, V expected, V value) {
    return map.replace(key, expected, value);
  }

  public void remove(K key) {
    cache.invalidate(key);
  }

  /** Removes {@code key} only if its value is still {@code expected}. */
  public boolean remove(K key, V expected) {
    return map.remove(key, expected);
  }

  /** Drops every entry. */
  public void clear() {
    cache.invalidateAll();
  }

  /** Entries held now (for metrics and tests): may still count expired ones the upkeep has not dropped yet. */
  public long size() {
    return cache.estimatedSize();
  }

  /** Runs the pending upkeep now (for tests that check the bound or expiry exactly). */
  public void cleanUp() {
    cache.cleanUp();
  }

  /**
   * How a {@link BoundedCache} is made: a bound, and at most one kind of expiry. Without one, entries stay until
   * evicted or removed.
   */
  public static final class Builder<K, V> {
    private final Caffeine<Object, Object> caffeine;
    private boolean expires;

    private Builder(long maxEntries) {
      if (maxEntries < 1) {
        throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
      }
      // upkeep on the caller's thread: deterministic, and never on ForkJoinPool.commonPool() (Caffeine's default)
      this.caffeine = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run);
    }

    /** Each entry lives {@code ttlNanos} (at least 1) after its last write, on {@code nanoTime}'s clock. */
    public Builder<K, V> expireAfterWrite(long ttlNanos, LongSupplier nanoTime) {
      if (ttlNanos < 1) {
        throw new IllegalArgumentException("ttlNanos must be at least 1, was " + ttlNanos);
      }
      ticker(nanoTime);
      caffeine.expireAfterWrite(java.time.Duration.ofNanos(ttlNanos));
      return this;
    }

    /**
     * Each entry lives until the deadline its value names, in {@code nanoTime}'s units and clock (for values that
     * carry their own expiry, e.g. a token's). A deadline already past means the entry is not kept.
     */
    public Builder<K, V> expireAt(ToLongFunction<? super V> deadlineNanos, LongSupplier nanoTime) {
      Objects.requireNonNull(deadlineNanos, "deadlineNanos");
      ticker(nanoTime);
      caffeine.expireAfter(new Expiry<Object, Object>() {
        @SuppressWarnings("unchecked")
        private long left(Object value, long now) {
          return Math.max(0, ((ToLongFunction<Object>) deadlineNanos).applyAsLong(value) - now);
        }

        @Override
        public long expireAfterCreate(Object key, Object value, long now) {
          return left(value, now);
        }

        @Override
        public long expireAfterUpdate(Object key, Object value, long now, long currentDuration) {
          return left(value, now);
        }

        @Override
        public long expireAfterRead(Object key, Object value, long now, long currentDuration) {
          return currentDuration;
        }
      });
      return this;
    }

    private void ticker(LongSupplier nanoTime) {
      Objects.requireNonNull(nanoTime, "nanoTime");
      if (expires) {
        throw new IllegalStateException("one kind of expiry per cache");
      }
      expires = true;
      caffeine.ticker(nanoTime::getAsLong);
    }

    public BoundedCache<K, V> build() {
      return new BoundedCache<>(caffeine.<K, V>build());
    }
  }
}
