package io.roomgate.config;

import java.util.function.Supplier;

/**
 * A config record's invariant that does not hold, thrown by its canonical constructor: the record's own key
 * ({@code burst}, {@code apis.create.burst}) and the problem. Built outside the loader it reads as
 * {@code burst: must be at least qps (100)}; {@link #at} turns it into the loader's {@link ConfigException} with the
 * whole key path ({@code tenants[acme].rate_limit.burst: ...}).
 */
public final class InvalidConfigValue extends IllegalArgumentException {
  private final String key;
  private final String problem;

  public InvalidConfigValue(String key, String problem) {
    super(key + ": " + problem);
    this.key = key;
    this.problem = problem;
  }

  /** Throws unless {@code holds}. */
  static void check(boolean holds, String key, String problem) {
    if (!holds) {
      throw new InvalidConfigValue(key, problem);
    }
  }

  /** Throws unless {@code value >= min}. */
  static void checkAtLeast(long value, long min, String key) {
    check(value >= min, key, "must be at least " + min + ", was " + value);
  }

  /** Throws unless {@code 0 <= port <= 65535}. */
  static void checkPort(int port, String key) {
    check(port >= 0 && port <= 65535, key, "must be between 0 and 65535, was " + port);
  }

  /**
   * Builds a record whose keys live under {@code path}; a broken invariant becomes the key-named error.
   *
   * @param suffix appended to the problem, e.g. {@code " (with plan 'pro')"}, or empty
   */
  static <T> T at(String path, String suffix, Supplier<T> build) {
    try {
      return build.get();
    } catch (InvalidConfigValue e) {
      throw new ConfigException(path.isEmpty() ? e.key : path + "." + e.key, e.problem + suffix);
    }
  }
}
