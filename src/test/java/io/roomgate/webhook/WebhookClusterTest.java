package io.roomgate.webhook;

import io.roomgate.redis.RedisKeys;
import io.roomgate.testsupport.Eventually;
import io.roomgate.testsupport.RedisClusterProcess;
import io.roomgate.testsupport.RedisServerProcess;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** The Webhook contract on a real 3-master / 3-replica Redis Cluster (the third backend). */
class WebhookClusterTest extends WebhookContract {
  @Override
  protected String redisUrl() {
    RedisClusterProcess cluster = RedisClusterProcess.shared();
    cluster.flushAll();
    return cluster.yaml();
  }

  /**
   * vertx-redis-client routes XREADGROUP as a read-only command (issue #440): the consumer group must still be read on
   * the stream's master, never on a replica (where it would fail with READONLY, or read a stale group).
   */
  @Test
  void theStreamIsReadOnItsMasterOnly() {
    RedisClusterProcess cluster = RedisClusterProcess.shared();
    RedisServerProcess master = cluster.masterOf(RedisKeys.webhookStream());
    // the delivering gateway polls the stream every 100 ms
    Eventually.await("XREADGROUP reaches the stream's master",
        () -> master.command("INFO", "commandstats").contains("cmdstat_xreadgroup:"));
    for (RedisServerProcess node : cluster.running()) {
      if (!cluster.masters().contains(node)) {
        assertFalse(node.command("INFO", "commandstats").contains("cmdstat_xreadgroup:"),
            "replica on " + node.port() + " was sent XREADGROUP");
      }
    }
  }
}
