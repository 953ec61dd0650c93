package io.roomgate.api.plugnmeet;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.netty.buffer.Unpooled;
import io.roomgate.room.ActiveRoom;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import livekit.LivekitModels.ParticipantInfo;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The encoded getActiveRoomInfo answers of recently read rooms. Rendering one costs more than anything else the hot
 * read of a cached room does after validation: most of it is the room's {@code metadata}, a ~1.3 KB JSON string
 * (escaped character by character unless the store handed it over escaped, {@link io.roomgate.room.JsonText}),
 * although it changes only when the room does; and a fresh ~2 KB buffer per answer is garbage to collect.
 *
 * <p>Correct by construction rather than by invalidation: an entry is keyed on all the {@link RoomInfoFields} and
 * participants it was rendered from and is used only when the ones asked for are {@code equal} (a string compare of
 * the metadata, far cheaper than escaping it). An updated or ended room, or a changed participant, compares unequal
 * and is rendered afresh, on either store and whichever node changed it. Bounded: a fixed, direct-mapped table (a
 * room's slot is its hash; a collision overwrites; answers over {@link #MAX_CACHED_BYTES} are not kept), so its size
 * does not grow with rooms, tenants or participants. Lock-free:
 * slots hold immutable entries and a lost race only means one more rendering.
 *
 * <p>Kept from a room's second rendering on (the slot's room changed, or the slot's last rendering without an entry
 * was the same room): at 100,000 rooms read uniformly nearly every answer is rendered for a room read once in a
 * while, and keeping each until its slot was reused held ~32 MB of answers that every young collection copied
 * (pauses of 60–85 ms every ~2 s). A hot room renders twice, then hits.
 *
 * <p>Not a {@link io.roomgate.cache.BoundedCache} on purpose: this is the hottest read, and a slot read is one
 * array load with no bookkeeping (no read buffer, no clock); an entry needs no expiry, since it is checked against the
 * room it answers for, and a collision costs one rendering.
 */
final class ActiveRoomAnswerCache {
  /** Slots; at ~2 KB per typical answer ~8 MB, at most {@link #MAX_CACHED_BYTES} each (64 MB in all). */
  static final int DEFAULT_SLOTS = 4096;
  /** Larger answers (rooms with many participants) are rendered every time rather than kept. */
  static final int MAX_CACHED_BYTES = 16 * 1024;

  /** The success envelope's members, read (never changed) by every rendering. */
  private static final JsonObject ENVELOPE = PlugNmeetResponses.success("success");

  private record Entry(RoomInfoFields fields, List<ParticipantInfo> participants, Buffer answer) {
  }

  private final AtomicReferenceArray<Entry> slots;
  /** Per slot, the room hash of its last rendering that was not kept (a lost race only delays keeping one). */
  private final AtomicIntegerArray rendered;
  private final int mask;

  ActiveRoomAnswerCache(int slots) {
    if (Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two: " + slots);
    }
    this.slots = new AtomicReferenceArray<>(slots);
    this.rendered = new AtomicIntegerArray(slots);
    this.mask = slots - 1;
  }

  /**
   * The answer, byte for byte what {@code success("success").put("room", PlugNmeetMapper.room(active))} encodes to.
   * Shared between requests: write it as it is (Vert.x sends a {@link Buffer} without consuming it), never change it.
   */
  Buffer answer(ActiveRoom active) {
    RoomInfoFields fields = RoomInfoFields.of(active.room(), active.participants().size());
    // the sid is unique per room (and per re-creation), the room id spreads rooms with equal sids in tests
    int h = fields.sid().hashCode() * 31 + fields.roomId().hashCode();
    int slot = (h ^ (h >>> 16)) & mask;
    Entry entry = slots.getAcquire(slot);
    if (entry != null && entry.fields.equals(fields) && entry.participants.equals(active.participants())) {
      return entry.answer;
    }
    Buffer answer = render(active, fields);
    boolean sameRoom = entry != null && entry.fields.sid().equals(fields.sid())
        && entry.fields.roomId().equals(fields.roomId());
    if (!sameRoom && rendered.getPlain(slot) != h) {
      rendered.setPlain(slot, h); // a first rendering: kept if the room comes again before another takes the slot
    } else if (answer.length() <= MAX_CACHED_BYTES) {
      slots.setRelease(slot, new Entry(fields, active.participants(), answer));
    }
    return answer;
  }

  /**
   * Rendered only on a miss, but at 100,000 rooms read uniformly most reads miss: streamed, with no JSON object built
   * for the room and its metadata copied as the store keeps it, escaped ({@link RoomInfoFields#writeTo}).
   */
  private static Buffer render(ActiveRoom active, RoomInfoFields fields) {
    ByteArrayBuilder out = new ByteArrayBuilder(4096); // one segment for a typical answer
    try (JsonGenerator g = RoomInfoFields.JSON.createGenerator(out)) {
      g.writeStartObject();
      for (Map.Entry<String, Object> member : ENVELOPE.getMap().entrySet()) {
        g.writeFieldName(member.getKey());
        JacksonCodec.encodeJson(member.getValue(), g);
      }
      g.writeObjectFieldStart("room");
      g.writeFieldName("room_info");
      fields.writeTo(g);
      g.writeArrayFieldStart("participants_info");
      for (ParticipantInfo p : active.participants()) {
        JacksonCodec.encodeJson(PlugNmeetMapper.participant(p), g);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new EncodeException(e.getMessage(), e);
    }
    return BufferInternal.buffer(Unpooled.wrappedBuffer(out.toByteArray())); // wrapped: Buffer.buffer(byte[]) copies
  }
}
