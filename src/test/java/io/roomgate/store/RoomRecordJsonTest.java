package io.roomgate.store;

import io.roomgate.room.Codec;
import io.roomgate.room.RoomRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomRecordJsonTest {

  @Test
  void roundTrip() {
    RoomRecord rich = RoomStoreContract.richRoom("acme", "r1");
    assertEquals(rich, RoomRecordJson.decode(RoomRecordJson.encode(rich)));
    RoomRecord ended = rich.endedAt(123);
    assertEquals(ended, RoomRecordJson.decode(RoomRecordJson.encode(ended)));
  }

  @Test
  void recordsWithEqualCodecsShareOneListAndTheSharingIsBounded() {
    RoomRecord rich = RoomStoreContract.richRoom("acme", "r1");
    RoomRecord a = RoomRecordJson.decode(RoomRecordJson.encode(rich));
    RoomRecord b = RoomRecordJson.decode(RoomRecordJson.encode(RoomStoreContract.richRoom("other", "r2")));
    assertEquals(rich.enabledCodecs(), a.enabledCodecs());
    assertSame(a.enabledCodecs(), b.enabledCodecs());
    // a stream of distinct lists (a hostile LiveKit, or many codec sets) decodes correctly and grows nothing
    for (int i = 0; i < 2 * RoomRecordJson.MAX_SHARED_CODEC_LISTS; i++) {
      List<Codec> odd = List.of(new Codec("video/x-" + i, "p=" + i));
      RoomRecord r = new RoomRecord("t", "r", "RM", "n", 0, 0, 1, "", "", "", odd, null, 0);
      assertEquals(odd, RoomRecordJson.decode(RoomRecordJson.encode(r)).enabledCodecs());
    }
    assertTrue(RoomRecordJson.sharedCodecLists() <= RoomRecordJson.MAX_SHARED_CODEC_LISTS);
  }

  @Test
  void minimalRecordIsCompact() {
    RoomRecord min = new RoomRecord("t", "r", null, null, 0, 0, 0, (String) null, null, null, null, null, 0);
    assertEquals("{\"t\":\"t\",\"r\":\"r\"}", RoomRecordJson.encode(min).toString());
    assertEquals(min, RoomRecordJson.decode(RoomRecordJson.encode(min)));
  }

  /** The Redis end script appends ',"e":N' before the final brace: that must decode to the ended record. */
  @Test
  void endedAtIsLastAndAppendable() {
    RoomRecord rich = RoomStoreContract.richRoom("acme", "r1");
    String active = RoomRecordJson.encode(rich).toString();
    assertFalse(new JsonObject(active).containsKey("e"));
    assertTrue(active.endsWith("}"));
    String patched = active.substring(0, active.length() - 1) + ",\"e\":1700000000}";
    assertEquals(rich.endedAt(1_700_000_000L), RoomRecordJson.decode(io.vertx.core.buffer.Buffer.buffer(patched)));
    String encodedEnded = RoomRecordJson.encode(rich.endedAt(1_700_000_000L)).toString();
    assertEquals(patched, encodedEnded);
    assertEquals(List.copyOf(rich.enabledCodecs()), RoomRecordJson.decode(io.vertx.core.buffer.Buffer.buffer(patched)).enabledCodecs());
  }

  /** Quotes, backslashes, control characters, non-ASCII and a surrogate pair: everything JSON escapes or encodes. */
  static final String TRICKY_METADATA = new JsonObject()
      .put("room_title", "Q \"quoted\" \\ back\\\" \u00e9 \u623f \ud83d\ude00 tab\t nl\n bell\u0007 /")
      .put("room_features", new JsonObject().put("allow_webcams", true)).encode();

  @Test
  void metadataIsReadEscapedAsStoredAndEqualsItsString() {
    RoomRecord room = new RoomRecord("acme", "r1", "RM_1", "t", 0, 0, 1, TRICKY_METADATA, "", "", null, null, 0);
    RoomRecord read = RoomRecordJson.decode(RoomRecordJson.encode(room));
    assertNotNull(read.metadataText().escapedOrNull(), "kept escaped, not decoded");
    assertEquals(TRICKY_METADATA, read.metadata());
    assertEquals(room, read);
    assertEquals(room.hashCode(), read.hashCode());
    assertEquals(read, RoomRecordJson.decode(RoomRecordJson.encode(read)), "written again from its escaped form");
  }

  @Test
  void unknownMembersAreSkippedAndAMissingFmtpLineIsNull() {
    RoomRecord read = RoomRecordJson.decode(Buffer.buffer(
        "{\"t\":\"a\",\"future\":{\"x\":[1,{\"y\":\"}\"}]},\"r\":\"r1\",\"k\":[[\"audio/opus\"],[\"video/VP8\",null]],"
            + "\"md\":\"{\\\"a\\\":1}\",\"later\":[\"]\"]}"));
    assertEquals("r1", read.roomId());
    assertEquals(List.of(new Codec("audio/opus", null), new Codec("video/VP8", null)), read.enabledCodecs());
    assertEquals("{\"a\":1}", read.metadata());
  }

  @Test
  void aDamagedRecordIsADecodeErrorNamingIt() {
    for (String damaged : List.of("", "[]", "{\"t\":\"a\",\"md\":1}", "{\"t\":\"a\",\"k\":[[1]]}", "{\"t\":")) {
      DecodeException e = assertThrows(DecodeException.class, () -> RoomRecordJson.decode(Buffer.buffer(damaged)),
          damaged);
      assertTrue(e.getMessage().startsWith("not a stored room record"), e.getMessage());
    }
  }
}
