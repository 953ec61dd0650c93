package io.roomgate.auth.replay;

import io.vertx.core.Future;

/** Remembers the nonces of replay-safe requests for as long as their timestamp is inside the window. */
public interface NonceStore {
  /**
   * Records a nonce of a tenant for {@code ttlMillis}.
   *
   * @return true the first time it is seen within its time to live, false for a replay; a failed future when the
   *     store cannot answer (Redis away) or is full ({@link Full})
   */
  Future<Boolean> firstUse(String tenantId, String nonce, long ttlMillis);

  /** The in-process store holds as many live nonces of the tenant as it may. */
  final class Full extends RuntimeException {
    public Full(String message) {
      super(message, null, false, false);
    }
  }
}
