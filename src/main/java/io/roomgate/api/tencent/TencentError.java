package io.roomgate.api.tencent;

import io.roomgate.room.ErrorKind;

/**
 * The Tencent {@code ErrorCode}s this dialect answers with (spec/tencent-live-room.md §0 and §3), each with its
 * default {@code ErrorInfo}. UserSig outcomes (70001/70003/70009/70013/70014) come from
 * {@link io.roomgate.auth.UserSigVerifier.Outcome}.
 */
enum TencentError {
  /** A bad URL: non-POST, missing or malformed {@code random}, {@code contenttype} other than {@code json}. */
  HTTP_PARSE(60002, "HTTP parse error, please check the request URL"),
  /** The body is not a JSON object (an empty body included: send {@code {}}). */
  JSON_PARSE(60003, "JSON parse error, the request body must be a JSON object"),
  /** {@code identifier} missing. */
  BAD_ACCOUNT(60004, "invalid account in the request URL: identifier is required"),
  /** {@code sdkappid} is not a number, or no tenant has it. */
  SDKAPPID_INVALID(60006, "SDKAppID is invalid"),
  /** The per-app, per-API limit (the rate limiter renders it through {@link TencentResponses#rateLimited}). */
  RATE_LIMITED(60007, "REST API call frequency exceeds the limit"),
  /** Unknown command. */
  BAD_RESOURCE(60009, "invalid request resource, please check the request URL"),
  /** {@code identifier} is not one of the app's admins. */
  ADMIN_REQUIRED(60010, "this request requires App administrator privileges"),
  /** {@code sdkappid} missing. */
  SDKAPPID_MISSING(60012, "sdkappid is required in the request URL"),
  /**
   * The request failed authentication (unknown sdkappid, bad UserSig, non-admin identifier) after its client IP
   * spent its budget of failed authentications ({@code rate_limit.auth_failures}): Tencent's own code for a UserSig
   * failure that is also rate-limited. Not 60007, which says the <em>app's</em> call rate is over its limit.
   */
  AUTH_FAILURES_LIMITED(70050, "too many failed authentications from this client: UserSig failed and rate-limited,"
      + " retry later"),
  /** {@code usersig} missing or empty. */
  USERSIG_EMPTY(70002, "UserSig is empty"),
  INTERNAL(100001, "internal server error, please retry"),
  INVALID_PARAMETER(100002, "invalid parameter"),
  ROOM_EXISTS(100003, "RoomId already exists"),
  /**
   * {@code max_active_rooms} reached. 100007 is the create_room code for what the app's package does not cover
   * (spec/tencent-live-room.md §0, §1: "no paid package"); Tencent's packages are what cap an app's rooms.
   */
  ROOM_LIMIT(100007, "the app's limit of active rooms is reached"),
  ROOM_NOT_FOUND(100004, "the room does not exist, possibly because it was never created or has already been dissolved"),
  CREATE_TOO_OFTEN(100012, "the same RoomId may be created at most once per second");

  final int code;
  final String info;

  TencentError(int code, String info) {
    this.code = code;
    this.info = info;
  }

  /** The neutral room errors at the Tencent edge. */
  static TencentError of(ErrorKind kind) {
    return switch (kind) {
      case INVALID_PARAMETERS -> INVALID_PARAMETER;
      case ROOM_NOT_FOUND, ROOM_NOT_ACTIVE, NOT_FOUND -> ROOM_NOT_FOUND;
      case NOT_SUPPORTED -> BAD_RESOURCE;
      case QUOTA_EXCEEDED -> ROOM_LIMIT;
      case UPSTREAM_UNAVAILABLE, UPSTREAM_ERROR, INTERNAL -> INTERNAL;
    };
  }
}
