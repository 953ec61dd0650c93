package io.roomgate.api.plugnmeet;

/**
 * The plugNmeet API over Redis with the node-local read cache on ({@code redis.read_cache_ms}): one gateway sees its
 * own writes at once, so every contract test holds unchanged.
 */
class PlugNmeetApiRedisReadCacheTest extends PlugNmeetApiRedisTest {
  @Override
  protected String configYaml(String redisUrl) {
    String yaml = super.configYaml(redisUrl);
    String cached = yaml.replace("redis: {url: \"" + redisUrl + "\"}",
        "redis: {url: \"" + redisUrl + "\", read_cache_ms: 500}");
    if (cached.equals(yaml)) {
      throw new IllegalStateException("read cache not configured");
    }
    return cached;
  }
}
