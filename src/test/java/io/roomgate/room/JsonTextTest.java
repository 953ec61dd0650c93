package io.roomgate.room;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class JsonTextTest {

  /** The literal's content as Jackson writes it (what the store keeps), without the quotes. */
  private static JsonText escaped(String value) {
    String literal = new JsonObject().put("v", value).encode();
    byte[] bytes = literal.getBytes(StandardCharsets.UTF_8);
    return JsonText.ofEscaped(bytes, "{\"v\":\"".length(), bytes.length - "\"}".length());
  }

  @Test
  void escapedTextDecodesToItsStringAndEqualsItEitherWay() {
    for (String v : new String[] {"plain", "{\"a\":\"b \\\" c\"}", "\u00e9\u623f\ud83d\ude00", "\t\n\u0001 </>"}) {
      JsonText fromBytes = escaped(v);
      JsonText fromString = JsonText.of(v);
      assertNull(fromString.escapedOrNull());
      assertEquals(v, fromBytes.value());
      assertEquals(fromString, fromBytes);
      assertEquals(fromBytes, fromString);
      assertEquals(fromBytes, escaped(v));
      assertEquals(fromString.hashCode(), fromBytes.hashCode());
      assertNotEquals(escaped(v + "x"), fromBytes);
      assertNotEquals(JsonText.of(v + "x"), fromBytes);
    }
  }

  @Test
  void emptyIsOneValueHoweverMade() {
    assertSame(JsonText.EMPTY, JsonText.of(null));
    assertSame(JsonText.EMPTY, JsonText.of(""));
    assertSame(JsonText.EMPTY, escaped(""));
    assertEquals("", JsonText.EMPTY.value());
  }
}
