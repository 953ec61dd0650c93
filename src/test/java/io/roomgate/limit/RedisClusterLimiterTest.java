package io.roomgate.limit;

import io.roomgate.redis.RedisClients;
import io.roomgate.redis.RedisScript;
import io.roomgate.redis.RedisKeys;
import io.roomgate.tenant.Tenant;
import io.roomgate.testsupport.RedisClusterProcess;
import io.roomgate.testsupport.RedisServerProcess;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.roomgate.limit.Tenants.tenant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distributed limiter on a real 3-master / 3-replica Redis Cluster: its script on every master, loaded again
 * when a master does not know it (as a promoted replica does not), and one bucket shared by several gateways.
 */
class RedisClusterLimiterTest {
  private final FakeTime time = new FakeTime();
  private RedisClusterProcess cluster;
  private Vertx vertx;
  private Redis redis;
  private RateLimitStats stats;

  @BeforeEach
  void up() {
    cluster = RedisClusterProcess.shared();
    cluster.flushAll();
    vertx = Vertx.vertx();
    redis = RedisClients.create(vertx, cluster.config(4, 256, 5_000));
    stats = new RateLimitStats();
  }

  @AfterEach
  void down() {
    redis.close();
    vertx.close().await();
  }

  private RedisRateLimiter node(int nodes) {
    return new RedisRateLimiter(vertx, redis, 5_000, nodes, stats, time, 1_000_000_000L);
  }

  private static boolean knows(RedisServerProcess server, String sha) {
    return server.command("SCRIPT", "EXISTS", sha).equals("[1]");
  }

  @Test
  void theScriptIsLoadedOnEveryMaster() {
    cluster.masters().forEach(m -> m.command("SCRIPT", "FLUSH"));
    node(1).loadScript().await();
    assertEquals(3, cluster.masters().size());
    for (RedisServerProcess master : cluster.masters()) {
      assertTrue(knows(master, RedisRateLimiter.SCRIPT.sha()), "SCRIPT LOAD reached the master on " + master.port());
    }
  }

  @Test
  void aMasterThatDoesNotKnowTheScriptGetsItAgain() {
    Tenant acme = tenant("acme", 100, 100);
    RedisServerProcess owner = cluster.masterOf(RedisKeys.rateLimit("acme", "app"));
    owner.command("SCRIPT", "FLUSH"); // as a replica promoted by a failover: it never saw SCRIPT LOAD
    long reloadsBefore = RedisScript.reloads();
    RateDecision d = node(1).tryAcquire(acme, "create").await();
    assertTrue(d.allowed());
    assertFalse(d.fallback(), "NOSCRIPT is no Redis failure");
    assertEquals(0, stats.backendErrors());
    assertEquals(reloadsBefore + 1, RedisScript.reloads());
    assertTrue(knows(owner, RedisRateLimiter.SCRIPT.sha()), "EVAL cached it on that master");
  }

  @Test
  void gatewaysShareOneBucketOnTheCluster() {
    Tenant acme = tenant("acme", 100, 100);
    String key = RedisKeys.rateLimit("acme", "app");
    RedisServerProcess owner = cluster.masterOf(key);
    // two tokens, frozen for an hour (the script never refills while its clock is behind the bucket's)
    long serverMicros = Long.parseLong(owner.command("TIME").replaceAll("[\\[\\] ]", "").split(",")[0]) * 1_000_000L;
    owner.command("HSET", key, "t", "2", "ts", String.valueOf(serverMicros + 3_600_000_000L));
    RedisRateLimiter a = node(2);
    RedisRateLimiter b = node(2);
    assertTrue(a.tryAcquire(acme, "create").await().allowed()); // 2 -> 1
    assertTrue(b.tryAcquire(acme, "create").await().allowed()); // 1 -> 0
    RateDecision limited = a.tryAcquire(acme, "create").await(); // shared: empty for a too
    assertFalse(limited.allowed());
    assertFalse(limited.fallback());
    assertFalse(b.tryAcquire(acme, "create").await().allowed());
    assertEquals(0, stats.backendErrors());
  }
}
