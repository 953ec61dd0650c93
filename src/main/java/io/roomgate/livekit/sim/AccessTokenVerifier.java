package io.roomgate.livekit.sim;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies LiveKit access tokens the way LiveKit's auth middleware does (protocol auth/verifier.go):
 * HS256 only, {@code iss} selects the secret, {@code exp} required, one minute of clock leeway.
 * Rejections carry the exact plain-text message LiveKit answers with (spec §2.5 a).
 * Confined to the simulator's context, so the cached {@link Mac} instances need no locking.
 */
final class AccessTokenVerifier {
  static final String INVALID_TOKEN = "invalid authorization token";
  static final String INVALID_API_KEY = "invalid API key";
  private static final long LEEWAY_SECONDS = 60;

  /** A token LiveKit would refuse; the message is what goes on the wire. */
  static final class Rejected extends Exception {
    Rejected(String message) {
      super(message, null, false, false);
    }
  }

  private final Map<String, String> secrets;
  private final Map<String, Mac> macs = new HashMap<>();

  AccessTokenVerifier(Map<String, String> secrets) {
    this.secrets = Map.copyOf(secrets);
  }

  /** Returns the verified claims or throws {@link Rejected}. */
  JsonObject verify(String token, long nowSeconds) throws Rejected {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new Rejected(INVALID_TOKEN);
    }
    // Parsing happens before the key lookup, so a broken token never reaches "invalid API key".
    JsonObject header = decodeJson(parts[0]);
    JsonObject claims = decodeJson(parts[1]);
    byte[] signature = decode(parts[2]);
    if (!"HS256".equals(header.getValue("alg"))) {
      throw new Rejected(INVALID_TOKEN);
    }
    Object issuer = claims.getValue("iss");
    String secret = issuer instanceof String key ? secrets.get(key) : null;
    if (secret == null || secret.isEmpty()) {
      throw new Rejected(INVALID_API_KEY);
    }
    byte[] expected = mac((String) issuer, secret)
        .doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    if (!MessageDigest.isEqual(expected, signature)) {
      throw rejectedBecause("go-jose/go-jose: error in cryptographic primitive");
    }
    checkTimes(claims, nowSeconds);
    return claims;
  }

  private static void checkTimes(JsonObject claims, long now) throws Rejected {
    Long nbf = numericDate(claims, "nbf");
    Long exp = numericDate(claims, "exp");
    Long iat = numericDate(claims, "iat");
    // Same order and wording as go-jose's Claims.ValidateWithLeeway.
    if (nbf != null && now + LEEWAY_SECONDS < nbf) {
      throw rejectedBecause("go-jose/go-jose/jwt: validation failed, token not valid yet (nbf)");
    }
    if (exp != null && now - LEEWAY_SECONDS > exp) {
      throw rejectedBecause("go-jose/go-jose/jwt: validation failed, token is expired (exp)");
    }
    if (iat != null && now + LEEWAY_SECONDS < iat) {
      throw rejectedBecause("go-jose/go-jose/jwt: validation field, token issued in the future (iat)");
    }
    if (exp == null) {
      // LiveKit main requires exp (protocol 5a20e57c); tokens without it would never expire.
      throw rejectedBecause("token has no expiry (exp)");
    }
  }

  private static Long numericDate(JsonObject claims, String name) throws Rejected {
    Object value = claims.getValue(name);
    if (value == null) {
      return null;
    }
    if (value instanceof Number number) {
      return number.longValue();
    }
    throw rejectedBecause("json: cannot unmarshal " + name + " into a NumericDate");
  }

  private Mac mac(String apiKey, String secret) {
    return macs.computeIfAbsent(apiKey, k -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 unavailable", e);
      }
    });
  }

  private static Rejected rejectedBecause(String reason) {
    return new Rejected(INVALID_TOKEN + ": " + reason);
  }

  private static JsonObject decodeJson(String part) throws Rejected {
    try {
      return new JsonObject(new String(decode(part), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new Rejected(INVALID_TOKEN);
    }
  }

  private static byte[] decode(String part) throws Rejected {
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new Rejected(INVALID_TOKEN);
    }
  }
}
