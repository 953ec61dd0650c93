package io.roomgate.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Redis connection per event loop, opened on that loop and kept, on which every batch of that loop is pipelined.
 *
 * <p>Why: the pool lends a connection per command, and under load (all of a loop's connections busy) it lends one
 * that lives on another event loop, so the command hops to that loop and its answer hops back: at 100,000 rooms read
 * from Redis, ~70 % of the reads' batches ran as tasks handed to another loop. A loop's own connection needs no
 * lease, no hop, and answers that arrive together are parsed in one socket read.
 *
 * <p>The loops' connections are leased from the pool and held, at most {@code maxConnections} of them (so that a
 * small pool is never held whole by them). Off an event loop, before a loop's connection is open, after it failed,
 * or on a loop beyond that bound, a batch goes through the pool as before. A failed batch (an error answer, the
 * connection closed) and a closed connection drop that loop's connection, so the next batch goes through the pool
 * and a fresh connection is opened: after a Redis restart or a failover (Sentinel closes the old master's clients;
 * on a Cluster a failed node fails the batch) it reaches the new master, as the pool looks it up again. A slow
 * answer is not a failure: the callers' deadlines bound it, as on the pool.
 */
public final class LoopConnections {
  private final Redis redis;
  private final int maxConnections;
  private final Map<Thread, RedisConnection> byLoop = new ConcurrentHashMap<>();
  private final Map<Thread, Boolean> opening = new ConcurrentHashMap<>();
  /** Connections the loops hold or are opening: never above {@code maxConnections}. */
  private final AtomicInteger held = new AtomicInteger();
  private volatile boolean closed;

  /** @param maxConnections how many of the pool's connections the loops may hold at most (0: none, pool only) */
  public LoopConnections(Redis redis, int maxConnections) {
    this.redis = redis;
    this.maxConnections = maxConnections;
  }

  /** {@code commands} pipelined on this event loop's own connection, else through the pool. */
  public Future<List<Response>> batch(List<Request> commands) {
    Context context = Vertx.currentContext();
    if (closed || context == null || !context.isEventLoopContext()) {
      return redis.batch(commands);
    }
    Thread loop = Thread.currentThread();
    RedisConnection own = byLoop.get(loop);
    if (own == null) {
      open(loop);
      return redis.batch(commands);
    }
    return own.batch(commands).onFailure(e -> drop(loop, own));
  }

  private void open(Thread loop) {
    if (held.get() >= maxConnections || opening.putIfAbsent(loop, Boolean.TRUE) != null) {
      return;
    }
    if (!reserve()) {
      opening.remove(loop);
      return;
    }
    redis.connect().onComplete(ar -> {
      opening.remove(loop);
      if (ar.failed()) {
        held.decrementAndGet(); // the pool serves this loop; its next batch tries again
        return;
      }
      RedisConnection c = ar.result();
      if (closed) {
        held.decrementAndGet();
        c.close();
        return;
      }
      c.exceptionHandler(e -> drop(loop, c));
      c.endHandler(v -> drop(loop, c));
      byLoop.put(loop, c);
    });
  }

  private boolean reserve() {
    for (int n = held.get(); n < maxConnections; n = held.get()) {
      if (held.compareAndSet(n, n + 1)) {
        return true;
      }
    }
    return false;
  }

  private void drop(Thread loop, RedisConnection c) {
    if (byLoop.remove(loop, c)) {
      held.decrementAndGet();
      c.close();
    }
  }

  /** Hands every loop's connection back; batches go through the pool from now on. */
  public Future<Void> close() {
    closed = true;
    byLoop.forEach(this::drop);
    return Future.succeededFuture();
  }
}
