package io.roomgate.limit;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.redis.RedisClients;
import io.roomgate.redis.RedisKeys;
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

/**
 * {@code ratelimit/policies.lua} against a real redis-server, with pinned times (microseconds): one bucket alone
 * (the token-bucket cases), then several policies at once (buckets and epoch-aligned windows, all or nothing).
 */
@ExtendWith(RedisServerExtension.class)
class PoliciesScriptTest {
  private static final String KEY = RedisKeys.rateLimit("acme", "app");
  private static final long T0 = 1_700_000_000_000_000L; // a realistic µs clock: 16 digits

  private static Vertx vertx;
  private static Redis redis;
  private static RedisServerProcess server;

  @BeforeAll
  static void up(RedisServerProcess s) {
    server = s;
    vertx = Vertx.vertx();
    redis = RedisClients.create(vertx, ConfigBuilders.redis(s.url(), 2, 64, 5_000));
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

  /** The raw answer of one call over a single bucket. */
  private static Response bucket(long rate, long capacity, Object now, long wanted, long owed) {
    return RedisRateLimiter.SCRIPT.run(redis, List.of(KEY), List.of(now, 1, wanted, owed, rate, 0, capacity)).await();
  }

  /** {granted (0 or 1), remaining, µs to next token, ms to full} of one call. */
  private static List<Long> call(long rate, long capacity, long nowMicros) {
    Response r = bucket(rate, capacity, nowMicros == 0 ? "" : nowMicros, 1, 0);
    return List.of(r.get(0).toLong(), r.get(1).toLong(), r.get(3).toLong(), r.get(2).toLong());
  }

  @Test
  void aNewBucketStartsFullAndEmptiesOneTokenPerCall() {
    assertEquals(List.of(1L, 1L, 0L, 100L), call(10, 2, T0)); // 2 -> 1 tokens; full again in 100 ms
    assertEquals(List.of(1L, 0L, 100_000L, 200L), call(10, 2, T0)); // 1 -> 0; next token in 100 ms
    assertEquals(List.of(0L, 0L, 100_000L, 200L), call(10, 2, T0)); // 0 -> 0: limited
  }

  /** {granted, remaining, µs to next token, ms to full} of one call asking for {@code wanted} tokens. */
  private static List<Long> lease(long rate, long capacity, long nowMicros, long wanted) {
    Response r = bucket(rate, capacity, nowMicros, wanted, 0);
    return List.of(r.get(0).toLong(), r.get(1).toLong(), r.get(3).toLong(), r.get(2).toLong());
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
    Response r = bucket(rate, capacity, nowMicros, wanted, owed);
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

  // ---- several policies at once: KEYS = the tenant's bucket and its quotas ----

  private static final String DAY = RedisKeys.rateLimit("acme", "q:day");
  private static final String HOUR = RedisKeys.rateLimit("acme", "q:hour");
  /** 2023-11-14T22:13:20Z, µs: 1,700,000,000 s is 80 s past the hour 22:00 (1,699,999,920 s is a multiple of 3600). */
  private static final long HOUR_START = 1_699_999_200_000_000L;

  /** One call over {app bucket (rate, capacity), hour quota, day quota}; the raw answer. */
  private static Response policies(long now, long cost, long wanted, long owed, long rate, long capacity, long perHour,
                                   long perDay) {
    return RedisRateLimiter.SCRIPT.run(redis, List.of(KEY, HOUR, DAY), List.of(now, cost, wanted, owed,
        rate, 0, capacity, perHour, 3600, perHour, perDay, 86400, perDay)).await();
  }

  private static long remaining(Response r, int policy) {
    return r.get(1 + 3 * policy).toLong();
  }

  @Test
  void aRequestIsAdmittedOnlyIfEveryPolicyHasRoomAndARejectedOneTakesFromNone() {
    Response r = policies(T0, 1, 1, 0, 100, 100, 2, 1000); // bucket 100 -> 99, hour 2 -> 1, day 1000 -> 999
    assertEquals(1, r.get(0).toLong());
    assertEquals(List.of(99L, 1L, 999L), List.of(remaining(r, 0), remaining(r, 1), remaining(r, 2)));
    policies(T0, 1, 1, 0, 100, 100, 2, 1000); // hour 1 -> 0
    r = policies(T0, 1, 1, 0, 100, 100, 2, 1000); // the hour is spent: nothing is taken from the others
    assertEquals(0, r.get(0).toLong());
    assertEquals(List.of(98L, 0L, 998L), List.of(remaining(r, 0), remaining(r, 1), remaining(r, 2)));
    assertEquals("98.000000", server.command("HGET", KEY, "t"));
    assertEquals("2", server.command("HGET", DAY, "n"));
  }

  @Test
  void windowsAreAlignedToTheEpochAndResetAtTheirEnd() {
    long now = HOUR_START + 1_800_000_000L; // 22:30:00 UTC
    Response r = policies(now, 1, 1, 0, 100, 100, 1, 1000); // hour 1 -> 0
    assertEquals(1, r.get(0).toLong());
    assertEquals(1_800_000, r.get(2 + 3).toLong(), "the hour's window ends at 23:00: 30 min, in ms");
    assertEquals(String.valueOf(HOUR_START / 1_000_000), server.command("HGET", HOUR, "w"), "starts at 22:00");
    long dayStart = Math.floorDiv(now, 86_400_000_000L) * 86_400_000_000L;
    assertEquals((dayStart + 86_400_000_000L - now) / 1000, r.get(2 + 6).toLong(), "the day's ends at UTC midnight");
    r = policies(now + 1_000_000, 1, 1, 0, 100, 100, 1, 1000); // 22:30:01: the hour is spent
    assertEquals(0, r.get(0).toLong());
    assertEquals(1_799_000_000L, r.get(3 + 3).toLong(), "room again at 23:00 (µs), when the window ends");
    long ttl = Long.parseLong(server.command("PTTL", HOUR));
    assertTrue(ttl > 1_799_000 && ttl <= 1_801_000, "the hour's state expires with its window: PTTL " + ttl);
    r = policies(HOUR_START + 3_600_000_000L, 1, 1, 0, 100, 100, 1, 1000); // 23:00:00: a new window
    assertEquals(1, r.get(0).toLong());
    assertEquals(0, remaining(r, 1));
  }

  @Test
  void aCostTakesThatManyTokensFromEveryPolicyAndNeedsRoomForAllOfThem() {
    Response r = policies(T0, 5, 1, 0, 10, 10, 12, 1000); // bucket 10 -> 5, hour 12 -> 7, day 1000 -> 995
    assertEquals(1, r.get(0).toLong());
    assertEquals(List.of(5L, 7L, 995L), List.of(remaining(r, 0), remaining(r, 1), remaining(r, 2)));
    r = policies(T0, 5, 1, 0, 10, 10, 12, 1000); // bucket 5 -> 0, hour 7 -> 2
    assertEquals(1, r.get(0).toLong());
    r = policies(T0 + 1_000_000, 5, 1, 0, 10, 10, 12, 1000); // bucket refilled to 10, but the hour has only 2 < 5
    assertEquals(0, r.get(0).toLong());
    assertEquals(List.of(10L, 2L, 990L), List.of(remaining(r, 0), remaining(r, 1), remaining(r, 2)));
  }

  @Test
  void aLeaseIsNeverMoreThanTheSmallestRemainingRoom() {
    Response r = policies(T0, 2, 50, 0, 1000, 1000, 7, 1000); // hour 7: room for 3 requests of cost 2
    assertEquals(3, r.get(0).toLong());
    assertEquals(List.of(994L, 1L, 994L), List.of(remaining(r, 0), remaining(r, 1), remaining(r, 2)));
    assertEquals(0, policies(T0, 2, 50, 0, 1000, 1000, 7, 1000).get(0).toLong(), "1 token left: no request of 2");
  }

  @Test
  void owedTokensCountInEveryWindowAndAReadTakesNothing() {
    policies(T0, 1, 1, 3, 100, 100, 10, 1000); // owes 3, takes 1: hour 10 -> 6, day 1000 -> 996
    Response read = policies(T0, 1, 0, 0, 100, 100, 10, 1000);
    assertEquals(0, read.get(0).toLong(), "wanted 0: a read");
    assertEquals(List.of(96L, 6L, 996L), List.of(remaining(read, 0), remaining(read, 1), remaining(read, 2)));
    assertEquals("4", server.command("HGET", DAY, "n"), "the read wrote nothing");
  }
}
