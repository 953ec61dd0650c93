package io.roomgate.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A node-local, time-bounded copy of values read from Redis, so that hot reads skip a round trip. Entries live
 * {@code ttlNanos}; local writes evict their key at once, writes by other gateway instances are seen after at most
 * the TTL. Bounded: past {@code maxEntries} the cache starts over. Lock-free.
 */
final class ReadCache<K, V> {
  private record Entry<V>(V value, long expiresAt) {
  }

  private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final long ttlNanos;
  private final int maxEntries;
  private final LongSupplier nanoTime;

  ReadCache(long ttlNanos, int maxEntries, LongSupplier nanoTime) {
    this.ttlNanos = ttlNanos;
    this.maxEntries = maxEntries;
    this.nanoTime = nanoTime;
  }

  /** The cached value, or {@code null} when absent or expired. */
  V get(K key) {
    Entry<V> e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (nanoTime.getAsLong() - e.expiresAt() >= 0) {
      entries.remove(key, e);
      return null;
    }
    return e.value();
  }

  void put(K key, V value) {
    if (entries.size() >= maxEntries) {
      entries.clear(); // simplest bound; a hot key is back after one read
    }
    entries.put(key, new Entry<>(value, nanoTime.getAsLong() + ttlNanos));
  }

  void evict(K key) {
    entries.remove(key);
  }
}
