package io.roomgate.api.plugnmeet;

import io.roomgate.room.ActiveRoom;
import io.roomgate.room.Codec;
import io.roomgate.room.RoomRecord;
import io.roomgate.store.RoomRecordJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActiveRoomAnswerCacheTest {
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

  private static ParticipantInfo participant(String identity, String name) {
    return ParticipantInfo.newBuilder().setIdentity(identity).setSid("PA_" + identity).setName(name).build();
  }

  /** The answer of a room rendered twice: the second rendering is kept. */
  private static Buffer kept(ActiveRoomAnswerCache cache, ActiveRoom active) {
    cache.answer(active);
    return cache.answer(active);
  }

  private static JsonObject roomInfo(Buffer answer) {
    return new JsonObject(answer).getJsonObject("room").getJsonObject("room_info");
  }

  @Test
  void answerIsByteForByteTheEncodedJsonObject() {
    ActiveRoomAnswerCache cache = new ActiveRoomAnswerCache(16);
    ActiveRoom empty = new ActiveRoom(room("r1", "Title", METADATA, 0), List.of());
    ActiveRoom busy = new ActiveRoom(room("r1", "Title", METADATA, 0),
        List.of(participant("u1", "U \"one\""), participant("u2", "")));
    for (int i = 0; i < 2; i++) { // a miss, then a hit
      assertArrayEquals(reference(empty), cache.answer(empty).getBytes());
      assertArrayEquals(reference(busy), cache.answer(busy).getBytes());
    }
  }

  @Test
  void equalRoomsAndParticipantsHitAnyChangeMisses() {
    ActiveRoomAnswerCache cache = new ActiveRoomAnswerCache(16);
    Buffer first = kept(cache, new ActiveRoom(room("r1", "Title", METADATA, 0), List.of(participant("u1", "a"))));
    // equal records and participants decoded afresh (as the Redis stores do on every read) hit
    assertSame(first, cache.answer(new ActiveRoom(room("r1", "Title", new String(METADATA), 0),
        List.of(participant("u1", "a")))));

    RoomRecord renamed = room("r1", "Renamed", METADATA.replace("Hot", "Cold"), 0);
    Buffer updated = cache.answer(new ActiveRoom(renamed, List.of(participant("u1", "a"))));
    assertEquals("Renamed", roomInfo(updated).getString("room_title"));

    Buffer renamedParticipant = cache.answer(new ActiveRoom(renamed, List.of(participant("u1", "b"))));
    assertEquals("b", new JsonObject(renamedParticipant).getJsonObject("room").getJsonArray("participants_info")
        .getJsonObject(0).getString("name"));

    Buffer joined = cache.answer(new ActiveRoom(renamed, List.of(participant("u1", "b"), participant("u2", ""))));
    assertEquals(2, roomInfo(joined).getInteger("joined_participants"));

    Buffer ended = cache.answer(new ActiveRoom(renamed.endedAt(1_763_777_000L),
        List.of(participant("u1", "b"), participant("u2", ""))));
    assertEquals(false, roomInfo(ended).getBoolean("is_running"));
    assertNotEquals(joined, ended);
  }

  @Test
  void largeAnswersAreRenderedButNotKept() {
    ActiveRoomAnswerCache cache = new ActiveRoomAnswerCache(16);
    List<ParticipantInfo> many = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(participant("user-" + i, "a participant with a longish display name " + i));
    }
    ActiveRoom crowded = new ActiveRoom(room("r1", "Title", METADATA, 0), many);
    Buffer first = cache.answer(crowded);
    assertTrue(first.length() > ActiveRoomAnswerCache.MAX_CACHED_BYTES);
    assertArrayEquals(reference(crowded), first.getBytes());
    assertNotSame(first, cache.answer(crowded), "rendered again, not kept");
  }

  @Test
  void aRoomIsKeptFromItsSecondRenderingOn() {
    ActiveRoomAnswerCache cache = new ActiveRoomAnswerCache(1); // every room in one slot
    ActiveRoom hot = new ActiveRoom(room("hot", "Hot", METADATA, 0), List.of());
    ActiveRoom cold = new ActiveRoom(room("cold", "Cold", METADATA, 0), List.of());
    Buffer first = cache.answer(hot);
    Buffer second = cache.answer(hot);
    assertNotSame(first, second, "a first rendering is not kept");
    assertSame(second, cache.answer(hot));

    // a room rendered once does not take the slot of one read again and again
    assertArrayEquals(reference(cold), cache.answer(cold).getBytes());
    assertSame(second, cache.answer(hot));
    // rendered again, it does
    Buffer coldKept = cache.answer(cold);
    assertSame(coldKept, cache.answer(cold));

    // the slot's own room changed (an update, a participant): kept at once
    ActiveRoom coldJoined = new ActiveRoom(cold.room(), List.of(participant("u1", "a")));
    Buffer joined = cache.answer(coldJoined);
    assertSame(joined, cache.answer(coldJoined));
    assertArrayEquals(reference(coldJoined), joined.getBytes());
  }

  @Test
  void collidingRoomsOverwriteEachOtherAndStayCorrect() {
    ActiveRoomAnswerCache cache = new ActiveRoomAnswerCache(1); // every room in one slot
    for (int i = 0; i < 3; i++) {
      for (String id : List.of("a", "b", "c")) {
        ActiveRoom active = new ActiveRoom(room(id, "T" + id, METADATA, 0), List.of());
        assertArrayEquals(reference(active), cache.answer(active).getBytes());
      }
    }
    assertThrows(IllegalArgumentException.class, () -> new ActiveRoomAnswerCache(3));
  }

  /** A record read from Redis keeps its metadata escaped; the streamed answer copies it, and must match byte for byte. */
  @Test
  void roomsReadFromTheStoreAnswerTheSameBytesAndHitTheSameEntries() {
    String tricky = new JsonObject().put("room_title", "\"q\" \\ \u00e9 \ud83d\ude00 \t\n\u0001 </x>").encode();
    ActiveRoomAnswerCache cache = new ActiveRoomAnswerCache(16);
    for (String metadata : List.of(METADATA, tricky, "")) {
      RoomRecord made = room("r-" + metadata.length(), "Title", metadata, 0);
      RoomRecord read = RoomRecordJson.decode(RoomRecordJson.encode(made));
      List<ParticipantInfo> ps = List.of(participant("u1", "U \"one\""));
      Buffer fromStore = kept(cache, new ActiveRoom(read, ps));
      assertArrayEquals(reference(new ActiveRoom(made, ps)), fromStore.getBytes());
      assertSame(fromStore, cache.answer(new ActiveRoom(made, ps)), "an equal room made from strings hits");
      assertSame(fromStore, cache.answer(new ActiveRoom(RoomRecordJson.decode(RoomRecordJson.encode(made)), ps)));
    }
  }
}
