package io.roomgate.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Calls the plugNmeet dialect as a tenant's back end does: signed raw bytes, over real HTTP. */
public final class PlugNmeetTestClient {
  /**
   * How long a test waits for any answer: a request the gateway never answers fails the test with its path instead
   * of holding it until the suite's timeout.
   */
  public static final long ANSWER_DEADLINE_MS = 30_000;
  private static final long RETRY_LATER_MS = 30_000;

  private final WebClient web;
  private final int port;
  private final String apiKey;
  private final String secret;

  public PlugNmeetTestClient(Vertx vertx, int port, String apiKey, String secret) {
    this.web = WebClient.create(vertx);
    this.port = port;
    this.apiKey = apiKey;
    this.secret = secret;
  }

  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** POST {@code /auth/room/<api>} with a correct signature; returns the parsed body, asserting HTTP 200. */
  public JsonObject call(String api, JsonObject body) {
    HttpResponse<Buffer> r = raw("/auth/room/" + api, body.encode().getBytes(StandardCharsets.UTF_8));
    if (r.statusCode() != 200) {
      throw new AssertionError("HTTP " + r.statusCode() + " from " + api + ": " + r.bodyAsString());
    }
    return r.bodyAsJsonObject();
  }

  /**
   * {@link #call}, sent again while the gateway answers that LiveKit is unavailable and to retry later (what it tells
   * a client to do), for up to {@value #RETRY_LATER_MS} ms: a cold or crowded machine can make a test's first calls
   * miss LiveKit's deadline, which is not what such a test is about.
   */
  public JsonObject callRetryingLater(String api, JsonObject body) {
    long end = System.nanoTime() + RETRY_LATER_MS * 1_000_000;
    while (true) {
      JsonObject answer = call(api, body);
      if (Boolean.TRUE.equals(answer.getBoolean("status")) || !answer.getString("msg", "").endsWith("retry later")
          || System.nanoTime() - end > 0) {
        return answer;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return answer;
      }
    }
  }

  /** POST raw bytes to any path with a correct signature over exactly those bytes. */
  public HttpResponse<Buffer> raw(String path, byte[] body) {
    return web.post(port, "127.0.0.1", path).timeout(ANSWER_DEADLINE_MS)
        .putHeader("Content-Type", "application/json")
        .putHeader("API-KEY", apiKey)
        .putHeader("HASH-SIGNATURE", sign(secret, body))
        .sendBuffer(Buffer.buffer(body))
        .await();
  }

  /** POST with headers exactly as given (null = header absent). */
  public HttpResponse<Buffer> unsigned(String path, byte[] body, String apiKeyHeader, String signatureHeader) {
    var req = web.post(port, "127.0.0.1", path).timeout(ANSWER_DEADLINE_MS).putHeader("Content-Type", "application/json");
    if (apiKeyHeader != null) {
      req.putHeader("API-KEY", apiKeyHeader);
    }
    if (signatureHeader != null) {
      req.putHeader("HASH-SIGNATURE", signatureHeader);
    }
    return req.sendBuffer(Buffer.buffer(body)).await();
  }

  public void close() {
    web.close();
  }
}
