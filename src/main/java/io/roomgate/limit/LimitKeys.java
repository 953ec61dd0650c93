package io.roomgate.limit;

/** The per-node state keys of {@link Limit#key()}: the tenant id, or the tenant id, {@code \0} and more. */
final class LimitKeys {
  private LimitKeys() {
  }

  /** Whether {@code key} is one of {@code tenantId}'s. */
  static boolean ofTenant(String key, String tenantId) {
    return key.startsWith(tenantId) && (key.length() == tenantId.length() || key.charAt(tenantId.length()) == '\0');
  }
}
