package io.roomgate.room;

/**
 * The gateway's dialect-neutral error catalogue. Stages and the room service fail with a kind; each dialect's one
 * failure handler renders it in its own envelope (plugNmeet {@code status_code} and HTTP status, Tencent
 * {@code ErrorCode}) and counts it in the request metrics. Every kind is raised somewhere: a kind nothing raises is
 * deleted, not kept "for later".
 */
public enum ErrorKind {
  // ---- the stages before the endpoint: what the request looks like, who sent it, how often

  /** The request itself cannot be read: a malformed query string or parameter, a request stream that broke. */
  BAD_REQUEST,
  /** The HTTP method is not the one the dialect serves (both serve POST only). */
  METHOD_NOT_ALLOWED,
  /** The body is larger than {@code server.max_body_bytes}: refused before (or while) it is read. */
  BODY_TOO_LARGE,
  /** Credentials are missing, unknown or wrong. */
  UNAUTHENTICATED,
  /** The request failed authentication after its client IP spent its budget of failed authentications. */
  TOO_MANY_AUTH_FAILURES,
  /** Authentication could not be completed because a store it needs did not answer (the replay guard's nonces). */
  AUTH_UNAVAILABLE,
  /** The tenant's rate limit (or its share of a bounded per-tenant resource) refused the request. */
  RATE_LIMITED,

  // ---- the endpoint and the room service

  /** The gateway does not offer this operation. */
  NOT_SUPPORTED,
  /** The request body or a field in it is wrong. */
  INVALID_PARAMETERS,
  /** The room does not exist (never created, or ended). */
  ROOM_NOT_FOUND,
  /** A listing found nothing. */
  NOT_FOUND,
  /** An active room has this id already, and the operation does not take an existing room (Tencent create). */
  ROOM_EXISTS,
  /**
   * A quota is used up, e.g. {@code max_active_rooms} or Tencent's one create per room id per second: nothing was
   * changed.
   */
  QUOTA_EXCEEDED,
  /** LiveKit (or Redis) could not be reached or did not answer in time. */
  UPSTREAM_UNAVAILABLE,
  /** LiveKit answered with an error the gateway cannot turn into anything more specific. */
  UPSTREAM_ERROR,
  /** A bug or an unexpected state; details are logged, never sent. */
  INTERNAL
}
