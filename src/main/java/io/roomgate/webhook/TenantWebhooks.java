package io.roomgate.webhook;

import io.roomgate.room.RoomLifecycleListener;
import io.roomgate.room.RoomRecord;
import io.roomgate.tenant.Tenant;
import io.roomgate.tenant.TenantRegistry;
import io.vertx.core.Future;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Turns what happens to a tenant's rooms into events for its webhook URLs: the room's {@code metadata.webhook_url}
 * and the tenant-wide {@code tenants[].webhook_url}. Rooms with neither produce nothing.
 */
public final class TenantWebhooks implements RoomLifecycleListener {
  private static final Logger LOG = Logger.getLogger(TenantWebhooks.class.getName());

  private final TenantRegistry tenants;
  private final TenantEventSink sink;
  private final EventBodyRenderer bodies;
  private final Clock clock;

  /** @param clock the gateway's clock (an event's {@code createdAt}) */
  public TenantWebhooks(TenantRegistry tenants, TenantEventSink sink, EventBodyRenderer bodies, Clock clock) {
    this.tenants = tenants;
    this.sink = sink;
    this.bodies = bodies;
    this.clock = clock;
  }

  /**
   * The gateway creates rooms in LiveKit, so a room starts when it is created: {@code room_created} and
   * {@code room_started} go out together, in that order (LiveKit's own room_started can race the store write).
   */
  @Override
  public void roomCreated(RoomRecord room) {
    publish("room_created", room, 0, null, null)
        .compose(v -> publish("room_started", room, 0, null, null))
        .onFailure(e -> LOG.warning("room_created for " + room.key() + " not queued: " + e.getMessage()));
  }

  @Override
  public void roomEnded(RoomRecord room) {
    publish("room_finished", room, 0, null, null)
        .onFailure(e -> LOG.warning("room_finished for " + room.key() + " not queued: " + e.getMessage()));
  }

  /**
   * Queues one event; succeeds once it is queued (durably with Redis).
   *
   * @param participant may be {@code null}
   * @param track       may be {@code null}
   */
  public Future<Void> publish(String event, RoomRecord room, int numParticipants, ParticipantInfo participant,
                              TrackInfo track) {
    List<String> urls = urls(room);
    if (urls.isEmpty()) {
      return Future.succeededFuture();
    }
    String body = bodies.body(event, room, numParticipants, participant, track,
        clock.millis() / 1000).encode();
    return sink.publish(new TenantEvent(room.tenantId(), room.roomId(), event, urls, body));
  }

  private List<String> urls(RoomRecord room) {
    List<String> urls = new ArrayList<>(2);
    if (!room.webhookUrl().isEmpty()) {
      urls.add(room.webhookUrl());
    }
    Tenant tenant = tenants.byId(room.tenantId());
    String tenantWide = tenant == null ? null : tenant.config().webhookUrl();
    if (tenantWide != null && !urls.contains(tenantWide)) {
      urls.add(tenantWide);
    }
    return urls;
  }
}
