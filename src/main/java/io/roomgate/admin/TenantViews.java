package io.roomgate.admin;

import io.roomgate.config.RateLimitConfig;
import io.roomgate.config.TenantConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A tenant as the admin API shows it: which credentials exist, never a secret (only whether a previous one is still
 * held during a rotation, and until when).
 */
final class TenantViews {
  private TenantViews() {
  }

  static JsonObject view(TenantCatalog.Entry e) {
    TenantConfig c = e.config();
    JsonObject o = new JsonObject().put("id", c.id()).put("source", e.source().key());
    if (e.source() == TenantCatalog.Source.API) {
      o.put("version", e.version());
    }
    RateLimitConfig rl = c.rateLimit();
    if (rl.plan() != null) {
      o.put("plan", rl.plan());
    }
    o.put("rate_limit", new JsonObject().put("qps", rl.qps()).put("burst", rl.burst()));
    if (c.plugnmeet() != null) {
      TenantConfig.PlugNmeet p = c.plugnmeet();
      JsonObject pn = new JsonObject().put("api_key", p.apiKey()).put("previous_secret", p.previousApiSecret() != null);
      if (p.previousApiSecret() != null) {
        pn.put("previous_expires_at", p.previousExpiresAt());
      }
      o.put("plugnmeet", pn);
    }
    if (c.tencent() != null) {
      TenantConfig.Tencent t = c.tencent();
      JsonObject tc = new JsonObject().put("sdkappid", t.sdkAppId()).put("admins", new JsonArray(t.admins()))
          .put("previous_secret", t.previousSecretKey() != null);
      if (t.previousSecretKey() != null) {
        tc.put("previous_expires_at", t.previousExpiresAt());
      }
      o.put("tencent", tc);
    }
    if (c.webhookUrl() != null) {
      o.put("webhook_url", c.webhookUrl());
    }
    o.put("max_active_rooms", c.maxActiveRooms());
    return o;
  }
}
