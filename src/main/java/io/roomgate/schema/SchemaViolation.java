package io.roomgate.schema;

import java.util.Objects;

/**
 * The one violation reported for an invalid request body.
 *
 * @param fieldPath dotted path from the body's root, protovalidate style: {@code room_id},
 *                  {@code metadata.room_features.allow_webcams}, {@code room_ids[2]}
 * @param message   protovalidate-style text, e.g. {@code value is required}
 */
public record SchemaViolation(String fieldPath, String message) {

  public SchemaViolation {
    Objects.requireNonNull(fieldPath, "fieldPath");
    Objects.requireNonNull(message, "message");
  }

  /** The plugNmeet {@code msg} for one violation: {@code validation error: <fieldPath>: <message>}. */
  public String plugNmeetText() {
    return "validation error: " + fieldPath + ": " + message;
  }
}
