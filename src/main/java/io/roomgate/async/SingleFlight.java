package io.roomgate.async;

import io.vertx.core.Future;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Concurrent calls for one key share one piece of work: the first starts it, the others get its future, and the
 * key is free again once it completes. Lock-free.
 */
public final class SingleFlight<K, V> {
  private final ConcurrentMap<K, Future<V>> inFlight = new ConcurrentHashMap<>();

  public Future<V> run(K key, Function<K, Future<V>> work) {
    @SuppressWarnings("unchecked")
    Future<V>[] mine = new Future[1];
    Future<V> shared = inFlight.computeIfAbsent(key, k -> mine[0] = work.apply(k));
    if (shared == mine[0]) {
      shared.onComplete(ar -> inFlight.remove(key, shared));
    }
    return shared;
  }
}
