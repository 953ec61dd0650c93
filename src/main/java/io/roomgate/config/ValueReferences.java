package io.roomgate.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${ENV_NAME}} and {@code ${file:/path}} in every string value of the configuration file, so that
 * secrets can come from the environment or a mounted Kubernetes Secret instead of the file itself. A reference may be
 * the whole value or a part of it ({@code redis://:${REDIS_PASSWORD}@redis:6379}); <code>$${</code> stands for a literal
 * <code>${</code>. A file's content is taken without its final line break (editors and {@code echo} add one).
 *
 * <p>Only the configuration file is resolved: tenants written through the admin API are taken literally, so a caller
 * of the API can never make the gateway read its environment or files.
 *
 * <p>Errors name the key and the reference, never the value ({@code tenants[0].plugnmeet.api_secret: environment
 * variable ACME_SECRET is not set}).
 */
final class ValueReferences {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");
  private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
  private static final String FILE = "file:";

  private final Function<String, String> env;

  /** @param env the environment ({@code System::getenv} in production) */
  ValueReferences(Function<String, String> env) {
    this.env = env;
  }

  /** A copy of the parsed YAML document with every reference replaced. */
  Object resolve(Object node) {
    return resolve("", node);
  }

  private Object resolve(String path, Object node) {
    if (node instanceof String s) {
      return s.indexOf('$') < 0 ? s : resolveString(path.isEmpty() ? "(document)" : path, s);
    }
    if (node instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, resolve(path.isEmpty() ? String.valueOf(k) : path + "." + k, v)));
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(resolve(path + "[" + i + "]", list.get(i)));
      }
      return out;
    }
    return node;
  }

  private String resolveString(String path, String value) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = m.group(1) == null ? "${" : lookup(path, m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String lookup(String path, String reference) {
    if (reference.startsWith(FILE)) {
      return readFile(path, reference.substring(FILE.length()));
    }
    if (!ENV_NAME.matcher(reference).matches()) {
      throw new ConfigException(path, "'${" + reference + "}' is neither ${ENV_NAME} nor ${file:/path}");
    }
    String v = env.apply(reference);
    if (v == null) {
      throw new ConfigException(path, "environment variable " + reference + " is not set");
    }
    return v;
  }

  private static String readFile(String path, String file) {
    if (file.isBlank()) {
      throw new ConfigException(path, "${file:} needs a path");
    }
    try {
      String s = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      if (s.endsWith("\r\n")) {
        return s.substring(0, s.length() - 2);
      }
      return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    } catch (IOException | RuntimeException e) {
      // the exception's class says why (no such file, not readable) without quoting anything read
      throw new ConfigException(path, "cannot read ${file:" + file + "} (" + e.getClass().getSimpleName() + ")");
    }
  }
}
