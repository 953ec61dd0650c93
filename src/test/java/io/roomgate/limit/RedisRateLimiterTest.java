package io.roomgate.limit;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.config.RateLimitConfig.OnRedisError;
import io.roomgate.redis.RedisClients;
import io.roomgate.redis.RedisKeys;
import io.roomgate.tenant.Tenant;
import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.RedisServerProcess;
import io.roomgate.testsupport.SilenceableProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.roomgate.limit.Tenants.tenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distributed limiter against a real redis-server: one bucket shared by several limiters ("nodes"), the local
 * checks that spare Redis, and the failure policies with a stopped, paused and restarted Redis.
 *
 * <p>Redis refills on its own clock; to keep counts exact without sleeping, a test can freeze a bucket by seeding
 * it with a timestamp an hour ahead of the server's clock (the script never refills while its clock is behind).
 */
class RedisRateLimiterTest {
  private static final long RETRY_NANOS = 1_000_000_000L;

  private final FakeTime time = new FakeTime();
  private RedisServerProcess server;
  private Vertx vertx;
  private Redis redis;
  private RateLimitStats stats;

  @BeforeEach
  void up() {
    server = RedisServerProcess.start();
    vertx = Vertx.vertx();
    redis = RedisClients.create(vertx, ConfigBuilders.redis(server.url(), 4, 256, 5_000));
    stats = new RateLimitStats();
  }

  @AfterEach
  void down() {
    redis.close();
    vertx.close().await();
    server.close();
  }

  /** A node with a generous deadline: a loaded CI machine must not turn a count test into a fallback test. */
  private RedisRateLimiter node(int nodes) {
    return node(nodes, 5_000);
  }

  private RedisRateLimiter node(int nodes, long timeoutMs) {
    return new RedisRateLimiter(vertx, redis, timeoutMs, nodes, stats, time, RETRY_NANOS);
  }

  private static RateDecision acquire(RedisRateLimiter limiter, Tenant t) {
    return limiter.tryAcquire(t, "create").await();
  }

  /** Sets the tenant's Redis bucket to {@code tokens}, frozen for an hour. */
  private void freeze(String tenantId, String scope, double tokens) {
    long serverMicros = Long.parseLong(server.command("TIME").replaceAll("[\\[\\] ]", "").split(",")[0]) * 1_000_000L;
    server.command("HSET", RedisKeys.rateLimit(tenantId, scope), "t", String.valueOf(tokens),
        "ts", String.valueOf(serverMicros + 3_600_000_000L));
  }

  private long scriptCalls() {
    Matcher m = Pattern.compile("cmdstat_evalsha:calls=(\\d+)").matcher(server.command("INFO", "commandstats"));
    long evalsha = m.find() ? Long.parseLong(m.group(1)) : 0;
    Matcher e = Pattern.compile("cmdstat_eval:calls=(\\d+)").matcher(server.command("INFO", "commandstats"));
    return evalsha + (e.find() ? Long.parseLong(e.group(1)) : 0);
  }

  @Test
  void nodesShareOneBucket() {
    Tenant acme = tenant("acme", 100, 100);
    RedisRateLimiter a = node(2);
    RedisRateLimiter b = node(2);
    freeze("acme", "app", 2);
    RateDecision first = acquire(a, acme); // 2 -> 1 (shared)
    assertTrue(first.allowed());
    assertFalse(first.fallback());
    assertEquals(1, first.remaining());
    assertTrue(acquire(b, acme).allowed()); // 1 -> 0
    RateDecision limited = acquire(a, acme); // 0 -> 0: a alone took one token, but the bucket is shared
    assertFalse(limited.allowed());
    assertEquals(0, limited.remaining());
    assertEquals(1, limited.retryAfterSeconds());
    assertFalse(acquire(b, acme).allowed());
    assertEquals(0, stats.backendErrors());
  }

  @Test
  void perApiOverridesHaveTheirOwnRedisBucket() {
    Tenant acme = tenant("acme", ConfigBuilders.rateLimit(100, 100,
        Map.of("get_room_list", ConfigBuilders.apiBucket(10, 10))));
    RedisRateLimiter a = node(1);
    freeze("acme", "api:get_room_list", 1);
    RateDecision list = a.tryAcquire(acme, "get_room_list").await(); // list 1 -> 0
    assertTrue(list.allowed());
    assertEquals("get_room_list", list.policy());
    assertFalse(a.tryAcquire(acme, "get_room_list").await().allowed());
    assertTrue(a.tryAcquire(acme, "create").await().allowed(), "the app bucket is another one");
  }

  @Test
  void afterARejectionThisNodeRejectsLocallyUntilTheNextTokenIsDue() {
    Tenant acme = tenant("acme", 10, 10); // a token every 100 ms
    RedisRateLimiter a = node(1);
    freeze("acme", "app", 0);
    assertFalse(acquire(a, acme).allowed()); // Redis: 0 tokens, the next in <= 100 ms
    long calls = scriptCalls();
    RateDecision local = acquire(a, acme);
    assertFalse(local.allowed());
    assertFalse(local.fallback());
    assertEquals(calls, scriptCalls(), "answered without Redis");
    time.advanceMillis(100); // the hint has run out: ask Redis again
    assertFalse(acquire(a, acme).allowed());
    assertEquals(calls + 1, scriptCalls());
  }

  @Test
  void thePreFilterRejectsWhatThisNodeAloneAlreadyExceeded() {
    Tenant acme = tenant("acme", 2, 2); // local pre-filter: capacity 2, fake time frozen
    RedisRateLimiter a = node(1);
    freeze("acme", "app", 1_000);
    assertTrue(acquire(a, acme).allowed()); // pre-filter 2 -> 1, Redis 1000 -> 999
    assertTrue(acquire(a, acme).allowed()); // pre-filter 1 -> 0, Redis 999 -> 998
    long calls = scriptCalls();
    assertFalse(acquire(a, acme).allowed()); // pre-filter empty: this node alone admitted the whole burst
    assertEquals(calls, scriptCalls(), "answered without Redis");
  }

  @Test
  void thePreFilterOnlyCountsWhatRedisAdmitted() {
    Tenant acme = tenant("acme", 2, 2);
    RedisRateLimiter a = node(1);
    RedisRateLimiter b = node(1);
    freeze("acme", "app", 0);
    assertFalse(acquire(a, acme).allowed()); // Redis says no: a's pre-filter token is given back (2 -> 1 -> 2)
    time.advanceMillis(1_000); // past the denial hint; the pre-filter stays full at 2
    freeze("acme", "app", 2); // b's traffic elsewhere is done; the shared bucket has 2 again
    assertTrue(acquire(a, acme).allowed()); // pre-filter 2 -> 1
    assertTrue(acquire(a, acme).allowed()); // pre-filter 1 -> 0: not starved by the earlier rejection
    assertFalse(acquire(b, acme).allowed());
  }

  @Test
  void redisDownLocalPolicyEnforcesTheNodesShare() {
    Tenant acme = tenant("acme", ConfigBuilders.rateLimit(4, 4, Map.of(), OnRedisError.LOCAL));
    RedisRateLimiter a = node(2); // share: 2 tokens/s, capacity 2
    server.stop();
    RateDecision first = acquire(a, acme);
    assertFalse(first.allowed(), "Redis never said what was left: the share starts empty, not full");
    assertTrue(first.fallback());
    time.advanceMillis(500); // the share refills at 2 tokens/s: 0 -> 1 (Redis is left alone for a second)
    RateDecision d = acquire(a, acme); // 1 -> 0
    assertTrue(d.allowed());
    assertTrue(d.fallback());
    assertEquals(0, d.remaining());
    assertEquals("\"app\";q=4;w=1", d.policies(), "the headers keep the configured limit");
    RateDecision limited = acquire(a, acme);
    assertFalse(limited.allowed());
    assertTrue(limited.fallback());
    assertEquals(1, stats.backendErrors(), "only the first decision tried Redis; the others fell back at once");
  }

  /**
   * Tenants come and go at runtime (admin API): a deleted tenant's leases, ledgers, hints and shares go with it, and
   * a tenant whose id begins with the same letters keeps its own.
   */
  @Test
  void aForgottenTenantLeavesNothingBehind() {
    Tenant acme = tenant("acme", ConfigBuilders.rateLimit(100, 100,
        Map.of("get_room_list", ConfigBuilders.apiBucket(10, 10)), OnRedisError.LOCAL));
    Tenant acme2 = tenant("acme2", 100, 100);
    RedisRateLimiter a = node(1);
    for (int i = 0; i < 3; i++) {
      assertTrue(a.tryAcquire(acme, "get_room_list").await().allowed());
      assertTrue(acquire(a, acme).allowed());
      assertTrue(acquire(a, acme2).allowed());
    }
    server.stop(); // fallback shares too
    acquire(a, acme);
    acquire(a, acme2);
    assertTrue(a.entriesOf("acme") >= 5, "leases, ledgers and limits of both buckets: " + a.entriesOf("acme"));
    int acme2Entries = a.entriesOf("acme2");
    a.forget("acme");
    assertEquals(0, a.entriesOf("acme"));
    assertEquals(acme2Entries, a.entriesOf("acme2"));
  }

  @Test
  void aFallbackStartsFromTheNodesShareOfWhatRedisLastSaidAndIsPaidForWhenRedisReturns() {
    Tenant acme = tenant("acme", ConfigBuilders.rateLimit(100, 100, Map.of(), OnRedisError.LOCAL));
    RedisRateLimiter a = node(2); // share: 50 tokens/s, capacity 50; fake time frozen, so no refill
    int port = server.port();
    freeze("acme", "app", 10);
    assertFalse(acquire(a, acme).fallback()); // 10 -> 9: Redis says 9 are left
    server.stop();
    for (int i = 0; i < 4; i++) { // this node's share of the 9: 4, not the 50 of a full bucket
      RateDecision d = acquire(a, acme);
      assertTrue(d.allowed() && d.fallback(), i + ": " + d);
    }
    assertFalse(acquire(a, acme).allowed());
    assertEquals(4, a.owed(acme, "create"));
    server = RedisServerProcess.startOn(port);
    freeze("acme", "app", 10); // the shared bucket refilled while Redis was away
    time.advance(java.time.Duration.ofNanos(RETRY_NANOS));
    RateDecision back = acquire(a, acme); // pays the 4 admitted on its own, then takes 1: 10 -> 5
    assertTrue(back.allowed());
    assertFalse(back.fallback());
    assertEquals(5, bucketTokens("acme"), 0.0);
    assertEquals(0, a.owed(acme, "create"));
  }

  @Test
  void aSlowAnswerIsNotAnOutageAndItsTokensAreNeitherLostNorSpentTwice() {
    // 10/s with a burst of 100: the frozen bucket expires 20 s after its last write, not while Redis is paused
    Tenant acme = tenant("acme", ConfigBuilders.rateLimit(10, 100, Map.of(), OnRedisError.LOCAL));
    RedisRateLimiter a = node(1, 300);
    a.loadScript().await();
    freeze("acme", "app", 50);
    assertFalse(acquire(a, acme).fallback()); // 50 -> 49
    long calls = scriptCalls();
    server.command("CLIENT", "PAUSE", "10000", "ALL"); // Redis holds every command
    try {
      for (int i = 0; i < RedisRateLimiter.TIMEOUTS_FOR_OUTAGE; i++) {
        RateDecision d = acquire(a, acme); // each waits 300 ms, then this node's share of the 49 decides
        assertTrue(d.allowed() && d.fallback(), i + ": " + d);
      }
      // Three timeouts in a row, but of calls sent at one instant on the fake clock (as when this process stalls):
      // not an outage, so the next decision asks Redis again. A timeout of a call sent a timeout later is one.
      time.advanceMillis(1_000);
      assertTrue(acquire(a, acme).fallback()); // the 4th call: times out, Redis is now declared down
      assertTrue(acquire(a, acme).fallback()); // answered at once, no call (counted below)
      assertEquals(RedisRateLimiter.TIMEOUTS_FOR_OUTAGE + 1, stats.backendErrors());
      // Five requests admitted without Redis: the 2nd, 3rd and 4th calls carry what the one before them owed
      // (1 each), so 2 are still owed here.
      assertEquals(2, a.owed(acme, "create"));
    } finally {
      server.command("CLIENT", "UNPAUSE");
    }
    // The four held calls now run: each grants one token for a request that was already admitted on its own. The
    // first two pay what is still owed; the last two find that paid (by the owed tokens the calls carried) and go
    // to this node's lease instead. Redis gave 4 + 3 = 7 tokens for 5 admissions, and 2 are left to spend.
    Eventually.await("the late answers", () -> a.owed(acme, "create") == 0, 5_000);
    assertEquals(calls + 4, scriptCalls(), "the decision after the outage began sent no call");
    assertEquals(49 - 4 - 3, bucketTokens("acme"), 0.0);
    for (int i = 0; i < 2; i++) {
      RateDecision leased = acquire(a, acme);
      assertTrue(leased.allowed() && !leased.fallback(), "a late grant is spent, not lost: " + leased);
    }
    assertEquals(calls + 4, scriptCalls(), "spent from the lease");
    assertTrue(acquire(a, acme).fallback(), "the lease is used up; Redis is still left alone for a second");
  }

  @Test
  void redisDownOpenPolicyAdmitsWithoutCounting() {
    Tenant acme = tenant("acme", ConfigBuilders.rateLimit(1, 1, Map.of(), OnRedisError.OPEN));
    RedisRateLimiter a = node(3);
    server.stop();
    for (int i = 0; i < 5; i++) {
      RateDecision d = acquire(a, acme);
      assertTrue(d.allowed());
      assertTrue(d.fallback());
      assertEquals(RateDecision.UNKNOWN, d.remaining());
    }
  }

  @Test
  void redisDownClosedPolicyRejects() {
    Tenant acme = tenant("acme", ConfigBuilders.rateLimit(100, 100, Map.of(), OnRedisError.CLOSED));
    RedisRateLimiter a = node(3);
    server.stop();
    RateDecision d = acquire(a, acme);
    assertFalse(d.allowed());
    assertTrue(d.fallback());
    assertEquals(1, d.retryAfterSeconds());
    assertTrue(stats.backendErrors() >= 1);
  }

  @Test
  void backOnRedisAsSoonAsItReturns() {
    Tenant acme = tenant("acme", ConfigBuilders.rateLimit(100, 100, Map.of(), OnRedisError.CLOSED));
    RedisRateLimiter a = node(1);
    int port = server.port();
    server.stop();
    assertTrue(acquire(a, acme).fallback());
    server = RedisServerProcess.startOn(port);
    assertTrue(acquire(a, acme).fallback(), "Redis is left alone for a second after a failure");
    time.advance(java.time.Duration.ofNanos(RETRY_NANOS)); // the retry is due
    RateDecision d = acquire(a, acme);
    assertTrue(d.allowed(), String.valueOf(d));
    assertFalse(d.fallback());
    assertEquals(99, d.remaining(), "a fresh bucket in the new Redis");
  }

  /**
   * A request that waits for other requests' calls is decided by their answers however long they took in all, as
   * long as none missed its own deadline: a machine too busy to answer three calls in a row within the deadline once
   * had 218 of 2,000 requests decided by the fallback without any call missing it. Redis's answers are held by a
   * proxy and let through when the test says: each call answers 2 s after it was sent, within its 3 s deadline, and
   * the last request waits 4 s for two of them.
   */
  @Test
  void aRequestWaitingForOtherCallsIsDecidedByTheirAnswersHoweverLongTheyTookInAll() throws Exception {
    try (SilenceableProxy proxy = new SilenceableProxy(server.port())) {
      Redis viaProxy = RedisClients.create(vertx, ConfigBuilders.redis("redis://127.0.0.1:" + proxy.port(), 4, 256,
          5_000));
      try {
        RedisRateLimiter a = new RedisRateLimiter(vertx, viaProxy, 3_000, 1, stats, time, RETRY_NANOS);
        Tenant acme = tenant("acme", 10, 100);
        a.loadScript().await();
        freeze("acme", "app", 50);
        long calls = scriptCalls();
        proxy.hold();
        List<Future<RateDecision>> decisions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          decisions.add(a.tryAcquire(acme, "create")); // one call (a lease of 1); the other two wait for it
        }
        Thread.sleep(2_000);
        proxy.releaseHeld(); // the first request's token; the second sends its call, the third waits for that one
        Thread.sleep(2_000);
        proxy.stopHolding();
        for (Future<RateDecision> d : decisions) {
          RateDecision decided = d.await();
          assertTrue(decided.allowed() && !decided.fallback(), String.valueOf(decided));
        }
        assertEquals(0, stats.backendErrors(), "no call missed its deadline");
        assertEquals(calls + 3, scriptCalls());
        assertEquals(47, bucketTokens("acme"), 0.0);
      } finally {
        viaProxy.close();
      }
    }
  }

  @Test
  void aDecisionNeverWaitsLongerThanTheRedisTimeout() {
    Tenant acme = tenant("acme", ConfigBuilders.rateLimit(100, 100, Map.of(), OnRedisError.OPEN));
    RedisRateLimiter a = node(1, 300);
    assertFalse(node(1).tryAcquire(acme, "create").await().fallback()); // a pooled connection is open
    server.command("CLIENT", "PAUSE", "10000", "ALL"); // Redis holds every command for 10 s
    try {
      RateDecision d = acquire(a, acme); // the 300 ms deadline decides: fall back, do not wait 10 s
      assertTrue(d.fallback());
      assertTrue(d.allowed());
      assertEquals(1, stats.backendErrors());
    } finally {
      server.command("CLIENT", "UNPAUSE");
    }
  }

  private double bucketTokens(String tenantId) {
    return Double.parseDouble(server.command("HGET", RedisKeys.rateLimit(tenantId, "app"), "t"));
  }

  /** {@code n} decisions at the frozen fake time, each its own script call (no demand measured yet), all allowed. */
  private void decideEach(RedisRateLimiter limiter, Tenant t, int n) {
    for (int i = 0; i < n; i++) {
      assertTrue(acquire(limiter, t).allowed());
    }
  }

  @Test
  void aBusyNodeTakesALeaseAndSpendsItWithoutRedis() {
    Tenant acme = tenant("acme", 1_000_000, 1_000_000);
    RedisRateLimiter a = node(1);
    freeze("acme", "app", 10_000);
    a.loadScript().await(); // every call below is one EVALSHA
    long calls = scriptCalls();
    decideEach(a, acme, 50);
    assertEquals(calls + 50, scriptCalls(), "no demand measured yet: one token per call");
    time.advanceMillis(10); // 51 requests in 10 ms: 5,100/s, so the lease covers 20 ms of that
    RateDecision leased = acquire(a, acme);
    assertTrue(leased.allowed());
    assertEquals(10_000 - 50 - 102, bucketTokens("acme"), 0.0, "102 tokens taken from the shared bucket at once");
    assertEquals(10_000 - 50 - 1, leased.remaining(), "Redis's count plus the 101 this node still holds");
    calls = scriptCalls();
    decideEach(a, acme, 50);
    assertEquals(calls, scriptCalls(), "the lease answers the next requests");
    decideEach(a, acme, 1); // 50 left, under half of 102: the next lease is fetched in the background
    long afterRefill = calls + 1;
    Eventually.await("the background refill", () -> scriptCalls() == afterRefill
        && bucketTokens("acme") == 10_000 - 50 - 102 - 102, 5_000);
    decideEach(a, acme, 101); // 50 + 102 held: answered without Redis again
    assertEquals(afterRefill, scriptCalls());
  }

  /**
   * A node that has decided 50 requests of {@code t} one by one (no demand measured yet), then 10 ms passed: its
   * next script call asks for a lease of 102 tokens (51 requests in 10 ms, 20 ms of that demand).
   */
  private RedisRateLimiter busyNode(Tenant t, double bucketTokens) {
    RedisRateLimiter a = node(1);
    freeze(t.id(), "app", bucketTokens);
    decideEach(a, t, 50);
    time.advanceMillis(10);
    return a;
  }

  @Test
  void leasedTokensNotSpentInTimeAreDropped() {
    Tenant acme = tenant("acme", 1_000_000, 1_000_000);
    RedisRateLimiter a = busyNode(acme, 10_000);
    decideEach(a, acme, 1); // leases 102, spends 1
    time.advance(java.time.Duration.ofNanos(TokenLease.TTL_NANOS));
    long calls = scriptCalls();
    assertTrue(acquire(a, acme).allowed());
    assertEquals(calls + 1, scriptCalls(), "an expired lease is not spent");
  }

  @Test
  void aLeaseIsAtMostAnEighthOfTheNodesShareOfTheBurst() {
    Tenant acme = tenant("acme", 800, 800);
    RedisRateLimiter a = node(2); // share 400: at most 50 at once
    freeze("acme", "app", 800);
    decideEach(a, acme, 300); // 300 in 10 ms would be a lease of 600
    time.advanceMillis(10);
    decideEach(a, acme, 1);
    assertEquals(800 - 300 - 50, bucketTokens("acme"), 0.0);
  }

  @Test
  void aLeaseIsNeverMoreThanTheBucketHas() {
    Tenant acme = tenant("acme", 1_000_000, 1_000_000);
    RedisRateLimiter a = busyNode(acme, 60);
    RateDecision last = acquire(a, acme); // wants 102, gets the 10 that are there
    assertTrue(last.allowed());
    assertEquals(0, bucketTokens("acme"), 0.0);
    decideEach(a, acme, 9);
    assertFalse(acquire(a, acme).allowed(), "the lease and the bucket are empty");
  }

  @Test
  void requestsArrivingWhileALeaseIsFetchedWaitForItInsteadOfAskingRedis() {
    Tenant acme = tenant("acme", 1_000_000, 1_000_000);
    RedisRateLimiter a = busyNode(acme, 10_000);
    long calls = scriptCalls();
    List<Future<RateDecision>> burst = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      burst.add(a.tryAcquire(acme, "create")); // not awaited: all sent while the first call is in flight
    }
    for (Future<RateDecision> f : burst) {
      assertTrue(f.await().allowed());
    }
    assertEquals(calls + 1, scriptCalls(), "one script call for all 40");
  }
}
