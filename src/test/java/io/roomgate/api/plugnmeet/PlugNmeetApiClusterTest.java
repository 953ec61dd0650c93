package io.roomgate.api.plugnmeet;

import io.roomgate.testsupport.RedisClusterProcess;

/** The PlugNmeetApi contract on a real 3-master / 3-replica Redis Cluster (the third backend). */
class PlugNmeetApiClusterTest extends PlugNmeetApiContract {
  @Override
  protected String redisUrl() {
    RedisClusterProcess cluster = RedisClusterProcess.shared();
    cluster.flushAll();
    return cluster.yaml();
  }
}
