package io.roomgate.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.internal.ContextInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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
 *
 * <p>With {@code coalesce} (one master: standalone or Sentinel), the batches a loop asks for while it works through
 * one turn (the requests that arrived together) are written to its connection as one batch at the end of that turn:
 * one write, one wake-up of Redis and one read of the answers for all of them, where each batch cost a write of its
 * own (~11 % of an uncached read's CPU at 100,000 rooms, mostly the kernel waking Redis). One error answer fails the
 * whole written batch (vertx-redis-client), so then each batch is sent again on its own through the pool and only
 * its own answer decides it: reads may be repeated. A command that must not run twice ({@link #sendOnce}: the rate
 * limiter's script) is not sent again: it fails with its own error answer (read from the batch's failure, so that a
 * {@code NOSCRIPT} stays one and {@link RedisScript} sends the script's source) or as "answer lost". Not on a
 * Cluster, where a batch must stay on one node and two tenants' keys may not.
 */
public final class LoopConnections {
  /** Batches merged into one write at most; more in one turn are written in several. */
  static final int MAX_MERGED = 64;

  private final Redis redis;
  private final int maxConnections;
  private final boolean coalesce;
  private final Map<Thread, Turn> turns = new ConcurrentHashMap<>();
  private final Map<Thread, RedisConnection> byLoop = new ConcurrentHashMap<>();
  private final Map<Thread, Boolean> opening = new ConcurrentHashMap<>();
  /** Connections the loops hold or are opening: never above {@code maxConnections}. */
  private final AtomicInteger held = new AtomicInteger();
  private volatile boolean closed;

  /**
   * @param maxConnections how many of the pool's connections the loops may hold at most (0: none, pool only)
   * @param coalesce       whether a loop's batches of one turn are written as one (only where every key lives on
   *                       one master)
   */
  public LoopConnections(Redis redis, int maxConnections, boolean coalesce) {
    this.redis = redis;
    this.maxConnections = maxConnections;
    this.coalesce = coalesce;
  }

  /** {@code commands} pipelined on this event loop's own connection, else through the pool. May be sent again. */
  public Future<List<Response>> batch(List<Request> commands) {
    return pipeline(commands, true);
  }

  /**
   * One command that must not run twice (a script that takes rate-limit tokens), pipelined as {@link #batch} is, but
   * never sent again: if the write it was merged into fails, it fails with its own error answer, or, when another
   * command's answer failed the write, with "its answer was lost" (it ran; what it answered is unknown).
   */
  public Future<Response> sendOnce(Request command) {
    return pipeline(List.of(command), false).map(answers -> answers.get(0));
  }

  private Future<List<Response>> pipeline(List<Request> commands, boolean repeatable) {
    Context context = Vertx.currentContext();
    if (closed || context == null || !context.isEventLoopContext()) {
      return alone(commands, repeatable, redis::send, redis::batch);
    }
    Thread loop = Thread.currentThread();
    RedisConnection own = byLoop.get(loop);
    if (own == null) {
      open(loop);
      return alone(commands, repeatable, redis::send, redis::batch);
    }
    if (!coalesce) {
      return alone(commands, repeatable, own::send, own::batch).onFailure(e -> failed(loop, own, e));
    }
    Turn turn = turns.computeIfAbsent(loop, t -> new Turn());
    // Bound to the caller's context, as the client's own futures are: a deadline on it (Future.timeout) is then a
    // task of this loop. On a promise with no context it is a task of Netty's one global executor thread, scheduled
    // and cancelled there by hand-offs between threads: ~12 % of an uncached read's CPU at 100,000 rooms.
    Promise<List<Response>> answer = ((ContextInternal) context).promise();
    turn.waiting.add(new Waiting(commands, answer, repeatable));
    if (turn.waiting.size() >= MAX_MERGED) {
      write(loop, turn);
    } else if (!turn.scheduled) {
      turn.scheduled = true;
      context.runOnContext(v -> write(loop, turn)); // runs once the loop has handled what it read this turn
    }
    return answer.future();
  }

  /** A batch asked for, the caller's answer to it, and whether it may be sent again. */
  private record Waiting(List<Request> commands, Promise<List<Response>> answer, boolean repeatable) {
  }

  /**
   * One caller's commands written on their own: as a batch, or a command sent once as a plain send, so that its error
   * answer stays its own (a batch reports each as {@code ERR [i] <error>}, and {@code NOSCRIPT} must stay readable).
   */
  private static Future<List<Response>> alone(List<Request> commands, boolean repeatable,
                                              Function<Request, Future<Response>> send,
                                              Function<List<Request>, Future<List<Response>>> batch) {
    return repeatable ? batch.apply(commands) : send.apply(commands.get(0)).map(List::of);
  }

  /** The batches one loop asked for since its last write; used by that loop's thread only. */
  private static final class Turn {
    private List<Waiting> waiting = new ArrayList<>();
    private boolean scheduled;
  }

  /** Writes the turn's batches as one on the loop's connection, and hands each caller its part of the answers. */
  private void write(Thread loop, Turn turn) {
    List<Waiting> batches = turn.waiting;
    if (batches.isEmpty()) {
      turn.scheduled = false;
      return;
    }
    turn.waiting = new ArrayList<>();
    turn.scheduled = false;
    RedisConnection own = byLoop.get(loop);
    if (own == null || batches.size() == 1) {
      batches.forEach(b -> (own == null ? alone(b.commands, b.repeatable, redis::send, redis::batch)
          : alone(b.commands, b.repeatable, own::send, own::batch).onFailure(e -> failed(loop, own, e)))
          .onComplete(b.answer));
      return;
    }
    List<Request> merged = new ArrayList<>();
    batches.forEach(b -> merged.addAll(b.commands));
    own.batch(merged).onComplete(ar -> {
      if (ar.failed()) {
        Map<Integer, String> errors = errorAnswers(ar.cause());
        failed(loop, own, ar.cause(), errors);
        int at = 0;
        for (Waiting b : batches) {
          if (b.repeatable) {
            redis.batch(b.commands).onComplete(b.answer); // each decided by its own answers
          } else {
            // not sent again: its own error answer, or (it ran, its answer is lost) the write's failure
            String itsError = errors.get(at);
            b.answer.fail(itsError != null ? new VertxException(itsError, true) : new VertxException(
                "its answer was lost with the pipelined write it was part of: " + ar.cause().getMessage(), true));
          }
          at += b.commands.size();
        }
        return;
      }
      List<Response> answers = ar.result();
      int from = 0;
      for (Waiting b : batches) {
        int to = from + b.commands.size();
        b.answer.complete(answers.subList(from, to));
        from = to;
      }
    });
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

  /**
   * A batch on a loop's connection failed: the connection is dropped (the next batch finds the current master through
   * the pool), unless the failure was a {@code NOSCRIPT} answer, which says only that this server lacks a script.
   */
  private void failed(Thread loop, RedisConnection c, Throwable cause) {
    failed(loop, c, cause, errorAnswers(cause));
  }

  /** {@link #failed(Thread, RedisConnection, Throwable)} with the failure's error answers already read. */
  private void failed(Thread loop, RedisConnection c, Throwable cause, Map<Integer, String> errors) {
    boolean noScriptOnly = RedisScript.isNoScript(cause)
        || !errors.isEmpty() && errors.values().stream().allMatch(RedisScript::isNoScript);
    if (!noScriptOnly) {
      drop(loop, c);
    }
  }

  /**
   * The error answers of a failed batch by command index: vertx-redis-client fails a batch with one line
   * {@code ERR [i] <error>} per command that answered an error, once every answer is in. Empty for other failures
   * (a closed connection).
   */
  static Map<Integer, String> errorAnswers(Throwable cause) {
    String message = cause.getMessage();
    if (message == null || !message.startsWith("ERR [")) {
      return Map.of();
    }
    Map<Integer, String> errors = new HashMap<>();
    for (String line : message.split("\\R")) {
      int close = line.indexOf("] ");
      if (!line.startsWith("ERR [") || close < 0) {
        continue;
      }
      try {
        errors.put(Integer.parseInt(line.substring(5, close)), line.substring(close + 2));
      } catch (NumberFormatException e) {
        // not a batch's line: left out
      }
    }
    return errors;
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
