package io.roomgate.store;

import io.roomgate.room.RoomKey;
import io.vertx.core.Future;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link RoomInvalidations} between caches of one process, delivered at once: lets a unit test stand up two
 * "instances" over one shared store on a fake clock. {@link #losing} drops announcements, as a failed PUBLISH does.
 */
final class InProcessRoomInvalidations implements RoomInvalidations {
  private final List<ReadCache<RoomKey, ?>> caches = new CopyOnWriteArrayList<>();
  private volatile boolean losing;
  int announced;

  @Override
  public Future<Void> announce(RoomKey room) {
    announced++;
    if (!losing) {
      caches.forEach(c -> c.invalidate(room));
    }
    return Future.succeededFuture();
  }

  @Override
  public void feed(ReadCache<RoomKey, ?> cache) {
    caches.add(cache);
  }

  void losing(boolean on) {
    losing = on;
  }
}
