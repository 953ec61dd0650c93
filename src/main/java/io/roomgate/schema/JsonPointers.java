package io.roomgate.schema;

import java.nio.charset.StandardCharsets;

/**
 * JSON-pointer segments spelled the way vertx-json-schema spells its locations: {@code ~0}/{@code ~1} escaping,
 * then percent-encoding of everything outside a small safe set. Both the checker (which indexes every subschema
 * under the URI the library will report) and the renderer (which reads the library's locations) use it.
 */
final class JsonPointers {

  private JsonPointers() {
  }

  /** JSON-pointer escaping, then percent-encoding, the way the library spells locations. */
  static String encodeSegment(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c == '~') {
        sb.append("~0");
      } else if (c == '/') {
        sb.append("~1");
      } else if (c < 0x80 && (Character.isLetterOrDigit(c) || ":?#@!$&'()*+,;=-._".indexOf(c) >= 0)) {
        sb.append(c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
          .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  /** The inverse of {@link #encodeSegment}. */
  static String decodeSegment(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('~') < 0) {
      return s;
    }
    byte[] out = new byte[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        out[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
        i += 2;
      } else {
        out[n++] = (byte) c;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8).replace("~1", "/").replace("~0", "~");
  }
}
