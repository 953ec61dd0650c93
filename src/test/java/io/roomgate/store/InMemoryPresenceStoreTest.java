package io.roomgate.store;

import io.roomgate.room.PresenceStore;

class InMemoryPresenceStoreTest extends PresenceStoreContract {
  private final PresenceStore store = new InMemoryPresenceStore();

  @Override
  protected PresenceStore store() {
    return store;
  }
}
