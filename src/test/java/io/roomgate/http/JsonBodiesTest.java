package io.roomgate.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonBodiesTest {
  @Test
  void parsesWhatVertxParsesToTheSameObject() {
    for (String json : List.of("{\"room_id\":\"r1\"}", " \n{\"a\":{\"b\":[1,2.5,true,null,\"✓\"]},\"c\":-7}\n",
        "{}", "{\"big\":12345678901234567890,\"esc\":\"\\u00e9\\n\\\"\"}")) {
      assertEquals(new JsonObject(Buffer.buffer(json)), JsonBodies.object(Buffer.buffer(json)), json);
    }
  }

  @Test
  void anEmptyBodyIsNull() {
    assertNull(JsonBodies.object(Buffer.buffer()));
    assertNull(JsonBodies.object(null));
  }

  @Test
  void rejectsWhatIsNotOneJsonObject() {
    for (String json : List.of("[1]", "\"s\"", "   ", "{\"a\":", "{\"a\":1} {\"b\":2}", "{\"a\":1}x", "{a:1}",
        "{\"a\":1,}", "{\"a\":1 /* c */}", "{\"a\":1} // c")) {
      assertThrows(DecodeException.class, () -> JsonBodies.object(Buffer.buffer(json)), json);
    }
  }
}
