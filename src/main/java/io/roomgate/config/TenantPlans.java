package io.roomgate.config;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The file's {@code plans}, kept after the load so that a tenant of the admin API can name one: its entry is resolved
 * against them by {@link ConfigLoader#tenant(String, Map, TenantPlans)}, and again when a reload changes them.
 */
public final class TenantPlans {
  /** No plans (a file without {@code plans}). */
  public static final TenantPlans NONE = new TenantPlans(Map.of());

  final Map<String, RateLimitSpec> byName;

  TenantPlans(Map<String, RateLimitSpec> byName) {
    this.byName = Map.copyOf(byName);
  }

  /** The plans' names, sorted. */
  public Set<String> names() {
    return new TreeSet<>(byName.keySet());
  }

  /** Each plan's limits as they stand alone (the loader has checked that they do), by name. */
  public void forEachResolved(BiConsumer<String, RateLimitConfig> action) {
    new TreeMap<>(byName).forEach((name, spec) -> action.accept(name, spec.resolve("plans." + name, null)));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TenantPlans p && p.byName.equals(byName);
  }

  @Override
  public int hashCode() {
    return byName.hashCode();
  }

  @Override
  public String toString() {
    return "TenantPlans" + names();
  }
}
