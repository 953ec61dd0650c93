package io.roomgate.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schema files that cannot be used are refused at load, with the file named. */
class SchemaCheckerTest {

  static CheckedSchemas check(Path overrideDir) {
    return SchemaChecker.check(SchemaFiles.find(overrideDir));
  }

  @Test
  void indexesEverySubschemaUnderTheLibrarysUri() {
    CheckedSchemas checked = check(null);
    assertEquals("string", checked.subschema(SchemaRegistry.BASE_URI + "common.json#/$defs/room_id").getString("type"));
    assertEquals("object", checked.subschema(SchemaRegistry.BASE_URI + "plugnmeet-room-id.json#").getString("type"));
  }

  @Test
  void brokenJsonNamesTheFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("plugnmeet-create.json"), "{\"type\": \"object\", ");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> check(dir));
    assertTrue(e.getMessage().contains(dir.resolve("plugnmeet-create.json").toString()), e.getMessage());
  }

  @Test
  void schemaViolatingTheMetaSchemaNamesTheFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("broken.json"), "{\"type\": \"objekt\", \"maxLength\": -1}");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> check(dir));
    assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
  }

  @Test
  void unresolvedRefNamesTheFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("dangling.json"),
      "{\"properties\": {\"a\": {\"$ref\": \"common.json#/$defs/nope\"}}}");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> check(dir));
    assertTrue(e.getMessage().contains("dangling.json") && e.getMessage().contains("common.json#/$defs/nope"),
      e.getMessage());
  }

  @Test
  void badPatternNamesTheFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("regex.json"), "{\"properties\": {\"a\": {\"pattern\": \"([a-z\"}}}");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> check(dir));
    assertTrue(e.getMessage().contains("regex.json"), e.getMessage());
  }
}
