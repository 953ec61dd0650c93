package io.roomgate.livekit;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/**
 * Mints LiveKit access tokens (HS256, {@code iss} = API key, spec/livekit-roomservice.md §3). Each RoomService call
 * carries only the grant it needs; join tokens carry {@code roomJoin} for exactly one room.
 */
public final class LiveKitTokens {
  /** Short-lived: a service token only has to outlive one call and its retries. */
  private static final int SERVICE_TOKEN_SECONDS = 600;

  private final JWTAuth jwt;
  private final String apiKey;

  public LiveKitTokens(Vertx vertx, String apiKey, String apiSecret) {
    this.apiKey = apiKey;
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
        .put("name", name == null ? "" : name)
        .put("nbf", nowSeconds());
    if (metadata != null && !metadata.isEmpty()) {
      claims.put("metadata", metadata);
    }
    return jwt.generateToken(claims, new JWTOptions()
        .setAlgorithm("HS256")
        .setIssuer(apiKey)
        .setSubject(identity)
        .setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, ttlSeconds)));
  }

  private String service(JsonObject video) {
    JsonObject claims = new JsonObject().put("video", video).put("nbf", nowSeconds());
    return jwt.generateToken(claims, new JWTOptions()
        .setAlgorithm("HS256")
        .setIssuer(apiKey)
        .setExpiresInSeconds(SERVICE_TOKEN_SECONDS));
  }

  private static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }
}
