package io.roomgate.livekit.sim;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints the tokens the control API asks for ({@link ControlApiAuth}): HS256 with an API secret, {@code iss} = its
 * key, {@code nbf} = now, {@code exp} = now + ttl, {@code video: {roomAdmin: true[, room]}}. Used by
 * {@code livekit-sim token}, so that scripts can sign their /sim calls without a JWT library.
 */
public final class ControlTokens {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
      .getBytes(StandardCharsets.UTF_8));

  private ControlTokens() {
  }

  /**
   * @param room {@code null} or "" for a simulator-wide token, else a token that controls only that room
   */
  public static String roomAdmin(String apiKey, String apiSecret, long ttlSeconds, String room, long nowSeconds) {
    JsonObject video = new JsonObject().put("roomAdmin", true);
    if (room != null && !room.isEmpty()) {
      video.put("room", room);
    }
    JsonObject claims = new JsonObject().put("iss", apiKey).put("nbf", nowSeconds).put("exp", nowSeconds + ttlSeconds)
        .put("video", video);
    String input = HEADER + "." + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(apiSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
