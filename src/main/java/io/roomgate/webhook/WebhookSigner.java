package io.roomgate.webhook;

import io.roomgate.cache.BoundedCache;
import io.roomgate.config.TenantConfig;
import io.roomgate.tenant.Tenant;
import io.roomgate.tenant.TenantRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;

/**
 * Signs tenant webhooks as plugNmeet does (spec/plugnmeet-api.md §6): an HS256 JWT with the tenant's plugNmeet API
 * key as {@code iss}, its secret as key, 5 minutes of validity and {@code sha256} = base64 SHA-256 of the body; the
 * same token goes in {@code Authorization} and {@code Hash-Token}. A tenant with only Tencent credentials signs with
 * its sdkappid and secret key. Signers are cached per credential pair, so a key rotation takes effect on reload; at
 * most {@link #MAX_SIGNERS} of them (a {@link BoundedCache}), so that rotations and tenants removed over a long life
 * leave no trail: a signer dropped is simply made again.
 */
final class WebhookSigner {
  private static final int VALIDITY_SECONDS = 300;
  /** Signers kept: one per tenant and credential pair; more tenants than this only make some signers again. */
  static final int MAX_SIGNERS = 10_000;

  private record Credentials(String issuer, String secret) {
  }

  private final Vertx vertx;
  private final TenantRegistry tenants;
  private final Clock clock;
  private final BoundedCache<Credentials, JWTAuth> signers = BoundedCache.<Credentials, JWTAuth>builder(MAX_SIGNERS)
      .build();

  /** @param clock the gateway's clock (the token's {@code nbf}) */
  WebhookSigner(Vertx vertx, TenantRegistry tenants, Clock clock) {
    this.vertx = vertx;
    this.tenants = tenants;
    this.clock = clock;
  }

  /** Whether the tenant is still configured. */
  boolean configured(String tenantId) {
    return tenants.byId(tenantId) != null;
  }

  /** The token for this body, or {@code null} when the tenant is no longer configured. */
  String sign(String tenantId, String body) {
    Tenant tenant = tenants.byId(tenantId);
    if (tenant == null) {
      return null;
    }
    Credentials c = credentials(tenant.config());
    JWTAuth jwt = signers.get(c);
    if (jwt == null) { // two deliveries racing here both make one: harmless, and nothing waits on a lock
      jwt = JWTAuth.create(vertx, new JWTAuthOptions()
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(c.secret())));
      signers.put(c, jwt);
    }
    String digest = Base64.getEncoder().encodeToString(
        LiveKitWebhookVerifier.sha256(body.getBytes(StandardCharsets.UTF_8)));
    // iat and exp are set here, from the gateway's clock (the library would read the system clock for them)
    long now = clock.millis() / 1000;
    return jwt.generateToken(new JsonObject().put("sha256", digest).put("iat", now).put("nbf", now)
            .put("exp", now + VALIDITY_SECONDS),
        new JWTOptions().setAlgorithm("HS256").setIssuer(c.issuer()));
  }

  private static Credentials credentials(TenantConfig t) {
    if (t.plugnmeet() != null) {
      return new Credentials(t.plugnmeet().apiKey(), t.plugnmeet().apiSecret());
    }
    return new Credentials(Long.toString(t.tencent().sdkAppId()), t.tencent().secretKey());
  }
}
