package io.roomgate.testsupport;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** HS256 tokens for tests, e.g. a LiveKit webhook's Authorization over a given body. */
public final class TestJwt {
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private TestJwt() {
  }

  /** LiveKit's webhook token: iss = key, 5 minutes, sha256 = base64 SHA-256 of {@code body}. */
  public static String webhookToken(String key, String secret, String body) {
    try {
      String digest = Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
      long now = System.currentTimeMillis() / 1000;
      return sign(secret, new JsonObject().put("iss", key).put("nbf", now).put("exp", now + 300).put("sha256", digest));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code Authorization} value for the LiveKit simulator's /sim control API: a simulator-wide roomAdmin token of the
   * given LiveKit key, valid 10 minutes.
   */
  public static String simAdmin(String key, String secret) {
    long now = System.currentTimeMillis() / 1000;
    return "Bearer " + sign(secret, new JsonObject().put("iss", key).put("nbf", now).put("exp", now + 600)
        .put("video", new JsonObject().put("roomAdmin", true)));
  }

  /** {@link #simAdmin(String, String)} with the LiveKit credentials of {@link TestConfigs}. */
  public static String simAdmin() {
    return simAdmin(TestConfigs.LIVEKIT_KEY, TestConfigs.LIVEKIT_SECRET);
  }

  public static String sign(String secret, JsonObject claims) {
    try {
      String input = URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
          + "." + URL.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
