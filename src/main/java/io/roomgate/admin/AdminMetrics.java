package io.roomgate.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin API's decisions: {@code roomgate_admin_auth_total{result=ok|missing|invalid|forbidden|disabled}} and
 * {@code roomgate_admin_changes_total{action=put|delete, result=created|replaced|deleted|not_found|invalid|refused|
 * failed}}, every series exported from start (zero); and {@code roomgate_admin_plan_reloads_refused_total}, file
 * reloads refused because an API tenant's plan would no longer resolve.
 */
final class AdminMetrics {
  static final List<String> AUTH_RESULTS = List.of("ok", "missing", "invalid", "forbidden", "disabled");
  static final List<String> PUT_RESULTS = List.of("created", "replaced", "invalid", "refused", "failed");
  static final List<String> DELETE_RESULTS = List.of("deleted", "not_found", "refused", "failed");

  private final Map<String, Counter> auth = new ConcurrentHashMap<>();
  private final Map<String, Counter> changes = new ConcurrentHashMap<>();

  /** @param registry {@code null} = no metrics (every method is a no-op) */
  AdminMetrics(MeterRegistry registry, TenantCatalog catalog) {
    if (registry == null) {
      return;
    }
    FunctionCounter.builder("roomgate.admin.plan.reloads.refused", catalog, TenantCatalog::refusedReloads)
        .description("Reloads of the file refused: an admin API tenant's plan would no longer resolve")
        .register(registry);
    for (String r : AUTH_RESULTS) {
      auth.put(r, Counter.builder("roomgate.admin.auth").description("Admin API requests by authentication result")
          .tag("result", r).register(registry));
    }
    for (String r : PUT_RESULTS) {
      changes.put("put/" + r, change(registry, "put", r));
    }
    for (String r : DELETE_RESULTS) {
      changes.put("delete/" + r, change(registry, "delete", r));
    }
  }

  private static Counter change(MeterRegistry registry, String action, String result) {
    return Counter.builder("roomgate.admin.changes").description("Admin API tenant writes by action and result")
        .tags("action", action, "result", result).register(registry);
  }

  void auth(String result) {
    Counter c = auth.get(result);
    if (c != null) {
      c.increment();
    }
  }

  void change(String action, String result) {
    Counter c = changes.get(action + "/" + result);
    if (c != null) {
      c.increment();
    }
  }
}
