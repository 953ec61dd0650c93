package io.roomgate.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One YAML mapping with its path, so that every error names the exact key ({@code tenants[1].plugnmeet.api_key}).
 * Keys that nobody reads are reported as unknown: a typo must not silently fall back to a default.
 */
final class ConfigNode {
  private final String path;
  private final Map<String, Object> values;
  private final Set<String> read = new java.util.HashSet<>();

  ConfigNode(String path, Map<?, ?> values) {
    this.path = path;
    this.values = new LinkedHashMap<>();
    values.forEach((k, v) -> this.values.put(String.valueOf(k), v));
  }

  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Builds the record read from this node; a broken invariant of it is reported under this node's key. */
  <T> T build(java.util.function.Supplier<T> record) {
    return InvalidConfigValue.at(path, "", record);
  }

  boolean has(String key) {
    return values.get(key) != null;
  }

  ConfigNode child(String key) {
    read.add(key);
    Object v = values.get(key);
    if (v == null) {
      return new ConfigNode(path(key), Map.of());
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new ConfigException(path(key), "must be a mapping");
    }
    return new ConfigNode(path(key), m);
  }

  List<ConfigNode> children(String key) {
    read.add(key);
    Object v = values.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new ConfigException(path(key), "must be a list");
    }
    List<ConfigNode> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> m)) {
        throw new ConfigException(path(key) + "[" + i + "]", "must be a mapping");
      }
      out.add(new ConfigNode(path(key) + "[" + i + "]", m));
    }
    return out;
  }

  List<String> strings(String key) {
    read.add(key);
    Object v = values.get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw new ConfigException(path(key), "must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String s) || s.isBlank()) {
        throw new ConfigException(path(key) + "[" + i + "]", "must be a non-empty string");
      }
      out.add(s);
    }
    return out;
  }

  String string(String key, String fallback) {
    read.add(key);
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      throw new ConfigException(path(key), "must be a non-empty string");
    }
    return s;
  }

  boolean bool(String key, boolean fallback) {
    read.add(key);
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw new ConfigException(path(key), "must be true or false");
    }
    return b;
  }

  String requiredString(String key) {
    String s = string(key, null);
    if (s == null) {
      throw new ConfigException(path(key), "is required");
    }
    return s;
  }

  long number(String key, long fallback, long min, long max) {
    read.add(key);
    Object v = values.get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Integer || v instanceof Long)) {
      throw new ConfigException(path(key), "must be a whole number");
    }
    long n = ((Number) v).longValue();
    if (n < min || n > max) {
      throw new ConfigException(path(key), "must be between " + min + " and " + max + ", was " + n);
    }
    return n;
  }

  long requiredNumber(String key, long min, long max) {
    if (!has(key)) {
      read.add(key);
      throw new ConfigException(path(key), "is required");
    }
    return number(key, 0, min, max);
  }

  <T> Map<String, T> mapOf(String key, Function<ConfigNode, T> parse) {
    ConfigNode node = child(key);
    Map<String, T> out = new LinkedHashMap<>();
    for (String k : node.values.keySet()) {
      out.put(k, parse.apply(node.child(k)));
    }
    return out;
  }

  /** A mapping of names to whole numbers in [min, max], e.g. {@code costs: {create: 5}}; each error names its key. */
  Map<String, Long> numberMap(String key, long min, long max) {
    ConfigNode node = child(key);
    Map<String, Long> out = new LinkedHashMap<>();
    for (String k : node.values.keySet()) {
      out.put(k, node.requiredNumber(k, min, max));
    }
    return out;
  }

  /** Fails on the first key that no reader asked for. Call after reading a node completely. */
  void rejectUnknownKeys() {
    for (String k : values.keySet()) {
      if (!read.contains(k)) {
        throw new ConfigException(path(k), "unknown key");
      }
    }
  }
}
