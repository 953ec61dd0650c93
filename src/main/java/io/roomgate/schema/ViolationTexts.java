package io.roomgate.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of one failed keyword, protovalidate style ({@code value is required}, {@code must be greater than 0}).
 * A subschema may carry its own text in {@code x-message}: a string for every keyword of that subschema, or an
 * object keyed by keyword ({@code {"pattern": "..."}}), which wins.
 */
final class ViolationTexts {

  private ViolationTexts() {
  }

  /** protovalidate-style text for one failed keyword; the subschema's x-message wins. */
  static String message(String keyword, JsonObject subschema, OutputUnit e) {
    if (subschema != null) {
      Object custom = subschema.getValue("x-message");
      if (custom instanceof String s) {
        return s;
      }
      if (custom instanceof JsonObject byKeyword && byKeyword.getValue(keyword) instanceof String s) {
        return s;
      }
    }
    Object arg = subschema == null ? null : subschema.getValue(keyword);
    switch (keyword) {
      case "required":
        return "value is required";
      case "type":
        return typeMessage(arg != null ? arg : expectedTypeFrom(e.getError()));
      case "exclusiveMinimum":
        return arg == null ? e.getError() : "must be greater than " + arg;
      case "minimum":
        return arg == null ? e.getError() : "must be greater than or equal to " + arg;
      case "exclusiveMaximum":
        return arg == null ? e.getError() : "must be less than " + arg;
      case "maximum":
        return arg == null ? e.getError() : "must be less than or equal to " + arg;
      case "maxLength":
        return arg == null ? e.getError() : "value length must be at most " + arg + " characters";
      case "minLength":
        return arg == null ? e.getError() : "value length must be at least " + arg + " characters";
      case "pattern":
        return arg == null ? e.getError() : "value does not match regex pattern `" + arg + "`";
      case "format":
        return formatMessage(arg != null ? String.valueOf(arg) : quoted(e.getError()));
      case "enum":
        if (arg instanceof JsonArray values) {
          List<String> items = new ArrayList<>(values.size());
          values.forEach(v -> items.add(String.valueOf(v)));
          return "value must be in list [" + String.join(", ", items) + "]";
        }
        return e.getError();
      case "const":
        return arg == null ? e.getError() : "value must equal " + arg;
      case "minItems":
        return arg == null ? e.getError() : "value must contain at least " + arg + " item(s)";
      case "maxItems":
        return arg == null ? e.getError() : "value must contain no more than " + arg + " item(s)";
      case "uniqueItems":
        return "repeated value must contain unique items";
      default:
        return e.getError();
    }
  }

  /** The text between the first and the last double quote of a library error, e.g. a missing property. */
  static String quoted(String text) {
    if (text == null) {
      return null;
    }
    int a = text.indexOf('"');
    int b = text.lastIndexOf('"');
    return a >= 0 && b > a ? text.substring(a + 1, b) : null;
  }

  private static Object expectedTypeFrom(String error) {
    int i = error == null ? -1 : error.indexOf("Expected ");
    return i < 0 ? null : error.substring(i + "Expected ".length()).trim();
  }

  private static String typeMessage(Object type) {
    if (type instanceof JsonArray types) {
      List<String> names = new ArrayList<>(types.size());
      types.forEach(t -> names.add(String.valueOf(t)));
      return "value must be one of the types " + String.join(", ", names);
    }
    String t = String.valueOf(type);
    return switch (t) {
      case "boolean" -> "value must be a boolean";
      case "integer" -> "value must be an integer";
      case "number" -> "value must be a number";
      case "string" -> "value must be a string";
      case "object" -> "value must be an object";
      case "array" -> "value must be an array";
      case "null" -> "value must be null";
      default -> "value must be of type " + t;
    };
  }

  private static String formatMessage(String format) {
    if (format == null) {
      return "value has an invalid format";
    }
    return switch (format) {
      case "uri" -> "value must be a valid URI";
      case "uri-reference" -> "value must be a valid URI Reference";
      case "email" -> "value must be a valid email address";
      case "hostname" -> "value must be a valid hostname";
      case "ipv4" -> "value must be a valid IPv4 address";
      case "ipv6" -> "value must be a valid IPv6 address";
      case "uuid" -> "value must be a valid UUID";
      case "date-time" -> "value must be a valid RFC 3339 date-time";
      default -> "value must be a valid " + format;
    };
  }
}
