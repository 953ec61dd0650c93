package io.roomgate.livekit;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Clock;

/**
 * Mints LiveKit access tokens (HS256, {@code iss} = API key, spec/livekit-roomservice.md §3). Each RoomService call
 * carries only the grant it needs; join tokens carry {@code roomJoin} for exactly one room.
 */
public final class LiveKitTokens {
  /** Short-lived: a service token only has to outlive one call and its retries. */
  private static final int SERVICE_TOKEN_SECONDS = 600;

  private final JWTAuth jwt;
  private final String apiKey;
  private final Clock clock;

  /** @param clock the gateway's clock: a token's {@code iat}, {@code nbf} and {@code exp} are read from it */
  public LiveKitTokens(Vertx vertx, String apiKey, String apiSecret, Clock clock) {
    this.apiKey = apiKey;
    this.clock = clock;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(apiSecret)));
  }

  /** {@code roomCreate}: CreateRoom, DeleteRoom. */
  public String roomCreate() {
    return service(new JsonObject().put("roomCreate", true));
  }

  /** {@code roomList}: ListRooms. */
  public String roomList() {
    return service(new JsonObject().put("roomList", true));
  }

  /** {@code roomAdmin} for one room: ListParticipants, RemoveParticipant, UpdateRoomMetadata, ... */
  public String roomAdmin(String room) {
    return service(new JsonObject().put("roomAdmin", true).put("room", room));
  }

  /**
   * A token a participant joins {@code room} with.
   *
   * @param admin  grants {@code roomAdmin} as well, for moderators
   * @param hidden a participant others do not see (plugNmeet's {@code is_hidden})
   */
  public String join(String room, String identity, String name, String metadata, boolean admin, boolean hidden,
                     long ttlSeconds) {
    JsonObject video = new JsonObject()
        .put("roomJoin", true)
        .put("room", room)
        .put("canPublish", true)
        .put("canSubscribe", true)
        .put("canPublishData", true)
        .put("canUpdateOwnMetadata", admin);
    if (admin) {
      video.put("roomAdmin", true);
    }
    if (hidden) {
      video.put("hidden", true);
    }
    JsonObject claims = new JsonObject()
        .put("video", video)
        .put("name", name == null ? "" : name);
    stamp(claims, ttlSeconds);
    if (metadata != null && !metadata.isEmpty()) {
      claims.put("metadata", metadata);
    }
    return jwt.generateToken(claims, new JWTOptions()
        .setAlgorithm("HS256")
        .setIssuer(apiKey)
        .setSubject(identity));
  }

  private String service(JsonObject video) {
    JsonObject claims = new JsonObject().put("video", video);
    stamp(claims, SERVICE_TOKEN_SECONDS);
    return jwt.generateToken(claims, new JWTOptions()
        .setAlgorithm("HS256")
        .setIssuer(apiKey));
  }

  /** iat, nbf and exp from the gateway's clock (the JWT library would read the system clock for iat and exp). */
  private void stamp(JsonObject claims, long ttlSeconds) {
    long now = clock.millis() / 1000;
    claims.put("iat", now).put("nbf", now).put("exp", now + Math.min(Integer.MAX_VALUE, ttlSeconds));
  }
}
