package io.roomgate.redis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisKeysTest {

  /** The hash tag Redis Cluster hashes: the text between the first '{' and the next '}'. */
  private static String hashTag(String key) {
    int open = key.indexOf('{');
    int close = key.indexOf('}', open + 1);
    return key.substring(open + 1, close);
  }

  @Test
  void layout() {
    assertEquals("rg:{acme}:active", RedisKeys.active("acme"));
    assertEquals("rg:{acme}:past", RedisKeys.past("acme"));
    assertEquals("rg:{acme}:past:rec", RedisKeys.pastRecords("acme"));
    assertEquals("rg:{acme}:past:seq", RedisKeys.pastSeq("acme"));
    assertEquals("rg:{acme}:past:room:r1", RedisKeys.pastByRoom("acme", "r1"));
  }

  @Test
  void everyKeyOfATenantHasTheTenantsHashTag() {
    for (String tenant : List.of("acme", "a:b", "x}y{z", "100%", "\u623f")) {
      List<String> keys = List.of(RedisKeys.active(tenant), RedisKeys.past(tenant), RedisKeys.pastRecords(tenant),
          RedisKeys.pastSeq(tenant), RedisKeys.pastByRoom(tenant, "r}{1"), RedisKeys.tenantKey(tenant, "limit"));
      String tag = hashTag(keys.get(0));
      assertTrue(!tag.isEmpty());
      for (String k : keys) {
        assertEquals(tag, hashTag(k), k);
      }
    }
  }

  @Test
  void tenantsNeverShareKeys() {
    assertNotEquals(RedisKeys.pastByRoom("a:past:room", "x"), RedisKeys.pastByRoom("a", "x"));
    assertNotEquals(RedisKeys.active("a}b"), RedisKeys.active("a%7Db"));
    assertEquals("rg:{a%7Db}:active", RedisKeys.active("a}b"));
    assertEquals("rg:{a%257Db}:active", RedisKeys.active("a%7Db"));
  }

  @Test
  void emptyTenantIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> RedisKeys.active(""));
  }
}
