package io.roomgate.webhook;

import io.roomgate.testsupport.RedisClusterProcess;

/** The WebhookDestinations contract on a real 3-master / 3-replica Redis Cluster (the third backend). */
class WebhookDestinationsClusterTest extends WebhookDestinationsContract {
  @Override
  protected String redisUrl() {
    RedisClusterProcess cluster = RedisClusterProcess.shared();
    cluster.flushAll();
    return cluster.yaml();
  }
}
