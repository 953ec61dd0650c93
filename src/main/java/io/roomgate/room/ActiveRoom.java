package io.roomgate.room;

import livekit.LivekitModels.ParticipantInfo;

import java.util.List;

/** An active room with its participants as LiveKit reports them. */
public record ActiveRoom(RoomRecord room, List<ParticipantInfo> participants) {
}
