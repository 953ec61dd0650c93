package io.roomgate.room;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.vertx.core.json.DecodeException;

import java.io.IOException;
import java.util.Arrays;

/**
 * A string that is also kept as its JSON escaping, when it was read that way: a room's {@code metadata}, a ~1.3 KB
 * JSON document held as a string. A read from Redis finds it already escaped in the stored record, and an answer
 * writes it escaped again; carrying the escaped bytes through skips unescaping (and a string) on every read and
 * escaping on every answer. The string is decoded from them only when asked for (updates, webhooks, LiveKit).
 *
 * <p>The escaped bytes are always Jackson's escaping of the string (the store writes them with Jackson, nothing else
 * writes them), so two instances with bytes are equal exactly when their bytes are.
 */
public final class JsonText {
  public static final JsonText EMPTY = new JsonText("", new byte[0]);
  private static final JsonFactory JSON = JsonFactory.builder().build();

  /** The JSON string literal's content, without its quotes, as UTF-8; {@code null} when made from a string. */
  private final byte[] escaped;
  /** Decoded from {@link #escaped} on first use (a benign race: every thread decodes the same string). */
  private String value;

  private JsonText(String value, byte[] escaped) {
    this.value = value;
    this.escaped = escaped;
  }

  public static JsonText of(String value) {
    return value == null || value.isEmpty() ? EMPTY : new JsonText(value, null);
  }

  /**
   * The string whose JSON literal is {@code json[from, to)} without its quotes, as Jackson escapes it; the bytes are
   * copied. Not checked here: a malformed escape fails when the string is first asked for.
   */
  public static JsonText ofEscaped(byte[] json, int from, int to) {
    return from == to ? EMPTY : new JsonText(null, Arrays.copyOfRange(json, from, to));
  }

  public String value() {
    String v = value;
    if (v == null) {
      v = decode(escaped);
      value = v;
    }
    return v;
  }

  /** The escaped UTF-8 bytes, without quotes, or {@code null} when this was made from a string; never change them. */
  public byte[] escapedOrNull() {
    return escaped;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof JsonText other)) {
      return false;
    }
    if (escaped != null && other.escaped != null) {
      return Arrays.equals(escaped, other.escaped);
    }
    return value().equals(other.value());
  }

  @Override
  public int hashCode() {
    return value().hashCode();
  }

  @Override
  public String toString() {
    return value();
  }

  private static String decode(byte[] escaped) {
    byte[] literal = new byte[escaped.length + 2];
    literal[0] = '"';
    System.arraycopy(escaped, 0, literal, 1, escaped.length);
    literal[literal.length - 1] = '"';
    try (JsonParser p = JSON.createParser(literal)) {
      p.nextToken();
      return p.getText();
    } catch (IOException e) {
      throw new DecodeException("not a JSON string: " + e.getMessage());
    }
  }
}
