// Drives the LiveKit simulator with the official Node server SDK, unchanged.
// Env: LIVEKIT_URL (http://127.0.0.1:PORT), LIVEKIT_API_KEY, LIVEKIT_API_SECRET.
// Prints one "ok ..." line per check; exits 1 with a clear message on the first mismatch.
import {
  AccessToken,
  DataPacket_Kind,
  ParticipantInfo_State,
  RoomServiceClient,
} from 'livekit-server-sdk';

const url = process.env.LIVEKIT_URL;
const apiKey = process.env.LIVEKIT_API_KEY;
const apiSecret = process.env.LIVEKIT_API_SECRET;
if (!url || !apiKey || !apiSecret) {
  console.error('FAIL: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET');
  process.exit(2);
}

const rooms = new RoomServiceClient(url, apiKey, apiSecret, { failover: false });
const ROOM = 'sdk-room';

function check(condition, what, actual) {
  if (!condition) {
    throw new Error(`${what}; got ${JSON.stringify(actual, (k, v) => (typeof v === 'bigint' ? v.toString() : v))}`);
  }
  console.log(`ok ${what}`);
}

async function expectTwirpError(promise, code, status, what) {
  try {
    await promise;
  } catch (e) {
    check(e.code === code && e.status === status, `${what} -> ${code} (${status})`,
      { code: e.code, status: e.status, message: e.message });
    return;
  }
  throw new Error(`${what}: expected a ${code} error, but the call succeeded`);
}

// The simulator's /sim control API takes a token of its own API key with a simulator-wide roomAdmin grant (no room),
// signed here with the SDK's AccessToken like any server token; /sim/join passes its join token instead.
async function controlToken() {
  const at = new AccessToken(apiKey, apiSecret, { ttl: '10m' });
  at.addGrant({ roomAdmin: true });
  return at.toJwt();
}

async function control(method, path, body, headers = {}) {
  const response = await fetch(new URL(path, url), {
    method,
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await controlToken()}`, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`control API ${method} ${path} -> ${response.status} ${text}`);
  }
  return text ? JSON.parse(text) : undefined;
}

async function main() {
  const room = await rooms.createRoom({ name: ROOM, emptyTimeout: 120, maxParticipants: 10, metadata: 'm1' });
  check(/^RM_\w{12}$/.test(room.sid), 'createRoom returns an RM_ sid', room.sid);
  check(room.emptyTimeout === 120 && room.departureTimeout === 20 && room.maxParticipants === 10,
    'createRoom applies request fields and defaults', room);
  check(room.creationTime > 0n && room.enabledCodecs.length > 0, 'createRoom fills creation time and codecs', room);

  const again = await rooms.createRoom({ name: ROOM });
  check(again.sid === room.sid && again.emptyTimeout === 120, 'createRoom upsert keeps sid and fields', again);

  const all = await rooms.listRooms();
  check(all.some((r) => r.name === ROOM), 'listRooms lists the room', all.map((r) => r.name));
  const named = await rooms.listRooms([ROOM, 'no-such-room']);
  check(named.length === 1 && named[0].sid === room.sid, 'listRooms filters by name', named);

  const updatedRoom = await rooms.updateRoomMetadata(ROOM, '{"topic":"sdk"}');
  check(updatedRoom.metadata === '{"topic":"sdk"}' && updatedRoom.sid === room.sid, 'updateRoomMetadata', updatedRoom);

  await control('POST', `/sim/rooms/${ROOM}/participants`, { identity: 'alice', name: 'Alice', metadata: 'a' });
  const joinToken = new AccessToken(apiKey, apiSecret, { identity: 'bob', name: 'Bob', ttl: '10m' });
  joinToken.addGrant({ roomJoin: true, room: ROOM, canPublish: false });
  await control('POST', '/sim/join', undefined, { Authorization: `Bearer ${await joinToken.toJwt()}` });

  const participants = await rooms.listParticipants(ROOM);
  const identities = participants.map((p) => p.identity).sort();
  check(identities.join(',') === 'alice,bob', 'listParticipants sees control-API and joined participants', identities);
  check(participants.every((p) => p.state === ParticipantInfo_State.ACTIVE), 'participants are ACTIVE', participants);

  const bob = await rooms.getParticipant(ROOM, 'bob');
  check(bob.name === 'Bob' && bob.permission.canPublish === false && bob.permission.canSubscribe === true,
    'getParticipant returns the join-token permissions', bob);

  const alice = await rooms.updateParticipant(ROOM, 'alice', {
    metadata: '{"role":"host"}', name: 'Alice L.', attributes: { team: 'blue' },
  });
  check(alice.metadata === '{"role":"host"}' && alice.name === 'Alice L.' && alice.attributes.team === 'blue',
    'updateParticipant applies metadata, name and attributes', alice);

  const track = await control('POST', `/sim/rooms/${ROOM}/participants/alice/tracks`, { type: 'AUDIO', name: 'mic' });
  const muted = await rooms.mutePublishedTrack(ROOM, 'alice', track.sid, true);
  check(muted.sid === track.sid && muted.muted === true, 'mutePublishedTrack mutes the track', muted);
  await expectTwirpError(rooms.mutePublishedTrack(ROOM, 'alice', track.sid, false),
    'failed_precondition', 412, 'remote unmute without enable_remote_unmute');

  await rooms.sendData(ROOM, new TextEncoder().encode('hello'), DataPacket_Kind.RELIABLE, {
    topic: 'chat', destinationIdentities: ['alice'],
  });
  console.log('ok sendData accepted (with the SDK nonce)');

  await rooms.removeParticipant(ROOM, 'bob');
  const left = await rooms.listParticipants(ROOM);
  check(left.length === 1 && left[0].identity === 'alice', 'removeParticipant removes bob', left);
  await expectTwirpError(rooms.getParticipant(ROOM, 'bob'), 'not_found', 404, 'getParticipant of a removed participant');

  await rooms.deleteRoom(ROOM);
  const after = await rooms.listRooms([ROOM]);
  check(after.length === 0, 'deleteRoom deletes the room', after);
  await expectTwirpError(rooms.deleteRoom(ROOM), 'not_found', 404, 'deleteRoom of an unknown room');

  const stranger = new RoomServiceClient(url, apiKey, 'wrong-secret-wrong-secret-wrong-secret', { failover: false });
  try {
    await stranger.listRooms();
    throw new Error('a wrongly signed token was accepted');
  } catch (e) {
    check(e.status === 401 && e.code === undefined && e.message.startsWith('invalid authorization token: '),
      'a wrongly signed token gets the plain-text 401', { status: e.status, code: e.code, message: e.message });
  }
}

main().then(
  () => console.log('ok all checks passed'),
  (e) => {
    console.error(`FAIL: ${e.message}`);
    process.exit(1);
  },
);
