package io.roomgate.api.plugnmeet;

import io.roomgate.room.ErrorKind;

/** plugNmeet's {@code StatusCode} enum, sent by name (spec/plugnmeet-api.md §3). */
enum StatusCode {
  SUCCESS,
  PERMISSION_DENIED,
  NOT_FOUND,
  INVALID_TOKEN_OR_SIGNATURE,
  INVALID_API_KEY,
  INTERNAL_SERVER_ERROR,
  INVALID_PARAMETERS,
  MISSING_REQUIRED_PARAMETER,
  ROOM_NOT_FOUND;

  /** The code of a kind raised without a plugNmeet code of its own ({@link io.roomgate.room.GatewayException}). */
  static StatusCode of(ErrorKind kind) {
    return switch (kind) {
      case BAD_REQUEST, METHOD_NOT_ALLOWED, BODY_TOO_LARGE, INVALID_PARAMETERS, ROOM_EXISTS -> INVALID_PARAMETERS;
      case UNAUTHENTICATED -> INVALID_TOKEN_OR_SIGNATURE;
      // plugNmeet has no code for rate limits or quotas: the caller is authenticated and its request well-formed,
      // but it is not permitted right now. INVALID_PARAMETERS would send developers looking for a bad field, and
      // INTERNAL_SERVER_ERROR would blame the server for the caller's rate.
      case TOO_MANY_AUTH_FAILURES, RATE_LIMITED, QUOTA_EXCEEDED -> PERMISSION_DENIED;
      case ROOM_NOT_FOUND -> ROOM_NOT_FOUND;
      case NOT_FOUND, NOT_SUPPORTED -> NOT_FOUND;
      case AUTH_UNAVAILABLE, UPSTREAM_UNAVAILABLE, UPSTREAM_ERROR, INTERNAL -> INTERNAL_SERVER_ERROR;
    };
  }
}
