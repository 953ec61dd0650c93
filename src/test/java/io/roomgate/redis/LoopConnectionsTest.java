package io.roomgate.redis;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.testsupport.RedisServerProcess;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.FutureInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link LoopConnections} on a real redis-server. Which connection served a batch is what the server says:
 * {@code CLIENT ID} in the batch. Many batches sent at once from one event loop through the pool spread over several
 * connections; on the loop's own connection they all share one.
 */
class LoopConnectionsTest {
  private static final int AT_ONCE = 16;
  /** Rounds of {@link #AT_ONCE} batches at most until the loop's own connection serves them (it opens in one). */
  private static final int MAX_ROUNDS = 200;

  private RedisServerProcess server;
  private Vertx vertx;
  private Redis redis;
  private LoopConnections loops;
  private Context loop;

  @BeforeEach
  void start() {
    server = RedisServerProcess.start();
    vertx = Vertx.vertx();
    redis = RedisClients.create(vertx, ConfigBuilders.redis(server.url(), 8, 64, 5000));
    loops = new LoopConnections(redis, 4, true);
    loop = vertx.getOrCreateContext();
  }

  @AfterEach
  void stop() {
    loops.close().await();
    vertx.close().await();
    server.close();
  }

  @Test
  void theBatchesOfOneEventLoopArePipelinedOnItsOwnConnection() {
    Set<Long> ids = ownConnectionAfterItOpens();
    assertEquals(1, ids.size(), ids.toString());

    // the pool, asked the same way, spreads them: what the assertion above tells apart
    Set<Long> pooled = clientIds(() -> redis.batch(List.of(Request.cmd(Command.CLIENT).arg("ID"))));
    assertTrue(pooled.size() > 1, pooled.toString());
  }

  @Test
  void aConnectionThatFailsIsDroppedAndAFreshOneTakesOver() {
    long first = ownConnectionAfterItOpens().iterator().next();
    redis.send(Request.cmd(Command.CLIENT).arg("KILL").arg("ID").arg(first)).await();

    // every batch answers (some may fail with the connection), and then a new connection of the loop serves them
    Set<Long> next = ownConnectionAfterItOpens();
    assertEquals(1, next.size(), next.toString());
    assertNotEquals(first, next.iterator().next());
  }

  @Test
  void loopsBeyondTheBoundUseThePool() {
    LoopConnections none = new LoopConnections(redis, 0, true);
    for (int round = 0; round < 5; round++) {
      Set<Long> ids = clientIds(() -> none.batch(List.of(Request.cmd(Command.CLIENT).arg("ID"))));
      assertTrue(ids.size() > 1, ids.toString());
    }
  }

  @Test
  void theBatchesOfOneTurnAreOneWriteAndEachGetsItsOwnAnswers() {
    ownConnectionAfterItOpens();
    for (int i = 0; i < AT_ONCE; i++) {
      redis.send(Request.cmd(Command.SET).arg("k" + i).arg("v" + i)).await();
    }
    RedisConnection probe = redis.connect().await(); // one connection for both counts: no handshake in between
    long before = readsProcessed(probe);
    List<Future<List<Response>>> sent = inOneTurn(i -> loops.batch(List.of(
        Request.cmd(Command.GET).arg("k" + i), Request.cmd(Command.ECHO).arg("e" + i))));
    long reads = readsProcessed(probe) - before - 1; // less the probe's own read
    probe.close();
    assertEquals(1, reads, "the server read " + AT_ONCE + " batches in " + reads + " reads");
    for (int i = 0; i < AT_ONCE; i++) {
      List<Response> answer = sent.get(i).result();
      assertEquals(List.of("v" + i, "e" + i), answer.stream().map(Response::toString).toList());
    }
  }

  @Test
  void anErrorAnswerFailsOnlyTheBatchItAnswers() {
    ownConnectionAfterItOpens();
    redis.send(Request.cmd(Command.HSET).arg("a-hash").arg("f").arg("1")).await();
    redis.send(Request.cmd(Command.SET).arg("a-string").arg("fine")).await();
    List<Future<List<Response>>> sent = inOneTurn(i -> loops.batch(List.of(
        Request.cmd(Command.GET).arg(i == 3 ? "a-hash" : "a-string")))); // GET of a hash: WRONGTYPE
    for (int i = 0; i < AT_ONCE; i++) {
      Future<List<Response>> f = sent.get(i);
      if (i == 3) {
        assertTrue(f.failed() && f.cause().getMessage().contains("WRONGTYPE"), String.valueOf(f.cause()));
      } else {
        assertEquals("fine", f.result().get(0).toString(), String.valueOf(f.cause()));
      }
    }
  }

  @Test
  void aCommandSentOnceIsWrittenWithTheTurnsBatches() {
    long own = ownConnectionAfterItOpens().iterator().next();
    RedisConnection probe = redis.connect().await();
    long before = readsProcessed(probe);
    List<Future<List<Response>>> sent = inOneTurn(i -> i % 4 == 0
        ? loops.sendOnce(Request.cmd(Command.INCR).arg("counter")).map(List::of)
        : loops.batch(List.of(Request.cmd(Command.CLIENT).arg("ID"))));
    long reads = readsProcessed(probe) - before - 1;
    probe.close();
    assertEquals(1, reads, "the server read " + AT_ONCE + " batches in " + reads + " reads");
    Set<Long> counts = new TreeSet<>();
    for (int i = 0; i < AT_ONCE; i++) {
      long answer = sent.get(i).result().get(0).toLong();
      if (i % 4 == 0) {
        counts.add(answer);
      } else {
        assertEquals(own, answer);
      }
    }
    assertEquals(Set.of(1L, 2L, 3L, 4L), counts);
  }

  @Test
  void aCommandSentOnceIsNotSentAgainWhenTheWriteItWasMergedIntoFails() {
    ownConnectionAfterItOpens();
    redis.send(Request.cmd(Command.HSET).arg("a-hash").arg("f").arg("1")).await();
    redis.send(Request.cmd(Command.SET).arg("a-string").arg("fine")).await();
    List<Future<List<Response>>> sent = inOneTurn(i -> i == 5
        ? loops.sendOnce(Request.cmd(Command.INCR).arg("counter")).map(List::of)
        : loops.batch(List.of(Request.cmd(Command.GET).arg(i == 3 ? "a-hash" : "a-string"))));
    // the reads are sent again, each decided by its own answer; the increment ran, once, and its answer is lost
    assertTrue(sent.get(3).failed() && sent.get(3).cause().getMessage().contains("WRONGTYPE"));
    assertTrue(sent.get(5).failed() && sent.get(5).cause().getMessage().startsWith("its answer was lost"),
        String.valueOf(sent.get(5).cause()));
    for (int i = 0; i < AT_ONCE; i++) {
      if (i != 3 && i != 5) {
        assertEquals("fine", sent.get(i).result().get(0).toString(), String.valueOf(sent.get(i).cause()));
      }
    }
    assertEquals(1, redis.send(Request.cmd(Command.GET).arg("counter")).await().toLong());
  }

  @Test
  void aScriptTheServerLacksAnswersNoScriptAndKeepsTheLoopsConnection() {
    long own = ownConnectionAfterItOpens().iterator().next();
    Request unknown = Request.cmd(Command.EVALSHA).arg("0".repeat(40)).arg(0);
    for (int alone = 0; alone < 2; alone++) { // merged with the turn's reads, then on its own in a turn
      boolean merged = alone == 0;
      List<Future<List<Response>>> sent = inOneTurn(i -> i == 2
          ? loops.sendOnce(unknown).map(List::of)
          : merged ? loops.batch(List.of(Request.cmd(Command.CLIENT).arg("ID"))) : Future.succeededFuture(List.of()));
      // its own answer, as RedisScript must read it to send the source next (a batch says "ERR [2] NOSCRIPT ...")
      assertTrue(sent.get(2).failed() && RedisScript.isNoScript(sent.get(2).cause()), String.valueOf(sent.get(2).cause()));
      for (int i = 0; i < AT_ONCE; i++) { // the reads of the failed write were sent again through the pool
        assertTrue(i == 2 || sent.get(i).succeeded(), String.valueOf(sent.get(i).cause()));
      }
      // NOSCRIPT says only that this server lacks a script: no reason to reconnect
      assertEquals(Set.of(own), clientIds(() -> loops.batch(List.of(Request.cmd(Command.CLIENT).arg("ID")))));
    }
  }

  @Test
  void aScriptRunThroughTheLoopsConnectionSendsItsSourceToAServerThatLacksIt() {
    ownConnectionAfterItOpens();
    redis.send(Request.cmd(Command.SCRIPT).arg("FLUSH")).await();
    RedisScript script = RedisScript.fromResource("ratelimit/policies.lua");
    long reloads = RedisScript.reloads();
    // a bucket of 10 tokens at 1/s: one request of cost 1 wanted, none owed
    List<Future<List<Response>>> sent = inOneTurn(i -> script.run(loops, List.of("rl:" + i),
        List.of("", 1, 1, 0, 1, 0, 10)).map(List::of));
    for (Future<List<Response>> f : sent) {
      assertEquals(1, f.result().get(0).get(0).toLong(), String.valueOf(f.cause())); // granted
    }
    assertTrue(RedisScript.reloads() > reloads);
  }

  @Test
  void everyBatchAskedForOnALoopAnswersOnThatLoopsContext() {
    // A deadline on a future without a context (Future.timeout) is scheduled and cancelled on Netty's one global
    // executor thread: a hand-off between threads per read. Bound to the caller's context, it is a task of its loop.
    for (LoopConnections connections : List.of(loops, new LoopConnections(redis, 4, false),
        new LoopConnections(redis, 0, true))) {
      for (int round = 0; round < 3; round++) { // the first round goes through the pool while the loop's one opens
        List<Future<List<Response>>> sent = inOneTurn(i -> connections.batch(List.of(Request.cmd(Command.PING))));
        for (Future<List<Response>> f : sent) {
          assertEquals("PONG", f.result().get(0).toString());
          assertSame(loop, ((FutureInternal<?>) f).context(), "round " + round);
        }
      }
      connections.close().await();
    }
  }

  @Test
  void offAnEventLoopBatchesGoThroughThePool() {
    List<Response> replies = loops.batch(List.of(Request.cmd(Command.PING), Request.cmd(Command.CLIENT).arg("ID")))
        .await();
    assertEquals("PONG", replies.get(0).toString());
  }

  /** Sends rounds of batches from the loop until one round is served by a single connection; its id. */
  private Set<Long> ownConnectionAfterItOpens() {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Set<Long> ids = clientIds(() -> loops.batch(List.of(Request.cmd(Command.CLIENT).arg("ID"))));
      if (ids.size() == 1) {
        return ids;
      }
    }
    throw new AssertionError("the loop's own connection never served a whole round");
  }

  /** {@link #AT_ONCE} batches asked for in one task of the event loop, once all of them are done. */
  private List<Future<List<Response>>> inOneTurn(java.util.function.IntFunction<Future<List<Response>>> batch) {
    Promise<List<Future<List<Response>>>> done = Promise.promise();
    loop.runOnContext(v -> {
      List<Future<List<Response>>> sent = new ArrayList<>();
      for (int i = 0; i < AT_ONCE; i++) {
        sent.add(batch.apply(i));
      }
      Future.join(sent).onComplete(ar -> done.complete(sent));
    });
    return done.future().await();
  }

  /** The server's count of socket reads so far (this probe's own included). */
  private static long readsProcessed(RedisConnection probe) {
    String info = probe.send(Request.cmd(Command.INFO).arg("stats")).await().toString();
    return info.lines().filter(l -> l.startsWith("total_reads_processed:"))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
  }

  /** {@link #AT_ONCE} batches sent at once on the event loop; the connection ids that answered (failures left out). */
  private Set<Long> clientIds(java.util.function.Supplier<Future<List<Response>>> batch) {
    Promise<Set<Long>> done = Promise.promise();
    loop.runOnContext(v -> {
      List<Future<List<Response>>> sent = new ArrayList<>();
      for (int i = 0; i < AT_ONCE; i++) {
        sent.add(batch.get());
      }
      Future.join(sent).onComplete(ar -> {
        Set<Long> ids = new TreeSet<>();
        for (Future<List<Response>> f : sent) {
          if (f.succeeded()) {
            ids.add(f.result().get(0).toLong());
          }
        }
        done.complete(ids);
      });
    });
    return done.future().await();
  }
}
