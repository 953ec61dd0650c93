package io.roomgate.api.plugnmeet;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The encoded bytes of recently rendered {@code room_info}s. Rendering one costs more than anything else the hot
 * read does after validation: most of a {@code room_info} is the room's {@code metadata}, a ~1.3 KB JSON string that
 * Jackson escapes character by character on every call, although it changes only when the room does.
 *
 * <p>Correct by construction rather than by invalidation: an entry is keyed on all the {@link RoomInfoFields} it was
 * rendered from and is used only when the fields asked for are {@code equal} (a string compare of the metadata, far
 * cheaper than escaping it). An updated or ended room has other fields, so it misses and is rendered afresh, on either
 * store and whichever node changed it. Bounded: a fixed, direct-mapped table (a room's slot is its hash; a collision
 * overwrites), so its size does not grow with rooms or tenants. Lock-free: slots hold immutable entries and a lost
 * race only means one more rendering.
 */
final class RoomInfoRenderCache {
  /** Slots; at ~2 KB per rendered room_info, at most ~8 MB. */
  static final int DEFAULT_SLOTS = 4096;

  private record Entry(RoomInfoFields fields, byte[] json) {
  }

  private final AtomicReferenceArray<Entry> slots;
  private final int mask;

  RoomInfoRenderCache(int slots) {
    if (Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + slots);
    }
    this.slots = new AtomicReferenceArray<>(slots);
    this.mask = slots - 1;
  }

  /** The UTF-8 JSON of {@code fields.toJson()}; the caller must not modify the array. */
  byte[] render(RoomInfoFields fields) {
    // the sid is unique per room (and per re-creation), the room id spreads rooms with equal sids in tests
    int h = fields.sid().hashCode() * 31 + fields.roomId().hashCode();
    int slot = (h ^ (h >>> 16)) & mask;
    Entry entry = slots.getAcquire(slot);
    if (entry != null && entry.fields.equals(fields)) {
      return entry.json;
    }
    byte[] json = fields.toJson().toBuffer().getBytes();
    slots.setRelease(slot, new Entry(fields, json));
    return json;
  }
}
