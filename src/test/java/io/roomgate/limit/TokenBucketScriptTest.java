package io.roomgate.limit;

import io.roomgate.config.RedisConfig;
import io.roomgate.redis.RedisClients;
import io.roomgate.store.RedisKeys;
import io.roomgate.testsupport.RedisServerExtension;
import io.roomgate.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ratelimit/token_bucket.lua} against a real redis-server, with pinned times (microseconds). */
@ExtendWith(RedisServerExtension.class)
class TokenBucketScriptTest {
  private static final String KEY = RedisKeys.rateLimit("acme", "app");
  private static final long T0 = 1_700_000_000_000_000L; // a realistic µs clock: 16 digits

  private static Vertx vertx;
  private static Redis redis;
  private static RedisServerProcess server;

  @BeforeAll
  static void up(RedisServerProcess s) {
    server = s;
    vertx = Vertx.vertx();
    redis = RedisClients.create(vertx, new RedisConfig(s.url(), 2, 64, 5_000));
  }

  @AfterAll
  static void down() {
    redis.close();
    vertx.close().await();
  }

  @BeforeEach
  void clean() {
    server.flushAll();
  }

  /** {granted (0 or 1), remaining, µs to next token, ms to full} of one call. */
  private static List<Long> call(long rate, long capacity, long nowMicros) {
    Response r = RedisRateLimiter.SCRIPT.run(redis, List.of(KEY), List.of(rate, capacity, nowMicros == 0 ? "" : nowMicros))
        .await();
    return List.of(r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong());
  }

  @Test
  void aNewBucketStartsFullAndEmptiesOneTokenPerCall() {
    assertEquals(List.of(1L, 1L, 0L, 100L), call(10, 2, T0)); // 2 -> 1 tokens; full again in 100 ms
    assertEquals(List.of(1L, 0L, 100_000L, 200L), call(10, 2, T0)); // 1 -> 0; next token in 100 ms
    assertEquals(List.of(0L, 0L, 100_000L, 200L), call(10, 2, T0)); // 0 -> 0: limited
  }

  /** {granted, remaining, µs to next token, ms to full} of one call asking for {@code wanted} tokens. */
  private static List<Long> lease(long rate, long capacity, long nowMicros, long wanted) {
    Response r = RedisRateLimiter.SCRIPT.run(redis, List.of(KEY), List.of(rate, capacity, nowMicros, wanted)).await();
    return List.of(r.get(0).toLong(), r.get(1).toLong(), r.get(2).toLong(), r.get(3).toLong());
  }

  @Test
  void aLeaseTakesAsManyTokensAsAreThereUpToTheWanted() {
    assertEquals(List.of(4L, 6L, 0L, 400L), lease(10, 10, T0, 4)); // 10 -> 6; full again in 400 ms
    assertEquals(List.of(6L, 0L, 100_000L, 1_000L), lease(10, 10, T0, 50)); // only 6 there: 6 -> 0
    assertEquals(List.of(0L, 0L, 50_000L, 950L), lease(10, 10, T0 + 50_000, 3)); // 0.5: none granted
    assertEquals(List.of(1L, 0L), lease(10, 10, T0 + 150_000, 3).subList(0, 2)); // 1.5: one granted, 0.5 kept
    assertEquals("0.500000", server.command("HGET", KEY, "t"));
  }

  /** {granted, remaining} of one call asking for {@code wanted} tokens and paying {@code owed}. */
  private static List<Long> owing(long rate, long capacity, long nowMicros, long wanted, long owed) {
    Response r = RedisRateLimiter.SCRIPT.run(redis, List.of(KEY), List.of(rate, capacity, nowMicros, wanted, owed))
        .await();
    return List.of(r.get(0).toLong(), r.get(1).toLong());
  }

  @Test
  void tokensOwedAreTakenBeforeAnyIsGrantedAndNeverBelowEmpty() {
    assertEquals(List.of(1L, 6L), owing(10, 10, T0, 1, 3)); // 10 - 3 owed = 7 -> 1 granted -> 6
    assertEquals(List.of(0L, 0L), owing(10, 10, T0, 1, 50)); // 6 - 50: empty, not negative; none granted
    assertEquals("0.000000", server.command("HGET", KEY, "t"));
    assertEquals(List.of(1L, 0L), owing(10, 10, T0 + 100_000, 1, 0), "a debt is not carried over: 0.1 s refills 1");
  }

  @Test
  void tokensComeBackAtTheRateUpToTheCapacity() {
    call(10, 2, T0); // 2 -> 1
    call(10, 2, T0); // 1 -> 0
    assertEquals(List.of(0L, 0L, 1_000L), call(10, 2, T0 + 99_000).subList(0, 3)); // 0 -> 0.99: limited, 1 ms to go
    assertEquals(List.of(1L, 0L), call(10, 2, T0 + 100_000).subList(0, 2)); // 0.99 -> 1 -> 0
    assertEquals(List.of(1L, 1L, 0L, 100L), call(10, 2, T0 + 60_000_000)); // 0 -> 2 (capped) -> 1
  }

  @Test
  void fractionalTokensAreKeptExactlyBetweenCalls() {
    // 3 tokens/s: one every 333.33 ms; the state keeps the fraction and the full µs timestamp
    call(3, 1, T0); // 1 -> 0
    assertEquals(0L, call(3, 1, T0 + 333_333).get(0)); // 0 -> 0.999999
    assertEquals(1L, call(3, 1, T0 + 333_334).get(0)); // -> 1.000002 -> 0.000002
    assertEquals("" + (T0 + 333_334), server.command("HGET", KEY, "ts"), "16-digit timestamp stored exactly");
  }

  @Test
  void theClockGoingBackNeverRefills() {
    call(10, 1, T0); // 1 -> 0
    assertEquals(0L, call(10, 1, T0 - 5_000_000).get(0), "a server with a clock 5 s behind adds nothing");
    assertEquals(0L, call(10, 1, T0 + 50_000).get(0), "and the later time still counts from T0");
    assertEquals(1L, call(10, 1, T0 + 100_000).get(0));
  }

  @Test
  void idleBucketsExpireAfterTwiceTheFillTime() {
    call(100, 500, T0); // fill time 5 s
    long ttl = Long.parseLong(server.command("PTTL", KEY));
    assertTrue(ttl > 9_000 && ttl <= 10_000, "PTTL " + ttl);
    call(1000, 1000, T0); // fill time 1 s: kept at least 1 s... twice that
    ttl = Long.parseLong(server.command("PTTL", KEY));
    assertTrue(ttl > 1_000 && ttl <= 2_000, "PTTL " + ttl);
  }

  @Test
  void withoutAPinnedTimeTheServersClockIsUsed() {
    assertEquals(List.of(1L, 0L), call(1, 1, 0).subList(0, 2)); // 1 -> 0 at the server's TIME
    assertEquals(0L, call(1, 1, 0).get(0));
    long ts = Long.parseLong(server.command("HGET", KEY, "ts"));
    long serverMicros = Long.parseLong(server.command("TIME").replaceAll("[\\[\\] ]", "").split(",")[0]) * 1_000_000L;
    assertTrue(Math.abs(serverMicros - ts) < 5_000_000L, ts + " vs " + serverMicros);
  }

  @Test
  void theKeyCarriesTheTenantHashTag() {
    assertEquals("rg:{acme}:rl:app", KEY);
    assertEquals("rg:{acme}:rl:api:get_room_list", RedisKeys.rateLimit("acme", "api:get_room_list"));
  }
}
