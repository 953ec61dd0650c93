package io.roomgate.room;

/**
 * The outcome of {@link RoomStore#claimActive}: the room that is active afterwards, and whether this call made it
 * so. Of any number of concurrent claims of one room, on any number of gateway instances, exactly one is
 * {@code created}: the one that may announce the room (e.g. send {@code room_created}).
 *
 * @param room         the active room afterwards; {@code null} when the claim was refused
 * @param created      this claim stored the room
 * @param limitReached refused: the room was not active and the tenant already had its maximum of active rooms
 */
public record ActiveClaim(RoomRecord room, boolean created, boolean limitReached) {

  public ActiveClaim(RoomRecord room, boolean created) {
    this(room, created, false);
  }

  /** The claim of a new room refused because the tenant is at its limit; nothing was stored. */
  public static ActiveClaim refusedAtLimit() {
    return new ActiveClaim(null, false, true);
  }
}
