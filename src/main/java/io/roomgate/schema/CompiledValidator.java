package io.roomgate.schema;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;

/**
 * The {@link RequestValidator} of one schema. A body its {@link FastCheck} accepts is valid; any other body is
 * walked by vertx-json-schema, which decides, and an invalid one is rendered by {@link ViolationRenderer}. So the
 * verdict and the text of every violation are the library's, as they always were; only the common valid case
 * skips the library's interpreted walk.
 */
final class CompiledValidator implements RequestValidator {

  private final String name;
  private final FastCheck fast;
  private final int index;
  private final LibraryValidators library;
  private final ViolationRenderer renderer;

  CompiledValidator(String name, FastCheck fast, LibraryValidators library, ViolationRenderer renderer) {
    this.name = name;
    this.fast = fast;
    this.index = library.indexOf(name);
    this.library = library;
    this.renderer = renderer;
  }

  @Override
  public SchemaViolation validate(JsonObject body) {
    if (fast.accepts(body)) {
      return null;
    }
    OutputUnit out = library.validate(index, body);
    return out.getValid() ? null : renderer.firstViolation(out, body);
  }

  /** The library's verdict alone, without the fast path (differential tests compare the two). */
  SchemaViolation validateWithLibrary(JsonObject body) {
    OutputUnit out = library.validate(index, body);
    return out.getValid() ? null : renderer.firstViolation(out, body);
  }

  /** The fast path of this schema, for tests. */
  FastCheck fastCheck() {
    return fast;
  }

  @Override
  public String toString() {
    return "RequestValidator[" + name + "]";
  }
}
