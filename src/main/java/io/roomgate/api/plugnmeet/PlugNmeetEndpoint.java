package io.roomgate.api.plugnmeet;

import io.roomgate.http.Endpoint;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The plugNmeet endpoints this gateway serves, {@code POST /auth/room/<apiName>}: the one list the router dispatches
 * on, the metrics label with and the rate limiter keys per-API limits by.
 */
public enum PlugNmeetEndpoint implements Endpoint {
  CREATE("create"),
  GET_JOIN_TOKEN("getJoinToken"),
  IS_ROOM_ACTIVE("isRoomActive"),
  GET_ACTIVE_ROOM_INFO("getActiveRoomInfo"),
  GET_ACTIVE_ROOMS_INFO("getActiveRoomsInfo"),
  END_ROOM("endRoom"),
  FETCH_PAST_ROOMS("fetchPastRooms");

  /** Where the room endpoints live. */
  public static final String PREFIX = PlugNmeetRouter.MOUNT + "/room/";
  private static final Map<String, PlugNmeetEndpoint> BY_PATH = new HashMap<>();

  static {
    for (PlugNmeetEndpoint e : values()) {
      BY_PATH.put(e.path, e);
    }
  }

  private final String apiName;
  private final String path;

  PlugNmeetEndpoint(String apiName) {
    this.apiName = apiName;
    this.path = PREFIX + apiName;
  }

  @Override
  public String apiName() {
    return apiName;
  }

  /**
   * The endpoint of a normalized path, or {@code null}. One trailing slash is ignored, as vertx-web's exact paths
   * ignore it.
   */
  static PlugNmeetEndpoint of(String path) {
    PlugNmeetEndpoint e = BY_PATH.get(path);
    if (e == null && path.length() > 1 && path.charAt(path.length() - 1) == '/') {
      e = BY_PATH.get(path.substring(0, path.length() - 1));
    }
    return e;
  }

  /** Every API name, for the metrics' {@code api} label. */
  public static Set<String> apiNames() {
    Set<String> names = new LinkedHashSet<>();
    for (PlugNmeetEndpoint e : values()) {
      names.add(e.apiName);
    }
    return Set.copyOf(names);
  }
}
