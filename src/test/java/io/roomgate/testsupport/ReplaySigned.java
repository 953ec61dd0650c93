package io.roomgate.testsupport;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.nio.charset.StandardCharsets;

/** Replay-safe plugNmeet requests: the signature over {@code ts + "\n" + nonce + "\n" + body}, as a client sends it. */
public final class ReplaySigned {
  private ReplaySigned() {
  }

  /** The {@code HASH-SIGNATURE} of a stamped request. */
  public static String sign(String secret, long timestamp, String nonce, byte[] body) {
    byte[] prefix = (timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, all, 0, prefix.length);
    System.arraycopy(body, 0, all, prefix.length, body.length);
    return PlugNmeetTestClient.sign(secret, all);
  }

  /** POSTs {@code body} to {@code path} with the given stamp headers (null = absent) and signature. */
  public static HttpResponse<Buffer> post(WebClient web, int port, String path, String apiKey, String timestamp,
                                          String nonce, String signature, byte[] body) {
    var req = web.post(port, "127.0.0.1", path).timeout(PlugNmeetTestClient.ANSWER_DEADLINE_MS)
        .putHeader("Content-Type", "application/json").putHeader("API-KEY", apiKey)
        .putHeader("HASH-SIGNATURE", signature);
    if (timestamp != null) {
      req.putHeader("X-Roomgate-Timestamp", timestamp);
    }
    if (nonce != null) {
      req.putHeader("X-Roomgate-Nonce", nonce);
    }
    return req.sendBuffer(Buffer.buffer(body)).await();
  }

  /** A correctly stamped and signed POST. */
  public static HttpResponse<Buffer> post(WebClient web, int port, String path, String apiKey, String secret,
                                          long timestamp, String nonce, byte[] body) {
    return post(web, port, path, apiKey, Long.toString(timestamp), nonce, sign(secret, timestamp, nonce, body), body);
  }
}
