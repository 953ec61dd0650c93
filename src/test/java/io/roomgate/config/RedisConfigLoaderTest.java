package io.roomgate.config;

import io.roomgate.redis.RedisClients;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code redis.type} standalone | cluster | sentinel, credentials and TLS: what is read, and every bad combination. */
class RedisConfigLoaderTest {
  private static final String REST = "livekit: {api_key: k, api_secret: 0123456789abcdef0123456789abcdef}\n"
      + "tenants:\n  - id: demo\n    plugnmeet: {api_key: pk, api_secret: ps-0123456789abcdef}\n";

  private static RedisConfig redis(String section) {
    return ConfigLoader.parse(REST + "redis: " + section + "\n").redis();
  }

  private static void assertError(String section, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> redis(section));
    assertEquals(message, e.getMessage());
  }

  @Test
  void standaloneIsTheDefaultAndUrlStaysTheShorthand() {
    RedisConfig c = redis("{url: redis://127.0.0.1:6390}");
    assertEquals(RedisConfig.Type.STANDALONE, c.type());
    assertEquals(List.of("redis://127.0.0.1:6390"), c.urls());
    assertNull(c.password());
    RedisOptions o = RedisClients.options(c);
    assertEquals(RedisClientType.STANDALONE, o.getType());
    assertEquals(List.of("redis://127.0.0.1:6390"), o.getEndpoints());
  }

  @Test
  void clusterTakesSeedNodesAndAPassword() {
    RedisConfig c = redis("{type: cluster, urls: [redis://10.0.0.1:7000, redis://10.0.0.2:7000], password: s3cret}");
    assertEquals(RedisConfig.Type.CLUSTER, c.type());
    assertEquals(2, c.urls().size());
    RedisOptions o = RedisClients.options(c);
    assertEquals(RedisClientType.CLUSTER, o.getType());
    assertEquals(List.of("redis://10.0.0.1:7000", "redis://10.0.0.2:7000"), o.getEndpoints());
    assertEquals("s3cret", o.getPassword());
    // XREADGROUP is routed as read-only by the client (#440): replicas must never be used
    assertEquals(RedisReplicas.NEVER, o.getUseReplicas());
  }

  @Test
  void sentinelTakesSentinelsMasterNameAndAnAclUser() {
    RedisConfig c = redis("{type: sentinel, urls: [\"redis://10.0.0.1:26379\", \"redis://10.0.0.2:26379\"], "
        + "master_name: rooms, user: roomgate, password: s3cret}");
    RedisOptions o = RedisClients.options(c);
    assertEquals(RedisClientType.SENTINEL, o.getType());
    assertEquals("rooms", o.getMasterName());
    assertEquals(RedisRole.MASTER, o.getRole());
    assertEquals("roomgate", o.getUser());
    assertEquals("s3cret", o.getPassword());
    assertEquals(RedisReplicas.NEVER, o.getUseReplicas());
  }

  @Test
  void tlsUrlsAreAcceptedInEveryMode() {
    assertEquals("rediss://h:6380", redis("{url: \"rediss://h:6380\"}").url());
    assertEquals("rediss://a:7000", redis("{type: cluster, urls: [\"rediss://a:7000\", \"rediss://b:7000\"]}").url());
    assertEquals("rediss://s:26379",
        redis("{type: sentinel, urls: [\"rediss://s:26379\"], master_name: m}").url());
  }

  @Test
  void thePasswordNeverReachesToString() {
    RedisConfig c = redis("{type: cluster, urls: [\"redis://u:urlpass@a:7000\"]}");
    assertFalse(c.toString().contains("urlpass"), c.toString());
    RedisConfig d = redis("{url: redis://a:6379, user: app, password: hunter2-long}");
    assertFalse(d.toString().contains("hunter2"), d.toString());
    assertTrue(d.toString().contains("user=app"), d.toString());
  }

  @Test
  void badCombinationsNameTheKey() {
    assertError("{type: replicated, url: redis://a}",
        "redis.type: must be one of standalone, cluster, sentinel, was 'replicated'");
    assertError("{urls: [redis://a:1]}", "redis.urls: is for type cluster or sentinel; a standalone server is redis.url");
    assertError("{type: standalone}", "redis.url: is required");
    assertError("{type: cluster, url: redis://a:7000}",
        "redis.url: is for type standalone; with type cluster list the seed nodes in redis.urls");
    assertError("{type: sentinel, url: redis://a:26379, master_name: m}",
        "redis.url: is for type standalone; with type sentinel list the sentinels in redis.urls");
    assertError("{type: cluster}", "redis.urls: at least one URL is required with type cluster");
    assertError("{type: cluster, urls: [redis://a:7000, \"unix:///tmp/r.sock\"]}",
        "redis.urls[1]: must start with redis:// or rediss://");
    assertError("{type: cluster, urls: [redis://a:7000, \"rediss://b:7000\"]}",
        "redis.urls[1]: mixes redis:// and rediss:// (TLS is all or nothing: every node gets the first URL's scheme)");
    assertError("{type: sentinel, urls: [redis://a:26379]}",
        "redis.master_name: is required with type sentinel (the name the sentinels monitor)");
    assertError("{type: cluster, urls: [redis://a:7000], master_name: m}", "redis.master_name: is for type sentinel only");
    assertError("{url: redis://a:6379, master_name: m}", "redis.master_name: is for type sentinel only");
    assertError("{url: redis://a:6379, user: app}",
        "redis.user: needs redis.password (an ACL user always authenticates with one)");
    assertError("{url: redis://a:6379, password: \"\"}",
        "redis.password: must be a non-empty string");
    assertError("{url: \"redis://:p@a:6379\", password: q}",
        "redis.url: carries credentials and redis.password is set too: give them in one place");
    assertError("{type: cluster, urls: [redis://a:7000, \"redis://u:p@b:7000\"], password: q}",
        "redis.urls[1]: carries credentials and redis.password is set too: give them in one place");
    assertError("{type: cluster, urls: [redis://a:7000], pool_size: 8, max_waiting: 4}",
        "redis.max_waiting: must be at least redis.pool_size (8) with type cluster");
    assertError("{type: cluster, urls: [redis://a:7000], sentinels: [x]}", "redis.sentinels: unknown key");
  }
}
