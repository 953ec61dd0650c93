package io.roomgate.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A strict decoder of a raw query string, for the Tencent dialect's case-sensitive URL parameters. Unlike Netty's
 * {@code QueryStringDecoder} (behind Vert.x's {@code params()}), it never throws and never puts the input into an
 * exception message: a malformed query ({@code %} not followed by two hex digits, percent-escapes that are not
 * UTF-8, a NUL, a raw non-ASCII character) is answered {@code null}, and the caller renders its dialect's client error. Names and values are
 * percent-decoded, {@code +} is a space; the first value of a repeated name wins.
 */
public final class QueryParams {
  private QueryParams() {
  }

  /** The parameters of {@code rawQuery} (without the {@code ?}; {@code null} = none), or {@code null} if malformed. */
  public static Map<String, String> parse(String rawQuery) {
    Map<String, String> params = new HashMap<>(8);
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    int start = 0;
    while (start <= rawQuery.length()) {
      int end = rawQuery.indexOf('&', start);
      if (end < 0) {
        end = rawQuery.length();
      }
      if (end > start) {
        int eq = rawQuery.indexOf('=', start);
        String name;
        String value;
        if (eq < 0 || eq > end) {
          name = decode(rawQuery, start, end);
          value = "";
        } else {
          name = decode(rawQuery, start, eq);
          value = decode(rawQuery, eq + 1, end);
        }
        if (name == null || value == null) {
          return null;
        }
        params.putIfAbsent(name, value);
      }
      start = end + 1;
    }
    return params;
  }

  /**
   * Whether every {@code %} in {@code raw} (a path or a query as sent) starts a two-hex-digit escape and no NUL
   * travels in it, raw or escaped: what Vert.x needs to normalize a path without throwing.
   */
  public static boolean wellEscaped(String raw) {
    if (raw == null) {
      return true;
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == 0) {
        return false;
      }
      if (c == '%') {
        if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0
            || (raw.charAt(i + 1) == '0' && raw.charAt(i + 2) == '0')) {
          return false;
        }
        i += 2;
      }
    }
    return true;
  }

  /** {@code s[from, to)} percent-decoded as UTF-8, or {@code null} if malformed. */
  private static String decode(String s, int from, int to) {
    boolean plain = true;
    for (int i = from; i < to && plain; i++) {
      char c = s.charAt(i);
      plain = c != '%' && c != '+' && c != 0 && c < 0x80;
    }
    if (plain) {
      return s.substring(from, to);
    }
    ByteBuffer bytes = ByteBuffer.allocate(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= to) {
          return null;
        }
        int hi = hex(s.charAt(i + 1));
        int lo = hex(s.charAt(i + 2));
        if (hi < 0 || lo < 0 || (hi | lo) == 0) {
          return null;
        }
        bytes.put((byte) (hi << 4 | lo));
        i += 2;
      } else if (c == '+') {
        bytes.put((byte) ' ');
      } else if (c == 0 || c >= 0x80) {
        return null; // a raw NUL or non-ASCII character has no place in a URL (RFC 3986)
      } else {
        bytes.put((byte) c);
      }
    }
    bytes.flip();
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes);
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
