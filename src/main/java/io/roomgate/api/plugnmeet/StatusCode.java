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
  ROOM_NOT_FOUND,
  ROOM_NOT_ACTIVE;

  static StatusCode of(ErrorKind kind) {
    return switch (kind) {
      case INVALID_PARAMETERS -> INVALID_PARAMETERS;
      case ROOM_NOT_FOUND -> ROOM_NOT_FOUND;
      case ROOM_NOT_ACTIVE -> ROOM_NOT_ACTIVE;
      case NOT_FOUND -> NOT_FOUND;
      // plugNmeet has no quota code; the request is well-formed but not permitted now (as for the rate limit)
      case QUOTA_EXCEEDED -> PERMISSION_DENIED;
      case NOT_SUPPORTED -> NOT_FOUND;
      case UPSTREAM_UNAVAILABLE, UPSTREAM_ERROR, INTERNAL -> INTERNAL_SERVER_ERROR;
    };
  }
}
