package io.roomgate.fuzz;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/** What the HTTP fuzz tests share: header values a client can send, and the answer's JSON. */
final class FuzzHttp {
  /** A gateway that has not answered in this long is hung, which is a finding like any other. */
  static final long ANSWER_DEADLINE_MS = 10_000;

  private FuzzHttp() {
  }

  /** Printable ASCII only: HTTP clients refuse CR, LF and other controls in a header, so those test the client. */
  static String headerSafe(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        b.append(c);
      }
    }
    return b.toString().trim();
  }

  /** The answer as a JSON object, or an assertion error that shows it. */
  static JsonObject json(HttpResponse<Buffer> r) {
    try {
      return r.bodyAsJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw new AssertionError("HTTP " + r.statusCode() + " answer is not a JSON object: " + r.bodyAsString());
    }
  }
}
