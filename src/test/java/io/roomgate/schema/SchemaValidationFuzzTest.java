package io.roomgate.schema;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.roomgate.http.JsonBodies;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSON-Schema validation of any body the gateway's JSON reader accepts, against every shipped schema (the first byte
 * picks one): no exception, a violation with a message whenever the body is refused, and the fast path never
 * accepting what vertx-json-schema refuses (the verdict must be the library's).
 */
class SchemaValidationFuzzTest {
  private static final SchemaRegistry REGISTRY = SchemaRegistry.loadFromClasspath();
  private static final List<String> NAMES = REGISTRY.schemaNames().stream().sorted().toList();

  @FuzzTest
  void anyBodyGetsTheLibrarysVerdict(byte[] input) {
    if (input.length == 0) {
      return;
    }
    String name = NAMES.get((input[0] & 0xff) % NAMES.size());
    Buffer raw = Buffer.buffer(input).slice(1, input.length);
    JsonObject body;
    try {
      body = JsonBodies.object(raw);
    } catch (DecodeException notJson) {
      return; // the dialects answer these before validation
    }
    if (body == null) {
      return;
    }
    CompiledValidator v = (CompiledValidator) REGISTRY.validator(name);
    SchemaViolation library = v.validateWithLibrary(JsonBodies.object(raw));
    boolean fast = v.fastCheck().accepts(JsonBodies.object(raw));
    assertTrue(!fast || library == null, () -> name + ": the fast path accepted what the library refuses ("
        + library + "): " + raw);
    SchemaViolation answer = v.validate(body);
    assertEquals(library, answer, () -> name + ": " + raw);
    if (answer != null) {
      assertNotNull(answer.toString());
    }
  }
}
