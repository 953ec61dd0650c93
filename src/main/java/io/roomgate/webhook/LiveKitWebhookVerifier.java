package io.roomgate.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Verifies a LiveKit webhook before anything parses it (spec/livekit-roomservice.md §4): the {@code Authorization}
 * header is a raw HS256 JWT (a {@code Bearer } prefix is tolerated) issued by the configured LiveKit API key, with
 * an {@code exp} claim and still valid (60 s leeway), whose {@code sha256} claim is the standard base64 SHA-256 of
 * the exact body bytes (constant-time compare).
 */
public final class LiveKitWebhookVerifier {
  /** LiveKit's validation leeway. */
  private static final int LEEWAY_SECONDS = 60;

  private final JWTAuth jwt;

  public LiveKitWebhookVerifier(Vertx vertx, String apiKey, String apiSecret) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(apiSecret))
        .setJWTOptions(new JWTOptions().setIssuer(apiKey).setLeeway(LEEWAY_SECONDS)));
  }

  /** Succeeds when the webhook is authentic; fails with a reason safe to log (never the token). */
  public Future<Void> verify(String authorization, Buffer body) {
    if (authorization == null || authorization.isBlank()) {
      return Future.failedFuture("missing Authorization");
    }
    String token = authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : authorization.trim();
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture("invalid webhook token: " + e.getMessage()))
        .compose(user -> {
          // The JWT library checks exp only when present (and moves it from the principal into the attributes);
          // LiveKit always sets it (now + 5 min), and a token without one would be valid forever.
          if (!(user.get("exp") instanceof Number)) {
            return Future.failedFuture("webhook token has no exp claim");
          }
          String claimed = user.principal().getString("sha256");
          if (claimed == null) {
            return Future.failedFuture("webhook token has no sha256 claim");
          }
          byte[] actual = Base64.getEncoder().encode(sha256(body == null ? new byte[0] : body.getBytes()));
          return MessageDigest.isEqual(actual, claimed.getBytes(StandardCharsets.US_ASCII))
              ? Future.succeededFuture()
              : Future.failedFuture("webhook body does not match its sha256 claim");
        });
  }

  static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
