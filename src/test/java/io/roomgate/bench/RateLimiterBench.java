package io.roomgate.bench;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.limit.EpochTime;
import io.github.bucket4j.TimeMeter;
import io.roomgate.limit.LocalRateLimiter;
import io.roomgate.limit.RateDecision;
import io.roomgate.limit.RateLimitStats;
import io.roomgate.limit.RedisRateLimiter;
import io.roomgate.redis.RedisClients;
import io.roomgate.tenant.Tenant;
import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.time.GatewayClock;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one rate-limit decision (README "Rate limiting"):
 * <ul>
 *   <li>{@code local*}: the in-process bucket4j limiter, admitting and rejecting;</li>
 *   <li>{@code redisAllowed}: one EVALSHA round trip to a local redis-server, from a non-event-loop thread that waits
 *       for the answer (so this is the latency of one decision, not the pipelined throughput);</li>
 *   <li>{@code redisLimitedByHint}: a tenant over its limit on the Redis path, answered by the local denial hint.</li>
 * </ul>
 * Run: {@code mvn -q test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test
 * -Dexec.args="-cp %classpath org.openjdk.jmh.Main RateLimiterBench"}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class RateLimiterBench {
  private RedisServerProcess server;
  private Vertx vertx;
  private Redis redis;
  private LocalRateLimiter local;
  private RedisRateLimiter distributed;
  private Tenant unlimited;
  private Tenant overLimit;

  private static Tenant tenant(String id, long qps) {
    return new Tenant(ConfigBuilders.tenant(id, ConfigBuilders.rateLimit(qps, qps, Map.of()),
        ConfigBuilders.plugNmeet(id, id), null), GatewayClock.SYSTEM);
  }

  @Setup(Level.Trial)
  public void up() {
    server = RedisServerProcess.start();
    vertx = Vertx.vertx();
    redis = RedisClients.create(vertx, ConfigBuilders.redis(server.url(), 8, 1024, 1_000));
    RateLimitStats stats = new RateLimitStats();
    local = new LocalRateLimiter(new EpochTime(GatewayClock.SYSTEM), 1, false);
    distributed = new RedisRateLimiter(vertx, redis, 1_000, 3, stats, TimeMeter.SYSTEM_NANOTIME,
        RedisRateLimiter.DEFAULT_RETRY_NANOS);
    distributed.loadScript().await();
    unlimited = tenant("unlimited", 1_000_000_000L);
    overLimit = tenant("overlimit", 1);
  }

  @TearDown(Level.Trial)
  public void down() {
    redis.close();
    vertx.close().await();
    server.close();
  }

  @Benchmark
  public RateDecision localAllowed() {
    return local.tryAcquire(unlimited, "getActiveRoomInfo").result();
  }

  @Benchmark
  public RateDecision localLimited() {
    return local.tryAcquire(overLimit, "getActiveRoomInfo").result();
  }

  @Benchmark
  public RateDecision redisAllowed() {
    return distributed.tryAcquire(unlimited, "getActiveRoomInfo").toCompletionStage().toCompletableFuture().join();
  }

  @Benchmark
  public RateDecision redisLimitedByHint() {
    return distributed.tryAcquire(overLimit, "getActiveRoomInfo").toCompletionStage().toCompletableFuture().join();
  }
}
