package io.roomgate.store;

import io.roomgate.async.SingleFlight;
import io.roomgate.cache.BoundedCache;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
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
 * Bounded: the copies are kept in a {@link BoundedCache} of {@code maxEntries}, which drops expired copies first and
 * then those least likely to be read again. Each copy also carries its deadline, which times the refresh below.
 *
 * <p>{@link #getOrLoad} keeps a hot key off the request path: callers that miss at once share one load, and a copy
 * that was served before and is in the last quarter of its life is still served while one background load replaces
 * it, so a key read all the time is never a miss after its first read. A copy served for the first time that late is
 * not refreshed: among many rooms read now and then (100,000 read uniformly: ~4 % of reads) such a refresh was a
 * Redis read whose copy nobody asked for again.
 */
final class ReadCache<K, V> {
  private static final int STRIPES = 256;

  /** A copy and its deadline; {@code servedBefore} is set by its first hit (a benign race: one refresh more or less). */
  private static final class Entry<V> {
    private final V value;
    private final long expiresAt;
    private boolean servedBefore;

    private Entry(V value, long expiresAt) {
      this.value = value;
      this.expiresAt = expiresAt;
    }

  }

  /** A key and its {@link #stamp} when a load of it began. */
  private record LoadKey<K>(K key, long stamp) {
  }

  private final BoundedCache<K, Entry<V>> entries;
  private final SingleFlight<LoadKey<K>, V> loads = new SingleFlight<>();
  /** Per stripe of keys, a count of invalidations; slot {@code STRIPES} counts whole-cache resets. */
  private final AtomicLongArray generations = new AtomicLongArray(STRIPES + 1);
  private final long ttlNanos;
  private final LongSupplier nanoTime;
  private volatile boolean suspended;

  ReadCache(long ttlNanos, int maxEntries, LongSupplier nanoTime) {
    this.ttlNanos = ttlNanos;
    this.nanoTime = nanoTime;
    // every copy lives ttlNanos from its store: a fixed expiry, which Caffeine keeps in write order (a variable one,
    // per entry, costs a timer-wheel step on every store and read); getOrLoad checks and refreshes by the entry's
    // own deadline, taken from the same clock
    this.entries = BoundedCache.<K, Entry<V>>builder(maxEntries).expireAfterWrite(ttlNanos, nanoTime).build();
  }

  /**
   * The copy of {@code key}, else what {@code loader} reads (stored unless {@code null} or raced by a write). A copy
   * in the last quarter of its life is answered at once and refreshed in the background.
   */
  Future<V> getOrLoad(K key, Function<K, Future<V>> loader) {
    if (suspended) {
      return loader.apply(key);
    }
    Entry<V> e = entries.get(key);
    if (e != null) {
      long now = nanoTime.getAsLong();
      if (now - e.expiresAt < 0) {
        if (e.servedBefore && now - (e.expiresAt - ttlNanos / 4) >= 0) {
          load(key, loader); // nobody waits for it (or it joins the refresh in flight); a failure leaves the copy
        }
        if (!e.servedBefore) {
          e.servedBefore = true; // written once: a hot key's hits on every loop only read it
        }
        return Future.succeededFuture(e.value);
      }
      entries.remove(key, e);
    }
    return load(key, loader);
  }

  /**
   * One load per key and {@link #stamp} at a time: a caller joins the load in flight only if its key was not
   * invalidated since that load began (else its answer may predate a write this caller must see).
   */
  private Future<V> load(K key, Function<K, Future<V>> loader) {
    long stamp = stamp(key);
    return onCallersContext(loads.run(new LoadKey<>(key, stamp), k -> readAndStore(key, stamp, loader)));
  }

  /** Reads {@code key}; stores what it read unless raced by a write, or drops the copy if the key is gone. */
  private Future<V> readAndStore(K key, long stamp, Function<K, Future<V>> loader) {
    Future<V> read;
    try {
      read = loader.apply(key);
    } catch (RuntimeException e) {
      read = Future.failedFuture(e);
    }
    if (read == null) {
      read = Future.failedFuture(new IllegalStateException("the loader answered no future"));
    }
    return read.andThen(ar -> {
      if (ar.succeeded() && ar.result() != null) {
        putIfUnchanged(key, ar.result(), stamp);
      } else if (ar.succeeded() && stamp == stamp(key)) {
        entries.remove(key); // gone (e.g. a background refresh found the room ended): drop the copy at once
      }
    });
  }

  /** A shared load completes on its starter's event loop; a caller on another one continues on its own. */
  private static <V> Future<V> onCallersContext(Future<V> shared) {
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return shared;
    }
    Promise<V> here = Promise.promise();
    shared.onComplete(ar -> {
      if (Vertx.currentContext() == caller) {
        here.handle(ar);
      } else {
        caller.runOnContext(v -> here.handle(ar));
      }
    });
    return here.future();
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
    entries.put(key, new Entry<>(value, nanoTime.getAsLong() + ttlNanos));
    if (stamp != stamp(key)) {
      entries.remove(key); // invalidated while storing: the invalidation may have run before the put
    }
  }

  long size() {
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
