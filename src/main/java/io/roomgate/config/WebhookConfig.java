package io.roomgate.config;

import java.util.List;

/**
 * {@code webhooks:} — delivery of room events to tenants.
 *
 * @param timeoutMs        budget of one delivery attempt, from resolving the host to the end of the answer
 *                         ({@code webhooks.timeout_ms}, default 5000)
 * @param backoffInitialMs first retry delay, doubled per attempt ({@code webhooks.backoff_initial_ms}, default 500)
 * @param backoffMaxMs     longest retry delay ({@code webhooks.backoff_max_ms}, default 30000)
 * @param maxAgeSeconds    an event still undelivered this long after it was queued is dropped and counted
 *                         ({@code webhooks.max_age_seconds}, default 3600)
 * @param maxQueue         events waiting in this process at most; with Redis the stream holds the rest
 *                         ({@code webhooks.max_queue}, default 10000)
 * @param maxQueuePerTenant events of one tenant waiting in this process at most; more of that tenant's are dropped,
 *                         so one tenant's unreachable destinations cannot fill the queue for everyone
 *                         ({@code webhooks.max_queue_per_tenant}, default 1000)
 * @param poolSize         connections per tenant to one destination host and port; a tenant's further deliveries to
 *                         it wait for one of them, other tenants' never do ({@code webhooks.pool_size}, default 8)
 * @param allowNetworks    networks allowed as destinations besides public addresses
 *                         ({@code webhooks.allow_networks}, default none)
 */
public record WebhookConfig(long timeoutMs, long backoffInitialMs, long backoffMaxMs, long maxAgeSeconds, int maxQueue,
                            int maxQueuePerTenant, int poolSize, List<CidrBlock> allowNetworks) {
  public static final WebhookConfig DEFAULTS = new WebhookConfig(5000, 500, 30_000, 3600, 10_000, 1000, 8,
      List.of());

  /** Checks every invariant; each error names its key under {@code webhooks}. */
  public WebhookConfig {
    InvalidConfigValue.checkAtLeast(timeoutMs, 1, "timeout_ms");
    InvalidConfigValue.checkAtLeast(backoffInitialMs, 1, "backoff_initial_ms");
    InvalidConfigValue.check(backoffMaxMs >= backoffInitialMs, "backoff_max_ms",
        "must be at least backoff_initial_ms (" + backoffInitialMs + ")");
    InvalidConfigValue.checkAtLeast(maxAgeSeconds, 1, "max_age_seconds");
    InvalidConfigValue.checkAtLeast(maxQueue, 1, "max_queue");
    InvalidConfigValue.check(maxQueuePerTenant >= 1 && maxQueuePerTenant <= maxQueue, "max_queue_per_tenant",
        "must be between 1 and " + maxQueue + ", was " + maxQueuePerTenant);
    InvalidConfigValue.checkAtLeast(poolSize, 1, "pool_size");
    allowNetworks = List.copyOf(allowNetworks);
  }
}
