package io.roomgate.store;

import io.roomgate.room.PresenceStore;
import io.roomgate.room.Presence;
import io.roomgate.room.RoomKey;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.TrackInfo;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One contract for both presence stores. */
abstract class PresenceStoreContract {
  private static int next;

  protected abstract PresenceStore store();

  private static RoomKey room() {
    return new RoomKey("acme", "presence-" + (next++) + "-" + System.nanoTime());
  }

  private static ParticipantInfo participant(String identity, long joinedAtMs) {
    return ParticipantInfo.newBuilder().setIdentity(identity).setSid("PA_" + identity).setName(identity.toUpperCase())
        .setJoinedAtMs(joinedAtMs).setJoinedAt(joinedAtMs / 1000).build();
  }

  private static List<String> identities(Presence p) {
    return p.participants().stream().map(ParticipantInfo::getIdentity).toList();
  }

  @Test
  void unknownRoomHasNobodyAndWasNeverSynced() {
    Presence p = store().get(room()).await();
    assertTrue(p.participants().isEmpty());
    assertEquals(0, p.syncedAtMillis());
  }

  @Test
  void joinsAndLeavesInJoinOrder() {
    RoomKey r = room();
    // each change answers the count after it: what the webhook applier compares with LiveKit's
    assertEquals(1, store().join(r, participant("bob", 2000)).await());
    assertEquals(2, store().join(r, participant("ann", 1000)).await());
    assertEquals(3, store().join(r, participant("cat", 3000)).await());
    assertEquals(List.of("ann", "bob", "cat"), identities(store().get(r).await()));
    assertEquals(2, store().leave(r, "bob").await());
    assertEquals(2, store().leave(r, "nobody").await());
    assertEquals(List.of("ann", "cat"), identities(store().get(r).await()));
    // a rejoin replaces the entry
    assertEquals(2, store().join(r, participant("ann", 1000).toBuilder().setName("Ann 2").build()).await());
    assertEquals("Ann 2", store().get(r).await().participants().get(0).getName());
  }

  @Test
  void tracksArePublishedAndUnpublishedOnTheParticipant() {
    RoomKey r = room();
    store().join(r, participant("ann", 1000)).await();
    TrackInfo cam = TrackInfo.newBuilder().setSid("TR_cam").setName("cam").build();
    store().publishTrack(r, "ann", cam).await();
    store().publishTrack(r, "ann", cam.toBuilder().setMuted(true).build()).await(); // same sid: replaced
    ParticipantInfo ann = store().get(r).await().participants().get(0);
    assertEquals(1, ann.getTracksCount());
    assertTrue(ann.getTracks(0).getMuted());
    assertTrue(ann.getIsPublisher());
    store().unpublishTrack(r, "ann", "TR_cam").await();
    ann = store().get(r).await().participants().get(0);
    assertEquals(0, ann.getTracksCount());
    assertFalse(ann.getIsPublisher());
    store().publishTrack(r, "ghost", cam).await(); // unknown participant: ignored
    assertEquals(List.of("ann"), identities(store().get(r).await()));
  }

  @Test
  void replaceSetsTheWholeListAndTheSyncTime() {
    RoomKey r = room();
    store().join(r, participant("stale", 500)).await();
    store().replace(r, List.of(participant("ann", 1000), participant("bob", 2000)), 123_456L).await();
    Presence p = store().get(r).await();
    assertEquals(List.of("ann", "bob"), identities(p));
    assertEquals(123_456L, p.syncedAtMillis());
    store().join(r, participant("cat", 3000)).await(); // webhooks keep the sync time
    assertEquals(123_456L, store().get(r).await().syncedAtMillis());
    store().replace(r, List.of(), 200_000L).await();
    assertTrue(store().get(r).await().participants().isEmpty());
    assertEquals(200_000L, store().get(r).await().syncedAtMillis());
  }

  @Test
  void clearForgetsTheRoomAndRoomsAreIsolated() {
    RoomKey r = room();
    RoomKey other = new RoomKey("globex", r.roomId());
    store().join(r, participant("ann", 1000)).await();
    store().join(other, participant("zed", 1000)).await();
    store().clear(r).await();
    assertTrue(store().get(r).await().participants().isEmpty());
    assertEquals(List.of("zed"), identities(store().get(other).await()));
  }
}
