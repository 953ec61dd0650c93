package io.roomgate.loadtest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.Deflater;

/** Request signing, written here so the suite depends on nothing from the gateway. */
final class Signing {
  private Signing() {
  }

  /** plugNmeet's {@code HASH-SIGNATURE}: lower-case hex HMAC-SHA256 of the exact body bytes, keyed with the secret. */
  static String hmacHex(String secret, String body) {
    return HexFormat.of().formatHex(hmac(secret, body.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A TLSSigAPIv2 UserSig (as Tencent's libraries make it): the HMAC-SHA256 of the four {@code TLS.*} lines keyed
   * with the secret key string, base64, in a compact JSON document; that document zlib-compressed, base64-encoded,
   * with {@code + / =} replaced by {@code * - _}.
   */
  static String userSig(long sdkAppId, String secretKey, String identifier, long expireSeconds) {
    long now = System.currentTimeMillis() / 1000;
    String lines = "TLS.identifier:" + identifier + "\nTLS.sdkappid:" + sdkAppId + "\nTLS.time:" + now
        + "\nTLS.expire:" + expireSeconds + "\n";
    String sig = Base64.getEncoder().encodeToString(hmac(secretKey, lines.getBytes(StandardCharsets.UTF_8)));
    String doc = "{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"" + identifier + "\",\"TLS.sdkappid\":" + sdkAppId
        + ",\"TLS.expire\":" + expireSeconds + ",\"TLS.time\":" + now + ",\"TLS.sig\":\"" + sig + "\"}";
    String base64 = Base64.getEncoder().encodeToString(deflate(doc.getBytes(StandardCharsets.UTF_8)));
    return base64.replace('+', '*').replace('/', '-').replace('=', '_');
  }

  private static byte[] hmac(String key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater();
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[512];
    while (!deflater.finished()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    deflater.end();
    return out.toByteArray();
  }
}
