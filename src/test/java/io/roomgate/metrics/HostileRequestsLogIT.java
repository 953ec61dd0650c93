package io.roomgate.metrics;

import io.roomgate.testsupport.GatewayProcess;
import io.roomgate.testsupport.PlugNmeetTestClient;
import io.roomgate.testsupport.TestConfigs;
import io.roomgate.testsupport.TestJwt;
import io.roomgate.testsupport.UserSigs;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A battery of hostile requests in both dialects and at LiveKit's webhook, sent over raw sockets (so that bad
 * %-escapes, NULs and broken framing reach the gateway as written) to the packaged gateway with its access log on.
 * Then everything the process printed is searched: no secret, signature, UserSig or token it was sent may appear,
 * and no stack trace or SEVERE line. Every request must be answered (none may hang), malformed URLs with the
 * dialect's client error, and a correctly authenticated request from the same IP still passes after the battery
 * spent its failed-authentication budget.
 */
class HostileRequestsLogIT {
  private static final long APP = 1400000777L;
  private static final String TENCENT_KEY = "tencent-key-SECRET-0123456789abcdef";
  private static final String TENCENT = "/v4/live_engine_http_srv/";

  private final List<String> secrets = new ArrayList<>(List.of(TestConfigs.ACME_SECRET, TestConfigs.GLOBEX_SECRET,
      TestConfigs.LIVEKIT_SECRET, TENCENT_KEY));
  private int port;

  @Test
  void hostileRequestsLeakNothingAndLeaveNoStackTrace() throws Exception {
    TestConfigs.GatewayYaml base = TestConfigs.gateway(null, null);
    String yaml = base.yaml().replace("  - id: acme\n", "  - id: acme\n    tencent: {sdkappid: " + APP
        + ", secret_key: " + TENCENT_KEY + ", admins: [administrator]}\n")
        + "access_log: {enabled: true}\nrate_limit: {auth_failures: {burst: 8, per_minute: 1}}\n";
    try (GatewayProcess gw = GatewayProcess.withConfig(yaml)) {
      port = base.apiPort();
      long now = System.currentTimeMillis() / 1000;
      String validSig = secret(UserSigs.make(APP, TENCENT_KEY, "administrator", now, 86400));
      String q = "?sdkappid=" + APP + "&identifier=administrator&random=7&contenttype=json&usersig=";

      // ---- Tencent: malformed URLs (valid UserSig beside the bad escape)
      assertTencent(60002, post(TENCENT + "get_room_info" + q + validSig + "&x=%zz", "{}"));
      assertTencent(60002, post(TENCENT + "get_room_info" + q + validSig + "%", "{}"));
      assertTencent(60002, post(TENCENT + "get%zzroom_info" + q + validSig, "{}"));
      assertTencent(60002, post(TENCENT + "get_room_info" + q + validSig + "&identifier=%00x", "{}"));
      assertTencent(60002, post(TENCENT + "get_room_info" + q + validSig + "&y=%C3%28", "{}")); // not UTF-8
      assertTencent(60002, send("POST " + TENCENT + "get_room_info" + q + validSig + "\0nul HTTP/1.1", "{}"));
      // ---- Tencent: bad UserSigs, each a secret that must not be logged
      String otherKey = secret(UserSigs.make(APP, "another-key-0123456789", "administrator", now, 86400));
      String eternal = secret(UserSigs.make(APP, TENCENT_KEY, "administrator", now, 1L << 62));
      String future = secret(UserSigs.make(APP, TENCENT_KEY, "administrator", now + 10 * 365 * 86400L, 86400));
      String v1 = secret(UserSigs.encode(new JsonObject().put("TLS.ver", "1.0").put("TLS.identifier", "administrator")
          .put("TLS.sdkappid", APP).put("TLS.time", now).put("TLS.expire", 86400).put("TLS.sig", "SIGv1SECRET")));
      String garbage = secret("GARBAGE-USERSIG-SECRET-0123");
      for (String sig : List.of(otherKey, eternal, future, v1, garbage)) {
        post(TENCENT + "get_room_info" + q + sig, "{\"RoomId\":\"x\"}");
      }
      post(TENCENT + "get_room_info?sdkappid=1499999999&identifier=administrator&random=1&contenttype=json&usersig="
          + secret("UNKNOWN-APP-SIG-SECRET"), "{}");
      // ---- Tencent: bad input with a valid UserSig
      assertTencent(60003, post(TENCENT + "create_room" + q + validSig, "{\"RoomInfo\": nope"));
      assertTencent(60008, post(TENCENT + "create_room" + q + validSig, "{\"p\":\"" + "x".repeat(5000) + "\"}"));
      assertTencent(60009, post(TENCENT + "get_room_metadata" + q + validSig, "{}"));
      assertTencent(60002, send("GET " + TENCENT + "get_room_info" + q + validSig + " HTTP/1.1", null));
      send("POST " + TENCENT + "create_room" + q + validSig + " HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded",
          "{\"RoomInfo\":{\"RoomId\":\"%zz\",\"RoomType\":\"Live\"}}");
      send("POST " + TENCENT + "get_room_info" + q + validSig + " HTTP/1.1\r\nTransfer-Encoding: chunked",
          null, "zz\r\nbroken\r\n0\r\n\r\n");
      send("POST " + TENCENT + "get_room_info" + q + validSig + " HTTP/1.1\r\nX-Big: " + "a".repeat(20_000), "{}");

      // ---- plugNmeet
      byte[] body = "{\"room_id\":\"nosuch\"}".getBytes(StandardCharsets.UTF_8);
      String goodHmac = secret(PlugNmeetTestClient.sign(TestConfigs.ACME_SECRET, body));
      String otherBodyHmac = secret(PlugNmeetTestClient.sign(TestConfigs.ACME_SECRET, "{}".getBytes()));
      String wrongKeyHmac = secret(PlugNmeetTestClient.sign("not-the-secret-SECRET", body));
      String pnm = "POST /auth/room/isRoomActive HTTP/1.1\r\nAPI-KEY: " + TestConfigs.ACME_KEY + "\r\nHASH-SIGNATURE: ";
      assertPlugNmeet400(send("POST /auth/room/is%zzRoomActive HTTP/1.1\r\nAPI-KEY: " + TestConfigs.ACME_KEY
          + "\r\nHASH-SIGNATURE: " + goodHmac, new String(body)));
      assertPlugNmeet400(send("POST /auth/room/isRoomActive?sig=" + goodHmac + "%g HTTP/1.1\r\nAPI-KEY: "
          + TestConfigs.ACME_KEY + "\r\nHASH-SIGNATURE: " + goodHmac, new String(body)));
      send(pnm + otherBodyHmac, new String(body));
      send(pnm + wrongKeyHmac, new String(body));
      send(pnm + secret("SIGNATURE-SECRET-garbage"), new String(body));
      send("POST /auth/room/isRoomActive HTTP/1.1\r\nAPI-KEY: " + secret("UNKNOWN-KEY-SECRET") + "\r\nHASH-SIGNATURE: "
          + goodHmac, new String(body));
      send(pnm + "NUL\0" + secret("NUL-HEADER-SECRET"), new String(body));
      String badJson = "{\"room_id\": SECRET";
      send(pnm + secret(PlugNmeetTestClient.sign(TestConfigs.ACME_SECRET, badJson.getBytes())), badJson);
      String huge = "{\"room_id\":\"" + "y".repeat(5000) + "\"}";
      assertEquals(413, status(send(pnm + secret(PlugNmeetTestClient.sign(TestConfigs.ACME_SECRET,
          huge.getBytes())), huge)));
      String form = "{\"room_id\":\"%zz\"}";
      send("POST /auth/room/isRoomActive HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nAPI-KEY: "
          + TestConfigs.ACME_KEY + "\r\nHASH-SIGNATURE: "
          + secret(PlugNmeetTestClient.sign(TestConfigs.ACME_SECRET, form.getBytes())), form);
      send("GET /auth/room/create?api_secret=" + TestConfigs.ACME_SECRET + " HTTP/1.1", null);
      send("POST /auth/room/isRoomActive HTTP/1.1\r\nContent-Length: abc\r\nHASH-SIGNATURE: " + goodHmac, null);
      send("POST /auth/room/nope HTTP/1.1\r\nAPI-KEY: " + TestConfigs.ACME_KEY + "\r\nHASH-SIGNATURE: "
          + secret(PlugNmeetTestClient.sign(TestConfigs.ACME_SECRET, "{}".getBytes())), "{}");

      // ---- LiveKit webhooks
      String event = "{\"event\":\"room_started\",\"id\":\"EV_hostile\"}";
      send("POST /webhook HTTP/1.1\r\nAuthorization: " + secret(TestJwt.webhookToken(TestConfigs.LIVEKIT_KEY,
          "forged-secret-SECRET-0123456789abcdef", event)), event);
      send("POST /webhook HTTP/1.1\r\nAuthorization: " + secret(TestJwt.sign(TestConfigs.LIVEKIT_SECRET,
          new JsonObject().put("iss", TestConfigs.LIVEKIT_KEY).put("sha256", "x"))), event); // no exp
      send("POST /webhook HTTP/1.1\r\nAuthorization: " + secret("not.a.jwt-SECRET"), event);
      String noId = "{\"event\":\"room_started\"}";
      assertEquals(422, status(send("POST /webhook HTTP/1.1\r\nAuthorization: "
          + secret(TestJwt.webhookToken(TestConfigs.LIVEKIT_KEY, TestConfigs.LIVEKIT_SECRET, noId)), noId)));
      String bigEvent = "{\"event\":\"x\",\"pad\":\"" + "z".repeat(5000) + "\"}";
      int big = status(send("POST /webhook HTTP/1.1\r\nAuthorization: "
          + secret(TestJwt.webhookToken(TestConfigs.LIVEKIT_KEY, TestConfigs.LIVEKIT_SECRET, bigEvent)), bigEvent));
      assertTrue(big == 413 || big == 429, "oversized webhook: " + big);
      send("POST /webhook%zz?token=" + secret("WEBHOOK-QUERY-SECRET") + " HTTP/1.1", event);

      // ---- other paths and plain garbage
      assertEquals(400, status(send("GET /%zz?usersig=" + validSig + " HTTP/1.1", null)));
      assertEquals(404, status(send("GET /nope?usersig=" + validSig + " HTTP/1.1", null)));
      send("BREW /auth/room/create HTTP/1.1", "{}");
      rawBytes("GARBAGE " + secret("GARBAGE-LINE-SECRET") + "\r\n\r\n");

      // ---- the same IP spent its budget many times over; correct requests still pass in both dialects
      String ok = send(pnm + goodHmac, new String(body));
      assertEquals(200, status(ok), ok);
      assertTrue(ok.contains("\"status\":true"), ok);
      String tencentOk = post(TENCENT + "get_room_list" + q + validSig, "{}");
      assertTencent(0, tencentOk);
      String lastId = header(tencentOk, "X-Request-Id");

      awaitOutput(gw, lastId);
      String output = gw.output();
      for (String secret : secrets) {
        assertFalse(output.contains(secret), "a secret reached the output: " + secret + "\n" + output);
      }
      assertFalse(output.contains("\tat "), "a stack trace:\n" + output);
      assertFalse(output.contains("Exception"), "an exception:\n" + output);
      assertFalse(output.contains("SEVERE"), "a SEVERE line:\n" + output);
      assertTrue(output.contains("\"outcome\":\"auth_failed\""), output); // the battery did reach the gateway
    }
  }

  private String secret(String s) {
    secrets.add(s);
    return s;
  }

  private String post(String pathAndQuery, String body) throws IOException {
    return send("POST " + pathAndQuery + " HTTP/1.1", body);
  }

  /** {@code head}: the request line plus any header lines (CRLF-separated), without the final CRLF. */
  private String send(String head, String body) throws IOException {
    return send(head, body, null);
  }

  private String send(String head, String body, String chunked) throws IOException {
    StringBuilder req = new StringBuilder(head).append("\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (chunked != null) {
      req.append("\r\n").append(chunked);
    } else {
      if (body != null) {
        if (!head.contains("Content-Type:")) {
          req.append("Content-Type: application/json\r\n");
        }
        if (!head.contains("Content-Length:")) {
          req.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
      }
      req.append("\r\n");
    }
    byte[] headBytes = req.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[headBytes.length + (chunked == null ? bytes.length : 0)];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    if (chunked == null) {
      System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
    }
    return exchange(all, head);
  }

  private String rawBytes(String text) throws IOException {
    return exchange(text.getBytes(StandardCharsets.ISO_8859_1), text);
  }

  /** Writes the request, reads the answer until the gateway closes; a request left unanswered fails the test. */
  private String exchange(byte[] request, String what) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          answer.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no answer within 20 s to: " + what.substring(0, Math.min(120, what.length())));
      } catch (IOException e) {
        // a reset after the answer (the gateway closed a connection it had not read to the end)
      }
      String text = answer.toString(StandardCharsets.UTF_8);
      if (text.isEmpty() && what.contains("Transfer-Encoding: chunked")) {
        return text; // broken framing after the head: closing the connection is the only safe answer
      }
      assertTrue(text.startsWith("HTTP/1."), "no HTTP answer to: " + what.substring(0, Math.min(120,
          what.length())) + " -> " + text);
      return text;
    }
  }

  private static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  private static String header(String response, String name) {
    for (String line : response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n")) {
      if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
        return line.substring(name.length() + 1).trim();
      }
    }
    throw new AssertionError("no " + name + " in " + response);
  }

  private static JsonObject json(String response) {
    return new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4));
  }

  private static void assertTencent(int code, String response) {
    assertEquals(200, status(response), response);
    assertEquals(code, json(response).getInteger("ErrorCode"), response);
  }

  private static void assertPlugNmeet400(String response) {
    assertEquals(400, status(response), response);
    assertEquals("INVALID_PARAMETERS", json(response).getString("status_code"), response);
  }

  /** Waits until the access line of {@code requestId} is printed (lines are written in order, asynchronously). */
  private static void awaitOutput(GatewayProcess gw, String requestId) throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (!gw.output().contains(requestId) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertTrue(gw.output().contains(requestId), "the last access line never came:\n" + gw.output());
  }
}
