package io.roomgate.testsupport;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.Deflater;

/**
 * Makes TLSSigAPIv2 UserSigs the way the official Java library does (compact JSON, zlib at the default level,
 * base64, {@code + / =} → {@code * - _}), with the issue time as a parameter so tests can make expired ones.
 * Independent of the gateway's verifier on purpose.
 */
public final class UserSigs {
  private UserSigs() {
  }

  public static String make(long sdkAppId, String key, String identifier, long time, long expire) {
    return encode(new JsonObject()
        .put("TLS.ver", "2.0")
        .put("TLS.identifier", identifier)
        .put("TLS.sdkappid", sdkAppId)
        .put("TLS.expire", expire)
        .put("TLS.time", time)
        .put("TLS.sig", mac(key, identifier, sdkAppId, time, expire)));
  }

  /** A UserSig valid for a day from now. */
  public static String fresh(long sdkAppId, String key, String identifier) {
    return make(sdkAppId, key, identifier, System.currentTimeMillis() / 1000, 86400);
  }

  public static String mac(String key, String identifier, long sdkAppId, long time, long expire) {
    String text = "TLS.identifier:" + identifier + "\nTLS.sdkappid:" + sdkAppId + "\nTLS.time:" + time
        + "\nTLS.expire:" + expire + "\n";
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Any document, compressed and encoded as a UserSig (for malformed-token tests). */
  public static String encode(JsonObject doc) {
    return escape(Base64.getEncoder().encodeToString(deflate(doc.encode().getBytes(StandardCharsets.UTF_8))));
  }

  public static String escape(String base64) {
    return base64.replace('+', '*').replace('/', '-').replace('=', '_');
  }

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
