package io.roomgate.http;

/**
 * One endpoint of a dialect, as its enum of endpoints names it: the one source of the router's paths or commands,
 * the metrics' {@code api} label and the rate limiter's per-API key ({@code rate_limit.apis}, {@code costs}).
 */
public interface Endpoint {
  /** The API name: the last path segment, e.g. {@code getActiveRoomInfo} or {@code get_room_list}. */
  String apiName();
}
