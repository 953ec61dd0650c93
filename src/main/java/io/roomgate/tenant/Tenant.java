package io.roomgate.tenant;

import io.roomgate.config.TenantConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;

/**
 * A configured tenant with what the hot path needs precomputed. A {@link Mac} is not thread-safe and costly
 * to initialise, so each event-loop thread keeps one per tenant.
 */
public final class Tenant {
  /**
   * The gateway's own tenant, present only while it warms up: configured ids cannot start with {@code _}, and its
   * requests are left out of every metric, the access log and the rate-limit counts.
   */
  public static final String WARMUP_ID = "_warmup";
  private static final String HMAC = "HmacSHA256";

  private final TenantConfig config;
  private final Clock clock;
  private final ThreadLocal<Mac> plugNmeetMac;
  private final ThreadLocal<Mac> previousPlugNmeetMac;

  /** @param clock when a previous secret expires (rotation) is read from it */
  public Tenant(TenantConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    TenantConfig.PlugNmeet p = config.plugnmeet();
    this.plugNmeetMac = p == null ? null : ThreadLocal.withInitial(() -> hmac(p.apiSecret()));
    this.previousPlugNmeetMac = p == null || p.previousApiSecret() == null ? null
        : ThreadLocal.withInitial(() -> hmac(p.previousApiSecret()));
  }

  public String id() {
    return config.id();
  }

  public TenantConfig config() {
    return config;
  }

  /** Whether this is the gateway's own warm-up tenant (see {@link #WARMUP_ID}). */
  public boolean internal() {
    return isInternal(config.id());
  }

  public static boolean isInternal(String tenantId) {
    return WARMUP_ID.equals(tenantId);
  }

  /** A ready HMAC-SHA256 keyed with the tenant's plugNmeet secret, for this thread only. */
  public Mac plugNmeetMac() {
    if (plugNmeetMac == null) {
      throw new IllegalStateException("tenant " + id() + " has no plugNmeet credentials");
    }
    return plugNmeetMac.get();
  }

  /**
   * During a rotation, a ready HMAC-SHA256 keyed with the previous plugNmeet secret (this thread's), until
   * {@code plugnmeet.previous_expires_at}; {@code null} without one or from that second on.
   */
  public Mac previousPlugNmeetMac() {
    if (previousPlugNmeetMac == null || !unexpired(config.plugnmeet().previousExpiresAt())) {
      return null;
    }
    return previousPlugNmeetMac.get();
  }

  /** During a rotation, the previous Tencent key until {@code tencent.previous_expires_at}; else {@code null}. */
  public String previousTencentKey() {
    TenantConfig.Tencent t = config.tencent();
    if (t == null || t.previousSecretKey() == null || !unexpired(t.previousExpiresAt())) {
      return null;
    }
    return t.previousSecretKey();
  }

  private boolean unexpired(long expiresAtSeconds) {
    return clock.millis() < expiresAtSeconds * 1000;
  }

  static Mac hmac(String secret) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "Tenant[" + id() + "]";
  }
}
