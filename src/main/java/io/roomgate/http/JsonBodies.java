package io.roomgate.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** Request bodies, parsed once, as the JSON object both dialects require. */
public final class JsonBodies {
  private JsonBodies() {
  }

  /**
   * The body as a JSON object, or {@code null} when it is empty (each dialect decides what an empty body means).
   *
   * @throws DecodeException when it is not valid JSON or not an object
   */
  public static JsonObject object(Buffer raw) {
    if (raw == null || raw.length() == 0) {
      return null;
    }
    int i = 0;
    while (i < raw.length() && Character.isWhitespace(raw.getByte(i))) {
      i++;
    }
    if (i == raw.length() || raw.getByte(i) != '{') {
      throw new DecodeException("not a JSON object");
    }
    return new JsonObject(raw);
  }
}
