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
  /** The per-app, per-API limit ({@link ErrorKind#RATE_LIMITED}; Tencent's text, whatever the limiter's message). */
  RATE_LIMITED(60007, "REST API call frequency exceeds the limit"),
  /** The body is larger than {@code server.max_body_bytes}: Tencent calls a too-large request a malformed one. */
  BODY_TOO_LARGE(60008, "request body exceeds the limit"),
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
  /**
   * A failed authentication without a more precise code (the UserSig stage always names one, from
   * {@link io.roomgate.auth.UserSigVerifier.Outcome}).
   */
  USERSIG_INVALID(70009, "UserSig verification failed"),
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

  /** The code of a neutral error raised without a Tencent code of its own (the room service's, the limiter's). */
  static TencentError of(ErrorKind kind) {
    return switch (kind) {
      case BAD_REQUEST, METHOD_NOT_ALLOWED -> HTTP_PARSE;
      case BODY_TOO_LARGE -> BODY_TOO_LARGE;
      case UNAUTHENTICATED -> USERSIG_INVALID;
      case TOO_MANY_AUTH_FAILURES -> AUTH_FAILURES_LIMITED;
      case RATE_LIMITED -> RATE_LIMITED;
      case NOT_SUPPORTED -> BAD_RESOURCE;
      case INVALID_PARAMETERS -> INVALID_PARAMETER;
      case ROOM_NOT_FOUND, NOT_FOUND -> ROOM_NOT_FOUND;
      case ROOM_EXISTS -> ROOM_EXISTS;
      case QUOTA_EXCEEDED -> ROOM_LIMIT;
      case AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE, UPSTREAM_ERROR, INTERNAL -> INTERNAL;
    };
  }

  /**
   * Whether a neutral error rendered with this code shows Tencent's own text rather than the neutral message:
   * clients match on these texts, and the neutral message would add nothing a Tencent client expects.
   */
  boolean fixedText() {
    return this == ROOM_NOT_FOUND || this == RATE_LIMITED;
  }
}
