package io.roomgate.room;

/** Told when a room really starts or ends here, exactly once per session, whichever path did it. */
public interface RoomLifecycleListener {
  RoomLifecycleListener NONE = new RoomLifecycleListener() { };

  default void roomCreated(RoomRecord room) {
  }

  default void roomEnded(RoomRecord room) {
  }
}
