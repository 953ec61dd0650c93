package io.roomgate.api.tencent;

import io.roomgate.testsupport.RedisClusterProcess;

/** The TencentApi contract on a real 3-master / 3-replica Redis Cluster (the third backend). */
class TencentApiClusterTest extends TencentApiContract {
  @Override
  protected String redisUrl() {
    RedisClusterProcess cluster = RedisClusterProcess.shared();
    cluster.flushAll();
    return cluster.yaml();
  }
}
