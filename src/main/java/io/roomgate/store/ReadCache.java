package io.roomgate.store;

import io.vertx.core.Future;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A node-local, time-bounded copy of values read from Redis, so that hot reads skip a round trip. Lock-free.
 *
 * <p>Entries live at most {@code ttlNanos}. {@link #invalidate} (a write here, or another instance's write announced
 * by {@link RoomInvalidations}) drops a key at once. A read that was in flight while its key was invalidated must
 * not store what it read, since it may predate the write: callers take a {@link #stamp} before reading and store
 * with {@link #putIfUnchanged}, which refuses when any invalidation touched that key's stripe (or the whole cache)
 * in between. While {@link #suspend}ed (the invalidation feed is down) the cache neither answers nor stores.
 * Bounded: at {@code maxEntries} expired copies are dropped, and if none were, the cache starts over.
 */
final class ReadCache<K, V> {
  private static final int STRIPES = 256;

  private record Entry<V>(V value, long expiresAt) {
  }

  private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
  /** Per stripe of keys, a count of invalidations; slot {@code STRIPES} counts whole-cache resets. */
  private final AtomicLongArray generations = new AtomicLongArray(STRIPES + 1);
  private final long ttlNanos;
  private final int maxEntries;
  private final LongSupplier nanoTime;
  private volatile boolean suspended;

  ReadCache(long ttlNanos, int maxEntries, LongSupplier nanoTime) {
    this.ttlNanos = ttlNanos;
    this.maxEntries = maxEntries;
    this.nanoTime = nanoTime;
  }

  /** The cached value, or {@code null} when absent, expired or suspended. */
  V get(K key) {
    if (suspended) {
      return null;
    }
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

  /** Taken before reading {@code key} from Redis; see {@link #putIfUnchanged}. */
  long stamp(K key) {
    // two counters in one long: invalidations of the key's stripe (low 40 bits) and resets (high 24 bits)
    return (generations.get(STRIPES) << 40) + (generations.get(stripe(key)) & 0xFF_FFFF_FFFFL);
  }

  /** Stores what was read, unless {@code key} was invalidated (or the cache reset or suspended) since {@code stamp}. */
  void putIfUnchanged(K key, V value, long stamp) {
    if (suspended || stamp != stamp(key)) {
      return;
    }
    if (entries.size() >= maxEntries) {
      makeRoom();
    }
    entries.put(key, new Entry<>(value, nanoTime.getAsLong() + ttlNanos));
    if (stamp != stamp(key)) {
      entries.remove(key); // invalidated while storing: the invalidation may have run before the put
    }
  }

  /** Full: drop the expired copies; if that is not enough, everything (a hot key is back after one read). */
  private void makeRoom() {
    long now = nanoTime.getAsLong();
    entries.values().removeIf(e -> now - e.expiresAt() >= 0);
    if (entries.size() >= maxEntries) {
      entries.clear();
    }
  }

  int size() {
    return entries.size();
  }

  /** Drops {@code key}, and keeps reads in flight from storing what they read before. */
  void invalidate(K key) {
    generations.incrementAndGet(stripe(key));
    entries.remove(key);
  }

  /**
   * Sees a write to {@code key} through: drops the copy while the write runs and again when it is done (so a read
   * that raced it cannot store what it read), then {@code announce}s the change to every instance before answering.
   * A failed write is announced too (a timed-out one may still have happened), but answers at once: its deadline is
   * spent, so the announcement goes on behind it.
   */
  <T> Future<T> writeThrough(K key, Future<T> write, Supplier<Future<Void>> announce) {
    invalidate(key);
    return write.transform(ar -> {
      invalidate(key);
      Future<Void> told = announce.get();
      return ar.failed() ? Future.failedFuture(ar.cause()) : told.map(x -> ar.result());
    });
  }

  /** Drops every copy, and keeps reads in flight from storing what they read before. */
  void invalidateAll() {
    generations.incrementAndGet(STRIPES);
    entries.clear();
  }

  /** Drops everything and stops answering until {@link #resume}: the cache cannot learn of writes meanwhile. */
  void suspend() {
    suspended = true;
    generations.incrementAndGet(STRIPES);
    entries.clear();
  }

  void resume() {
    generations.incrementAndGet(STRIPES); // a read that began before resuming must not store
    suspended = false;
  }

  boolean suspended() {
    return suspended;
  }

  private static int stripe(Object key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
