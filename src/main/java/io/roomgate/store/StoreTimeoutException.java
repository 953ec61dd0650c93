package io.roomgate.store;

/** A room store operation did not complete within its deadline ({@code redis.timeout_ms}). */
public final class StoreTimeoutException extends StoreException {

  public StoreTimeoutException(String message) {
    super(message);
  }
}
