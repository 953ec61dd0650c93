package io.roomgate.testsupport;

import io.roomgate.auth.UserSigSigner;
import io.vertx.core.json.JsonObject;

/**
 * UserSigs for tests: valid ones through the gateway's own {@link UserSigSigner} (which makes them the way Tencent's
 * libraries do, independently of the verifier; the official Node library is tested against the verifier too), and
 * the pieces for malformed ones.
 */
public final class UserSigs {
  private UserSigs() {
  }

  public static String make(long sdkAppId, String key, String identifier, long time, long expire) {
    return UserSigSigner.sign(sdkAppId, key, identifier, time, expire);
  }

  /** A UserSig valid for a day from now. */
  public static String fresh(long sdkAppId, String key, String identifier) {
    return make(sdkAppId, key, identifier, System.currentTimeMillis() / 1000, 86400);
  }

  public static String mac(String key, String identifier, long sdkAppId, long time, long expire) {
    return UserSigSigner.mac(key, identifier, sdkAppId, time, expire);
  }

  /** Any document, compressed and encoded as a UserSig (for malformed-token tests). */
  public static String encode(JsonObject doc) {
    return UserSigSigner.encode(doc);
  }

  public static String escape(String base64) {
    return UserSigSigner.escape(base64);
  }

  public static byte[] deflate(byte[] data) {
    return UserSigSigner.deflate(data);
  }
}
