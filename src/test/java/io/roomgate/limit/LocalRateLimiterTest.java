package io.roomgate.limit;

import io.roomgate.config.ConfigBuilders;
import io.roomgate.config.RateLimitConfig;
import io.roomgate.tenant.Tenant;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.roomgate.limit.Tenants.tenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-process buckets on a fake clock: no sleeps, bucket levels commented at each step. */
class LocalRateLimiterTest {
  private final FakeTime time = new FakeTime();
  private final LocalRateLimiter limiter = new LocalRateLimiter(time, 1, false);

  private RateDecision acquire(Tenant t, String api) {
    return limiter.tryAcquire(t, api).result();
  }

  @Test
  void admitsTheBurstThenRefillsAtTheRate() {
    // 5 tokens/s = one per 200 ms, capacity 5
    Tenant acme = tenant("acme", 5, 5);
    RateDecision d = acquire(acme, "create"); // 5 -> 4 tokens
    assertTrue(d.allowed());
    assertEquals(4, d.remaining());
    assertEquals("app", d.policy());
    assertEquals("\"app\";q=5;w=1", d.policies());
    assertEquals(1, d.resetSeconds(), "one token missing, back within a second");
    for (int left = 4; left > 0; left--) {
      assertTrue(acquire(acme, "create").allowed()); // 4 -> 0 tokens
    }
    RateDecision limited = acquire(acme, "create"); // 0 -> 0 tokens
    assertFalse(limited.allowed());
    assertEquals(0, limited.remaining());
    assertEquals(1, limited.retryAfterSeconds());
    assertEquals(1, limited.resetSeconds());
    assertFalse(limited.fallback());

    time.advanceMillis(199); // 0 -> 0.995 tokens
    assertFalse(acquire(acme, "create").allowed());
    time.advanceMillis(1); // 0.995 -> 1 tokens
    assertTrue(acquire(acme, "create").allowed()); // 1 -> 0 tokens
    time.advanceMillis(10_000); // 0 -> 5 tokens (capped at the burst)
    for (int left = 5; left > 0; left--) {
      assertTrue(acquire(acme, "create").allowed()); // 5 -> 0 tokens
    }
    assertFalse(acquire(acme, "create").allowed());
  }

  @Test
  void tenantsHaveTheirOwnBuckets() {
    Tenant acme = tenant("acme", 1, 1);
    Tenant globex = tenant("globex", 1, 1);
    assertTrue(acquire(acme, "create").allowed()); // acme 1 -> 0
    assertFalse(acquire(acme, "create").allowed());
    assertTrue(acquire(globex, "create").allowed()); // globex 1 -> 0, untouched by acme
  }

  @Test
  void aPerApiBucketAlsoDrawsFromTheTenantsBucket() {
    Tenant acme = tenant("acme", ConfigBuilders.rateLimit(100, 100,
        Map.of("get_room_list", ConfigBuilders.apiBucket(2, 2))));
    RateDecision d = acquire(acme, "get_room_list"); // list 2 -> 1, app 100 -> 99
    assertEquals("get_room_list", d.policy(), "the policy with the least room");
    assertEquals("\"get_room_list\";q=2;w=1, \"app\";q=100;w=1", d.policies());
    assertEquals(1, d.remaining());
    assertTrue(acquire(acme, "get_room_list").allowed()); // list 1 -> 0, app 99 -> 98
    RateDecision limited = acquire(acme, "get_room_list"); // list empty: nothing taken from the app either
    assertFalse(limited.allowed());
    assertEquals("get_room_list", limited.policy());
    RateDecision other = acquire(acme, "get_room_info"); // app 98 -> 97: the list's takes counted here too
    assertTrue(other.allowed());
    assertEquals("app", other.policy());
    assertEquals(97, other.remaining());
    time.advanceMillis(500); // list 0 -> 1
    assertTrue(acquire(acme, "get_room_list").allowed());
  }

  @Test
  void aChangedLimitAppliesToTheRunningBucketWithoutResettingIt() {
    Tenant before = tenant("acme", 2, 2);
    assertTrue(acquire(before, "create").allowed()); // 2 -> 1
    assertTrue(acquire(before, "create").allowed()); // 1 -> 0
    assertFalse(acquire(before, "create").allowed());
    // hot reload: a new Tenant object with a new limit; what was used stays used
    Tenant after = tenant("acme", 4, 4);
    RateDecision still = acquire(after, "create"); // 0 -> 0: not refilled by the reload
    assertFalse(still.allowed());
    assertEquals("\"app\";q=4;w=1", still.policies());
    time.advanceMillis(250); // 0 -> 1 at the new rate, 4/s
    assertTrue(acquire(after, "create").allowed()); // 1 -> 0
    time.advanceMillis(10_000); // 0 -> 4, the new capacity
    for (int i = 0; i < 4; i++) {
      assertTrue(acquire(after, "create").allowed()); // 4 -> 0
    }
    assertFalse(acquire(after, "create").allowed());
    assertTrue(acquire(tenant("acme", 1, 1), "create").allowed() == false, "a smaller bucket is capped, not reset");
  }

  @Test
  void aNodesShareIsTheRateDividedByTheNodeCount() {
    LocalRateLimiter share = new LocalRateLimiter(time, 3, true); // on_redis_error: local with 3 nodes
    Tenant acme = tenant("acme", 3, 6); // per node: 1 token/s, capacity 2
    assertFalse(share.decide(Limit.of(acme, "create")).allowed(), "a fallback bucket starts empty");
    time.advanceMillis(5_000); // refilled to its capacity, 2
    RateDecision d = share.decide(Limit.of(acme, "create")); // 2 -> 1
    assertTrue(d.allowed());
    assertTrue(d.fallback());
    assertEquals("\"app\";q=3;w=1", d.policies(), "the headers keep the configured limit");
    assertTrue(share.decide(Limit.of(acme, "create")).allowed()); // 1 -> 0
    assertFalse(share.decide(Limit.of(acme, "create")).allowed());
    time.advanceMillis(999); // 0 -> 0.999
    assertFalse(share.decide(Limit.of(acme, "create")).allowed());
    time.advanceMillis(1); // 0.999 -> 1
    assertTrue(share.decide(Limit.of(acme, "create")).allowed()); // 1 -> 0
  }

  @Test
  void aShareBelowOneTokenPerSecondStillRefills() {
    LocalRateLimiter share = new LocalRateLimiter(time, 4, true);
    Tenant acme = tenant("acme", 1, 1); // per node: 0.25 token/s, capacity 1
    share.restartOnce(Limit.of(acme, "x"), 5, 1); // at most its capacity: 1
    assertTrue(share.decide(Limit.of(acme, "x")).allowed()); // 1 -> 0
    RateDecision limited = share.decide(Limit.of(acme, "x"));
    assertFalse(limited.allowed());
    assertEquals(4, limited.retryAfterSeconds());
    time.advanceMillis(4_000); // 0 -> 1
    assertTrue(share.decide(Limit.of(acme, "x")).allowed());
  }

  @Test
  void aRestartedFallbackBucketHoldsWhatItWasGiven() {
    LocalRateLimiter share = new LocalRateLimiter(time, 2, true);
    Tenant acme = tenant("acme", 100, 100); // per node: 50 tokens/s, capacity 50
    Limit limit = Limit.of(acme, "create");
    assertEquals(0, share.available(limit));
    share.restartOnce(limit, 3, 1);
    assertEquals(3, share.available(limit));
    share.restartOnce(limit, 0, 2);
    assertEquals(0, share.available(limit));
  }

  /**
   * A fallback bucket starts once per outage, in the same atomic update as the decisions: a decision on another event
   * loop that asks to start it again in the same outage changes nothing (what was taken stays taken), and none finds
   * it not yet started. (It was once started after a separate claim, and a decision in between found it empty and
   * refused a request of a tenant allowed 100,000/s.) A tenant's buckets share its policies without starting them
   * again in turn.
   */
  @Test
  void aFallbackBucketStartsOncePerOutageWhoeverAsks() {
    LocalRateLimiter share = new LocalRateLimiter(time, 1, true);
    Tenant acme = tenant("acme", 100, 100);
    Limit limit = Limit.of(acme, "create");
    share.restartOnce(limit, 10, 7);
    assertTrue(share.decide(limit).allowed());
    assertTrue(share.decide(limit).allowed());
    share.restartOnce(limit, 10, 7); // the same outage, asked again (another event loop): nothing is given back
    assertEquals(8, share.available(limit));
    share.restartOnce(limit, 5, 8); // Redis answered in between: a new outage starts from its new share
    assertEquals(5, share.available(limit));

    Tenant withApi = tenant("globex", ConfigBuilders.rateLimit(100, 100,
        Map.of("get_room_list", RateLimitConfig.perApiBucket(10, 10, RateLimitConfig.OnRedisError.LOCAL))));
    Limit app = Limit.of(withApi, "create"); // the tenant's bucket
    Limit rooms = Limit.of(withApi, "get_room_list"); // its own bucket and the tenant's
    share.restartOnce(app, 20, 3);
    assertTrue(share.decide(app).allowed());
    share.restartOnce(rooms, 20, 3); // starts its own bucket; the tenant's, started for this outage, stays at 19
    assertEquals(10, share.available(rooms)); // its own: at most its capacity
    assertEquals(19, share.available(app));
  }

  /** A deleted tenant's policies and limits go with it; a tenant whose id begins the same keeps its own. */
  @Test
  void aForgottenTenantLeavesNothingBehind() {
    LocalRateLimiter limiter = new LocalRateLimiter(time, 1, false);
    Tenant acme = tenant("acme", ConfigBuilders.rateLimit(100, 100,
        Map.of("get_room_list", RateLimitConfig.perApiBucket(10, 10, RateLimitConfig.OnRedisError.LOCAL))));
    Tenant acme2 = tenant("acme2", 100, 100);
    assertTrue(limiter.tryAcquire(acme, "get_room_list").await().allowed());
    assertTrue(limiter.tryAcquire(acme, "create").await().allowed());
    assertTrue(limiter.tryAcquire(acme2, "create").await().allowed());
    limiter.forget("acme");
    assertFalse(limiter.holds("acme"));
    assertTrue(limiter.holds("acme2"));
    assertEquals(99, limiter.available(Limit.of(acme2, "create")), "acme2's bucket kept what it was");
  }
}
