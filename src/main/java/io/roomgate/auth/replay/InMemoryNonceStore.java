package io.roomgate.auth.replay;

import io.vertx.core.Future;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Nonces seen by this process, per tenant, each until it expires. A tenant holds at most {@code maxPerTenant} live
 * nonces: past that its requests are refused rather than old nonces dropped, because forgetting a live nonce would
 * let its request be replayed. Only requests whose signature verified get here, so a tenant can fill only its own
 * share. Expired nonces are swept when a tenant's share is full, at most once a second so that a full share does not
 * cost every request a scan.
 *
 * <p>Not a {@link io.roomgate.cache.BoundedCache} on purpose: a cache forgets entries when full, and this store must
 * refuse instead, per tenant.
 */
public final class InMemoryNonceStore implements NonceStore {
  /** Live nonces per tenant by default: 200 requests/s for a 300 s window is 60,000. */
  public static final int DEFAULT_MAX_PER_TENANT = 100_000;
  private static final long SWEEP_INTERVAL_MS = 1_000;

  private final Map<String, Share> shares = new ConcurrentHashMap<>();
  private final Clock clock;
  private final int maxPerTenant;

  public InMemoryNonceStore(Clock clock, int maxPerTenant) {
    this.clock = clock;
    this.maxPerTenant = maxPerTenant;
  }

  @Override
  public Future<Boolean> firstUse(String tenantId, String nonce, long ttlMillis) {
    long now = clock.millis();
    Share share = shares.computeIfAbsent(tenantId, t -> new Share());
    Long expiresAt = share.expiry.get(nonce);
    if (expiresAt != null && expiresAt > now) {
      return Future.succeededFuture(false);
    }
    if (expiresAt == null && share.expiry.size() >= maxPerTenant && !share.sweep(now)) {
      return Future.failedFuture(new Full("more than " + maxPerTenant + " nonces inside the replay window"));
    }
    boolean[] fresh = {false};
    share.expiry.compute(nonce, (k, old) -> {
      if (old != null && old > now) {
        return old;  // another event loop recorded it in between
      }
      fresh[0] = true;
      return now + ttlMillis;
    });
    return Future.succeededFuture(fresh[0]);
  }

  /** Live and not yet swept nonces of a tenant. */
  int size(String tenantId) {
    Share share = shares.get(tenantId);
    return share == null ? 0 : share.expiry.size();
  }

  private final class Share {
    final Map<String, Long> expiry = new ConcurrentHashMap<>();
    final AtomicLong lastSweep = new AtomicLong(clock.millis() - SWEEP_INTERVAL_MS); // the first may sweep

    /** Drops expired nonces (at most once per interval); true when there is room afterwards. */
    boolean sweep(long now) {
      long last = lastSweep.get();
      if (now - last >= SWEEP_INTERVAL_MS && lastSweep.compareAndSet(last, now)) {
        expiry.values().removeIf(at -> at <= now);
      }
      return expiry.size() < maxPerTenant;
    }
  }
}
