package io.roomgate.room;

/**
 * The gateway's dialect-neutral error catalogue. Stages and the room service fail with a kind; each dialect
 * renders it in its own envelope (plugNmeet {@code status_code}, Tencent {@code ErrorCode}).
 */
public enum ErrorKind {
  /** The request body or a field in it is wrong. */
  INVALID_PARAMETERS,
  /** The room does not exist (never created, or ended). */
  ROOM_NOT_FOUND,
  /** The room exists but is not running. */
  ROOM_NOT_ACTIVE,
  /** A listing found nothing. */
  NOT_FOUND,
  /** A tenant quota is used up, e.g. {@code max_active_rooms}: nothing was changed. */
  QUOTA_EXCEEDED,
  /** LiveKit (or Redis) could not be reached or did not answer in time. */
  UPSTREAM_UNAVAILABLE,
  /** LiveKit answered with an error the gateway cannot turn into anything more specific. */
  UPSTREAM_ERROR,
  /** The gateway does not offer this operation. */
  NOT_SUPPORTED,
  /** A bug or an unexpected state; details are logged, never sent. */
  INTERNAL
}
