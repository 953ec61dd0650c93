package io.roomgate.auth;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.zip.Deflater;

/**
 * Makes TLSSigAPIv2 UserSigs as Tencent's own libraries do (the HMAC-SHA256 of four lines keyed with the secret key,
 * in a compact JSON document, zlib at the default level, base64 with {@code + / =} → {@code * - _}). The gateway
 * signs only for itself: its warm-up calls its own Tencent routes as an internal tenant. Independent of
 * {@link UserSigVerifier}, which decodes and recomputes rather than re-encodes.
 */
public final class UserSigSigner {
  private UserSigSigner() {
  }

  /** A UserSig of {@code identifier} for {@code sdkAppId}, issued at {@code time} (unix s), valid {@code expire} s. */
  public static String sign(long sdkAppId, String key, String identifier, long time, long expire) {
    return encode(new JsonObject()
        .put("TLS.ver", "2.0")
        .put("TLS.identifier", identifier)
        .put("TLS.sdkappid", sdkAppId)
        .put("TLS.expire", expire)
        .put("TLS.time", time)
        .put("TLS.sig", mac(key, identifier, sdkAppId, time, expire)));
  }

  /** The base64 HMAC-SHA256 over Tencent's four lines. */
  public static String mac(String key, String identifier, long sdkAppId, long time, long expire) {
    String text = "TLS.identifier:" + identifier + "\nTLS.sdkappid:" + sdkAppId + "\nTLS.time:" + time
        + "\nTLS.expire:" + expire + "\n";
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Any document, compressed and encoded as a UserSig is. */
  public static String encode(JsonObject doc) {
    return escape(Base64.getEncoder().encodeToString(deflate(doc.encode().getBytes(StandardCharsets.UTF_8))));
  }

  /** Tencent's base64 alphabet: {@code + / =} → {@code * - _}. */
  public static String escape(String base64) {
    return base64.replace('+', '*').replace('/', '-').replace('=', '_');
  }

  /** zlib at the default level, as Tencent's libraries compress. */
  public static byte[] deflate(byte[] data) {
    Deflater d = new Deflater();
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[512];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }
}
