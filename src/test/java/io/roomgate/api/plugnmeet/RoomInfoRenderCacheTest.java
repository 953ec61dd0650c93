package io.roomgate.api.plugnmeet;

import io.roomgate.room.ActiveRoom;
import io.roomgate.room.Codec;
import io.roomgate.room.RoomRecord;
import io.vertx.core.json.JsonObject;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RoomInfoRenderCacheTest {
  private static final String METADATA = new JsonObject().put("room_title", "Hot \"room\" ✓")
      .put("room_features", new JsonObject().put("allow_webcams", true).put("note", "line\nbreak")).encode();

  private static RoomRecord room(String roomId, String title, String metadata, long endedAt) {
    return new RoomRecord("acme", roomId, "RM_" + roomId, title, 20, 1800, 1_763_776_000L, metadata,
        "https://hooks.example/x", "turn", List.of(new Codec("audio/opus", ""), new Codec("video/VP8", "x=1")),
        new JsonObject().put("tencent", new JsonObject().put("Notice", "n")), endedAt);
  }

  /** What the hot read sent before the cache: the whole answer built and encoded as one JsonObject. */
  private static byte[] reference(ActiveRoom active) {
    return PlugNmeetResponses.success("success").put("room", PlugNmeetMapper.room(active)).toBuffer().getBytes();
  }

  @Test
  void answerIsByteForByteTheEncodedJsonObject() {
    RoomInfoRenderCache cache = new RoomInfoRenderCache(16);
    ActiveRoom empty = new ActiveRoom(room("r1", "Title", METADATA, 0), List.of());
    ActiveRoom busy = new ActiveRoom(room("r1", "Title", METADATA, 0), List.of(
        ParticipantInfo.newBuilder().setIdentity("u1").setSid("PA_1").setName("U \"one\"").build(),
        ParticipantInfo.newBuilder().setIdentity("u2").setSid("PA_2").build()));
    for (int i = 0; i < 2; i++) { // a miss, then a hit
      assertArrayEquals(reference(empty), PlugNmeetRoomApi.activeRoomInfoAnswer(cache, empty).getBytes());
      assertArrayEquals(reference(busy), PlugNmeetRoomApi.activeRoomInfoAnswer(cache, busy).getBytes());
    }
  }

  @Test
  void equalFieldsHitAChangedRoomMisses() {
    RoomInfoRenderCache cache = new RoomInfoRenderCache(16);
    byte[] first = cache.render(RoomInfoFields.of(room("r1", "Title", METADATA, 0), 0));
    // an equal record decoded afresh (as the Redis store does on every read) hits
    assertSame(first, cache.render(RoomInfoFields.of(room("r1", "Title", new String(METADATA), 0), 0)));

    RoomRecord renamed = room("r1", "Renamed", METADATA.replace("Hot", "Cold"), 0);
    byte[] updated = cache.render(RoomInfoFields.of(renamed, 0));
    assertEquals(RoomInfoFields.of(renamed, 0).toJson(), new JsonObject(new String(updated)));
    assertEquals("Renamed", new JsonObject(new String(updated)).getString("room_title"));

    byte[] joined = cache.render(RoomInfoFields.of(renamed, 3));
    assertEquals(3, new JsonObject(new String(joined)).getInteger("joined_participants"));

    byte[] ended = cache.render(RoomInfoFields.of(renamed.endedAt(1_763_777_000L), 3));
    assertEquals(false, new JsonObject(new String(ended)).getBoolean("is_running"));
    assertNotEquals(new String(joined), new String(ended));
  }

  @Test
  void collidingRoomsOverwriteEachOtherAndStayCorrect() {
    RoomInfoRenderCache cache = new RoomInfoRenderCache(1); // every room in one slot
    for (int i = 0; i < 3; i++) {
      for (String id : List.of("a", "b", "c")) {
        RoomInfoFields fields = RoomInfoFields.of(room(id, "T" + id, METADATA, 0), 0);
        assertArrayEquals(fields.toJson().toBuffer().getBytes(), cache.render(fields));
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new RoomInfoRenderCache(3));
  }
}
