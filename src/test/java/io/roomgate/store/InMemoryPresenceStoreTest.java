package io.roomgate.store;

class InMemoryPresenceStoreTest extends PresenceStoreContract {
  private final PresenceStore store = new InMemoryPresenceStore();

  @Override
  protected PresenceStore store() {
    return store;
  }
}
