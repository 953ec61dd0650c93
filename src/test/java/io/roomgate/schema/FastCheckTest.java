package io.roomgate.schema;

import io.roomgate.http.JsonBodies;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the compiled fast path accepts itself and what it leaves to the library. */
class FastCheckTest {

  static SchemaRegistry registry;

  @BeforeAll
  static void load() {
    registry = SchemaRegistry.loadFromClasspath();
  }

  static FastCheck fast(SchemaRegistry r, String schema) {
    return ((CompiledValidator) r.validator(schema)).fastCheck();
  }

  /** As a request body arrives: parsed from bytes, nested values as plain maps and lists. */
  static JsonObject body(String json) {
    return JsonBodies.object(Buffer.buffer(json));
  }

  @Test
  void theHotBodiesAreAcceptedWithoutTheLibrary() {
    assertTrue(fast(registry, "plugnmeet-room-id").accepts(body("{\"room_id\":\"bench01\"}")));
    assertTrue(fast(registry, "tencent-room-id").accepts(body("{\"RoomId\":\"room-1!\"}")));
    assertTrue(fast(registry, "plugnmeet-any").accepts(body("{}")));
    assertTrue(fast(registry, "plugnmeet-create").accepts(body(SchemaRegistryTest.MINIMAL_CREATE)));
    assertTrue(fast(registry, "plugnmeet-create").accepts(body(SchemaRegistryTest.SEED_003_CREATE)));
    assertTrue(fast(registry, "plugnmeet-join-token").accepts(body(SchemaRegistryTest.JOIN_TOKEN)));
    assertTrue(fast(registry, "plugnmeet-fetch-past-rooms").accepts(
        body("{\"room_ids\":[\"a\",\"b\"],\"limit\":100,\"order_by\":\"DESC\"}")));
  }

  @Test
  void invalidBodiesAreLeftToTheLibraryWhichSaysWhy() {
    FastCheck roomId = fast(registry, "plugnmeet-room-id");
    assertFalse(roomId.accepts(body("{}")));
    assertFalse(roomId.accepts(body("{\"room_id\":\"a b\"}")));
    assertFalse(roomId.accepts(body("{\"room_id\":\"" + "a".repeat(65) + "\"}")));
    assertFalse(roomId.accepts(body("{\"room_id\":7}")));
    assertEquals("validation error: room_id: value length must be at most 64 characters",
        registry.validator("plugnmeet-room-id").validate(body("{\"room_id\":\"" + "a".repeat(65) + "\"}"))
            .plugNmeetText());
  }

  @Test
  void lengthsCountCodePointsAsTheLibraryDoes() {
    // RoomName: at most 100 characters; 99 letters and an emoji are 100 code points in 101 UTF-16 units
    String emoji = "\uD83D\uDE00";
    FastCheck name = fast(registry, "tencent-update-room");
    String ok = "{\"RoomInfo\":{\"RoomId\":\"r\",\"RoomName\":\"" + "a".repeat(99) + emoji + "\"}}";
    String tooLong = "{\"RoomInfo\":{\"RoomId\":\"r\",\"RoomName\":\"" + "a".repeat(100) + emoji + "\"}}";
    assertTrue(name.accepts(body(ok)));
    assertFalse(name.accepts(body(tooLong)));
    assertNull(registry.validator("tencent-update-room").validate(body(ok)));
  }

  @Test
  void wholeDoublesAreIntegersForTheLibraryAndForUs() {
    FastCheck create = fast(registry, "plugnmeet-create");
    JsonObject withDouble = body(SchemaRegistryTest.MINIMAL_CREATE).put("max_participants", 50.0);
    assertTrue(create.accepts(withDouble));
    assertFalse(create.accepts(body(SchemaRegistryTest.MINIMAL_CREATE).put("max_participants", 50.5)));
    assertNull(((CompiledValidator) registry.validator("plugnmeet-create")).validateWithLibrary(withDouble));
  }

  @Test
  void aFormatIsLeftToTheLibraryOnlyWhereABodyReachesIt() {
    FastCheck create = fast(registry, "plugnmeet-create");
    JsonObject withLogout = body(SchemaRegistryTest.MINIMAL_CREATE);
    withLogout.getJsonObject("metadata").put("logout_url", "https://app.example/bye");
    assertFalse(create.accepts(withLogout), "format: uri is the library's");
    assertNull(registry.validator("plugnmeet-create").validate(withLogout));
    assertTrue(create.accepts(body(SchemaRegistryTest.MINIMAL_CREATE)));
  }

  @Test
  void bigNumbersAreLeftToTheLibrary() {
    FastCheck create = fast(registry, "plugnmeet-create");
    assertFalse(create.accepts(body(SchemaRegistryTest.MINIMAL_CREATE.replace("50", "18446744073709551616"))));
    assertEquals("validation error: max_participants: must be less than or equal to 4294967295",
        registry.validator("plugnmeet-create").validate(body(SchemaRegistryTest.MINIMAL_CREATE
            .replace("50", "18446744073709551616"))).plugNmeetText());
  }

  @Test
  void keywordsWeDoNotCompileAndFilesWithTheirOwnIdsGoToTheLibrary(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("one-of.json"), "{\"type\":\"object\",\"properties\":{\"a\":{\"oneOf\":["
        + "{\"type\":\"string\"},{\"type\":\"integer\"}]},\"b\":{\"type\":\"boolean\"}}}");
    Files.writeString(dir.resolve("with-id.json"), "{\"type\":\"object\",\"$defs\":{\"t\":{\"$anchor\":\"t\"}}}");
    Files.writeString(dir.resolve("closed.json"), "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},"
        + "\"additionalProperties\":false}");
    Files.writeString(dir.resolve("only-additional.json"), "{\"additionalProperties\":{\"type\":\"integer\"}}");
    SchemaRegistry r = SchemaRegistry.load(dir);
    assertTrue(fast(r, "only-additional").accepts(body("{\"n\":1}")));
    assertFalse(fast(r, "only-additional").accepts(body("{\"n\":\"1\"}")));
    assertFalse(fast(r, "one-of").accepts(body("{\"a\":\"x\"}")));
    assertTrue(fast(r, "one-of").accepts(body("{\"b\":true}")), "the rest of the schema keeps its fast path");
    assertNull(r.validator("one-of").validate(body("{\"a\":\"x\"}")));
    assertFalse(fast(r, "with-id").accepts(body("{}")));
    assertNull(r.validator("with-id").validate(body("{}")));
    assertTrue(fast(r, "closed").accepts(body("{\"a\":\"x\"}")));
    assertFalse(fast(r, "closed").accepts(body("{\"a\":\"x\",\"b\":1}")));
    assertEquals("b", r.validator("closed").validate(body("{\"a\":\"x\",\"b\":1}")).fieldPath());
  }

  @Test
  void aRecursiveSchemaCompiles(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("tree.json"), "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
        + "\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#\"}}}}");
    SchemaRegistry r = SchemaRegistry.load(dir);
    assertTrue(fast(r, "tree").accepts(body("{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[]}]}")));
    assertFalse(fast(r, "tree").accepts(body("{\"name\":\"a\",\"children\":[{\"name\":1}]}")));
    assertEquals("children[0].name",
        r.validator("tree").validate(body("{\"name\":\"a\",\"children\":[{\"name\":1}]}")).fieldPath());
  }
}
