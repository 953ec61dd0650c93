package io.roomgate.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.util.Map;

/** Request bodies, parsed once, as the JSON object both dialects require. */
public final class JsonBodies {
  /**
   * Strict JSON (RFC 8259) with Jackson's default limits. Parsing from the body's bytes instead of going through
   * {@code new JsonObject(Buffer)}, which reads a body through an {@code InputStream} and so fills an 8 KB read
   * buffer for a 20-byte body: a twentieth of a hot read's CPU. Unlike Vert.x's own codec it accepts no comments,
   * as neither plugNmeet's nor Tencent's servers do; the {@code vertx.jackson.*} limits do not apply (the body
   * limit, {@code server.max_body_bytes}, bounds a document first).
   */
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonBodies() {
  }

  /**
   * The body handler of both dialects, after their {@link BodyGuard}: reads at most {@code maxBodyBytes} (a body
   * that runs over fails with 413 before the rest is read) and keeps the bytes as they came. No uploads, and form
   * attributes are never merged (that decodes the query with Netty, which throws on a bad {@code %}).
   */
  public static BodyHandler bodyHandler(long maxBodyBytes) {
    return BodyHandler.create(false).setBodyLimit(maxBodyBytes).setMergeFormAttributes(false);
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
    JsonParser parser;
    try {
      parser = FACTORY.createParser(raw.getBytes());
    } catch (IOException e) {
      throw new DecodeException("Failed to decode:" + e.getMessage(), e);
    }
    @SuppressWarnings("unchecked") // an object was checked above; the codec maps objects to Maps
    Map<String, Object> map = JacksonCodec.fromParser(parser, Map.class); // closes the parser; no trailing tokens
    return new JsonObject(map);
  }
}
