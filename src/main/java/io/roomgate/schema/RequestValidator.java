package io.roomgate.schema;

import io.vertx.core.json.JsonObject;

/**
 * A pre-compiled validator for one request schema. Instances are safe to share between threads
 * (see {@link SchemaRegistry} for how).
 */
@FunctionalInterface
public interface RequestValidator {

  /**
   * @param body the parsed request body; it is not modified
   * @return {@code null} when the body is valid, else the first violation (deterministic)
   */
  SchemaViolation validate(JsonObject body);
}
