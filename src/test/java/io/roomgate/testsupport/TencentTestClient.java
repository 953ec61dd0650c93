package io.roomgate.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Calls the Tencent dialect as an app's back end does: a fresh admin UserSig in the query, JSON body, real HTTP. */
public final class TencentTestClient {
  public static final String BASE = "/v4/live_engine_http_srv/";

  private final WebClient web;
  private final int port;
  private final long sdkAppId;
  private final String identifier;
  private final String userSig;

  public TencentTestClient(Vertx vertx, int port, long sdkAppId, String key, String identifier) {
    this.web = WebClient.create(vertx);
    this.port = port;
    this.sdkAppId = sdkAppId;
    this.identifier = identifier;
    this.userSig = UserSigs.fresh(sdkAppId, key, identifier);
  }

  /** The standard query string of this client, with {@code usersig} as given. */
  public String query(String sig) {
    return "?sdkappid=" + sdkAppId + "&identifier=" + identifier + "&usersig=" + enc(sig)
        + "&random=" + (int) (Math.random() * 1_000_000) + "&contenttype=json";
  }

  /** POST a command with valid authentication; returns the body, asserting HTTP 200. */
  public JsonObject call(String command, JsonObject body) {
    return ok(raw(BASE + command + query(userSig), body.encode()));
  }

  /** POST {@code body} to {@code pathAndQuery} exactly as given. */
  public HttpResponse<Buffer> raw(String pathAndQuery, String body) {
    return raw(pathAndQuery, body, "application/json");
  }

  /** POST {@code body} to {@code pathAndQuery} exactly as given, with this {@code Content-Type}. */
  public HttpResponse<Buffer> raw(String pathAndQuery, String body, String contentType) {
    return web.post(port, "127.0.0.1", pathAndQuery).timeout(PlugNmeetTestClient.ANSWER_DEADLINE_MS)
        .putHeader("Content-Type", contentType)
        .sendBuffer(Buffer.buffer(body == null ? "" : body))
        .await();
  }

  /** A command with valid authentication sent as {@code curl -d} sends it (a form {@code Content-Type}). */
  public JsonObject callAsForm(String command, JsonObject body) {
    return ok(raw(BASE + command + query(userSig), body.encode(), "application/x-www-form-urlencoded"));
  }

  /** POST with this client's query but another UserSig. */
  public JsonObject callWithSig(String command, String sig, JsonObject body) {
    return ok(raw(BASE + command + query(sig), body.encode()));
  }

  public static JsonObject ok(HttpResponse<Buffer> r) {
    if (r.statusCode() != 200) {
      throw new AssertionError("HTTP " + r.statusCode() + ": " + r.bodyAsString());
    }
    return r.bodyAsJsonObject();
  }

  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  public void close() {
    web.close();
  }
}
