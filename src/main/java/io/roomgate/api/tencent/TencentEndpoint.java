package io.roomgate.api.tencent;

import io.roomgate.http.Endpoint;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The Tencent live-room commands this gateway serves, {@code POST /v4/live_engine_http_srv/<command>}: the one list
 * the command check and the dispatch go by, the metrics label with and the rate limiter keys per-API limits by.
 */
public enum TencentEndpoint implements Endpoint {
  CREATE_ROOM("create_room"),
  DESTROY_ROOM("destroy_room"),
  UPDATE_ROOM_INFO("update_room_info"),
  GET_ROOM_INFO("get_room_info"),
  GET_ROOM_LIST("get_room_list");

  /** Where the commands live. */
  public static final String PREFIX = TencentRouter.MOUNT + "/";
  private static final Map<String, TencentEndpoint> BY_PATH = new HashMap<>();

  static {
    for (TencentEndpoint e : values()) {
      BY_PATH.put(e.path, e);
    }
  }

  private final String command;
  private final String path;

  TencentEndpoint(String command) {
    this.command = command;
    this.path = PREFIX + command;
  }

  /** The command, e.g. {@code get_room_list}. */
  @Override
  public String apiName() {
    return command;
  }

  /** The endpoint of a normalized path, exactly (a trailing slash names no command), or {@code null}. */
  static TencentEndpoint of(String path) {
    return BY_PATH.get(path);
  }

  /** Every command, for the metrics' {@code api} label. */
  public static Set<String> apiNames() {
    Set<String> names = new LinkedHashSet<>();
    for (TencentEndpoint e : values()) {
      names.add(e.command);
    }
    return Set.copyOf(names);
  }
}
