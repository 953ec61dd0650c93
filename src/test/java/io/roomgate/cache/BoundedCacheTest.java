package io.roomgate.cache;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedCacheTest {
  private final AtomicLong now = new AtomicLong(1_000); // nanos of a fake clock: nothing here sleeps

  @Test
  void theBoundHoldsAfterEveryWrite() {
    BoundedCache<Integer, Integer> cache = BoundedCache.<Integer, Integer>builder(100).build();
    for (int i = 0; i < 10_000; i++) {
      cache.put(i, i);
      assertTrue(cache.size() <= 100, "size " + cache.size() + " after " + (i + 1) + " writes");
    }
    assertEquals(100, cache.size());
  }

  @Test
  void aKeyReadOftenSurvivesAFloodOfOneTimeKeys() {
    BoundedCache<String, String> cache = BoundedCache.<String, String>builder(100).build();
    cache.put("hot", "h");
    for (int i = 0; i < 10_000; i++) {
      assertEquals("h", cache.get("hot"), "after " + i + " one-time keys");
      cache.put("once" + i, "x");
    }
  }

  @Test
  void entriesExpireAfterWriteOnTheGivenClock() {
    BoundedCache<String, String> cache = BoundedCache.<String, String>builder(10)
        .expireAfterWrite(100, now::get).build();
    cache.put("a", "1");
    now.addAndGet(99);
    assertEquals("1", cache.get("a"));
    cache.put("b", "2");
    now.addAndGet(1);                                    // "a" is 100 ns old: gone; "b" is 1 ns old
    assertNull(cache.get("a"));
    assertEquals("2", cache.get("b"));
    cache.put("b", "3");                                 // a write restarts its life
    now.addAndGet(99);
    assertEquals("3", cache.get("b"));
    now.addAndGet(1);
    assertNull(cache.get("b"));
    cache.cleanUp();
    assertEquals(0, cache.size());
  }

  @Test
  void anExpiredEntryIsAbsentForPutIfAbsentAndReplace() {
    BoundedCache<String, Long> cache = BoundedCache.<String, Long>builder(10).expireAfterWrite(100, now::get).build();
    assertNull(cache.putIfAbsent("a", 1L));
    assertEquals(1L, cache.putIfAbsent("a", 2L));
    assertTrue(cache.replace("a", 1L, 3L));
    assertFalse(cache.replace("a", 1L, 4L));             // compare-and-set: the value is 3 now
    now.addAndGet(100);
    assertFalse(cache.replace("a", 3L, 5L));             // expired: nothing to replace
    assertNull(cache.putIfAbsent("a", 6L));
    assertEquals(6L, cache.get("a"));
  }

  @Test
  void entriesExpireAtTheDeadlineTheirValueNames() {
    record Token(String id, long deadline) {
    }
    BoundedCache<String, Token> cache = BoundedCache.<String, Token>builder(10)
        .expireAt(Token::deadline, now::get).build();
    cache.put("short", new Token("short", now.get() + 10));
    cache.put("long", new Token("long", now.get() + 1_000));
    cache.put("dead", new Token("dead", now.get() - 1));
    assertNull(cache.get("dead"));
    now.addAndGet(10);
    assertNull(cache.get("short"));
    assertEquals("long", cache.get("long").id());
    now.addAndGet(990);
    assertNull(cache.get("long"));
  }

  @Test
  void expiredEntriesGoBeforeLiveOnesWhenFull() {
    BoundedCache<String, String> cache = BoundedCache.<String, String>builder(3)
        .expireAfterWrite(100, now::get).build();
    cache.put("old", "0");
    now.addAndGet(100);                                  // "old" has expired
    cache.put("a", "1");
    cache.put("b", "2");
    cache.put("c", "3");
    cache.cleanUp();
    assertEquals(3, cache.size());
    assertEquals("1", cache.get("a"));
    assertEquals("2", cache.get("b"));
    assertEquals("3", cache.get("c"));
  }

  @Test
  void removeAndClear() {
    BoundedCache<String, String> cache = BoundedCache.<String, String>builder(10).build();
    cache.put("a", "1");
    cache.put("b", "2");
    assertFalse(cache.remove("a", "other"));
    assertTrue(cache.remove("a", "1"));
    assertNull(cache.get("a"));
    cache.remove("b");
    assertEquals(0, cache.size());
    cache.put("c", "3");
    cache.clear();
    assertNull(cache.get("c"));
    assertEquals(0, cache.size());
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> BoundedCache.builder(0));
    assertThrows(IllegalArgumentException.class, () -> BoundedCache.builder(1).expireAfterWrite(0, now::get));
    assertThrows(IllegalStateException.class,
        () -> BoundedCache.<String, Long>builder(1).expireAfterWrite(1, now::get).expireAt(v -> v, now::get));
  }
}
