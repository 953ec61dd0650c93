package io.roomgate.livekit.sim;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints LiveKit-style HS256 access tokens for the tests, independently of the simulator's verifier. */
final class TestTokens {
  static final String KEY = "devkey";
  static final String SECRET = "devsecret-devsecret-devsecret-0123456789";

  private TestTokens() {
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** A server token: iss = KEY, nbf = now, exp = now + 10 min, with the given video grant. */
  static String video(JsonObject grant) {
    return sign(SECRET, base().put("video", grant));
  }

  static String create() {
    return video(new JsonObject().put("roomCreate", true));
  }

  static String list() {
    return video(new JsonObject().put("roomList", true));
  }

  static String admin(String room) {
    return video(new JsonObject().put("roomAdmin", true).put("room", room));
  }

  /** What the /sim control API asks for: roomAdmin of the whole simulator (no room). */
  static String simAdmin() {
    return video(new JsonObject().put("roomAdmin", true));
  }

  static JsonObject base() {
    long now = now();
    return new JsonObject().put("iss", KEY).put("nbf", now).put("exp", now + 600);
  }

  static String sign(String secret, JsonObject claims) {
    return sign(secret, new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims);
  }

  static String sign(String secret, JsonObject header, JsonObject claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput = b64.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
