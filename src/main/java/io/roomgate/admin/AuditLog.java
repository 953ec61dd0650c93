package io.roomgate.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * One line per admin change on the {@code roomgate.audit} logger: who (the token's name, never the token), what,
 * which tenant, when, and the outcome. Never a secret: the body is not written.
 */
final class AuditLog {
  private static final Logger LOG = Logger.getLogger("roomgate.audit");

  private final Clock clock;

  AuditLog(Clock clock) {
    this.clock = clock;
  }

  /** Tenant ids are validated before anything is logged; the token name comes from the configuration. */
  void change(String tokenName, String action, String tenantId, String result, long version, String scope) {
    LOG.info("admin time=" + Instant.ofEpochMilli(clock.millis()) + " token=" + tokenName + " action=" + action
        + " tenant=" + tenantId + " result=" + result + (version > 0 ? " version=" + version : "")
        + " scope=" + scope);
  }
}
