package io.roomgate.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A tenant back end's mix of plugNmeet calls, over plain JDK HTTP so that it runs beside a gateway process: creates,
 * reads, join tokens, ends, past rooms, plus validation errors, unknown rooms and failed authentications.
 */
public final class PlugNmeetTraffic {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int port;
  private final String apiKey;
  private final String secret;

  public PlugNmeetTraffic(int port, String apiKey, String secret) {
    this.port = port;
    this.apiKey = apiKey;
    this.secret = secret;
  }

  /** One round of every kind of call; {@code n} makes the room ids unique. */
  public void round(int n) throws IOException, InterruptedException {
    String room = "room-" + n;
    post("/auth/room/create", "{\"room_id\":\"" + room + "\",\"metadata\":{\"room_title\":\"Room " + n
        + "\",\"room_features\":{\"allow_webcams\":true}}}");
    post("/auth/room/getActiveRoomInfo", "{\"room_id\":\"" + room + "\"}");
    post("/auth/room/isRoomActive", "{\"room_id\":\"" + room + "\"}");
    post("/auth/room/getJoinToken", "{\"room_id\":\"" + room + "\",\"user_info\":{\"name\":\"Ann\",\"user_id\":\"u1\"}}");
    post("/auth/room/getActiveRoomsInfo", "{}");
    post("/auth/room/create", "{\"room_id\":\"" + room + "-bad\"}");                   // validation error
    post("/auth/room/getActiveRoomInfo", "{\"room_id\":\"missing-" + n + "\"}");      // ROOM_NOT_FOUND
    post("/auth/room/endRoom", "{\"room_id\":\"" + room + "\"}");
    post("/auth/room/fetchPastRooms", "{\"room_ids\":[\"" + room + "\"]}");
    send("/auth/room/create", "{}", apiKey, "0000");                                   // bad signature
    send("/auth/room/create", "{}", "no-such-key", "0000");                            // unknown key
  }

  public HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return send(path, body, apiKey, PlugNmeetTestClient.sign(secret, body.getBytes(StandardCharsets.UTF_8)));
  }

  public HttpResponse<String> send(String pathAndQuery, String body, String key, String signature)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("API-KEY", key);
    }
    if (signature != null) {
      b.header("HASH-SIGNATURE", signature);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
