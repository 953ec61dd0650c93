package io.roomgate.store;

import io.roomgate.room.RoomRecord;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
  void minimalRecordIsCompact() {
    RoomRecord min = new RoomRecord("t", "r", null, null, 0, 0, 0, null, null, null, null, null, 0);
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
}
