package io.roomgate.room;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomKeyTest {

  @Test
  void sequentialTenantAndRoomIdsGetDistinctHashes() {
    // the load tests' shape: 10 tenants lt0..lt9 with rooms r0..r9999 (the record's own hash: 19,090 distinct values)
    Set<Integer> hashes = new HashSet<>();
    Map<Integer, Integer> perBin = new HashMap<>();
    for (int t = 0; t < 10; t++) {
      for (int j = 0; j < 10_000; j++) {
        int h = new RoomKey("lt" + t, "r" + j).hashCode();
        hashes.add(h);
        perBin.merge((h ^ (h >>> 16)) & ((1 << 18) - 1), 1, Integer::sum); // a ConcurrentHashMap's bins at this size
      }
    }
    assertEquals(100_000, hashes.size());
    // ConcurrentHashMap turns a bin of 8 keys into a tree (the record's own hash: up to 17 per bin)
    assertTrue(perBin.values().stream().allMatch(n -> n < 8), "keys per bin: " + perBin.values().stream().max(Integer::compare));
  }

  @Test
  void equalComponentsAreEqualKeys() {
    RoomKey a = new RoomKey("acme", "room-1");
    RoomKey b = new RoomKey(new String("acme"), new String("room-1"));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, new RoomKey("room-1", "acme"));
    assertNotEquals(a, new RoomKey("acme", "room-2"));
    assertNotEquals(a, new RoomKey("acm", "eroom-1"));
    assertEquals(new RoomKey(null, "r"), new RoomKey(null, "r"));
    assertEquals(new RoomKey(null, null).hashCode(), new RoomKey(null, null).hashCode());
    assertNotEquals(new RoomKey(null, "r"), new RoomKey("t", "r"));
  }
}
