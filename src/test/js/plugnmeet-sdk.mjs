// Drives a running roomgate with the official plugNmeet JS SDK, as a tenant's back end would.
// Env: ROOMGATE_URL, PLUGNMEET_API_KEY, PLUGNMEET_API_SECRET. Exits non-zero on the first mismatch.
// The package ships CommonJS as its main entry; import it the way Node resolves it.
import sdk from 'plugnmeet-sdk-js';

const { PlugNmeet } = sdk;

const url = process.env.ROOMGATE_URL;
const key = process.env.PLUGNMEET_API_KEY;
const secret = process.env.PLUGNMEET_API_SECRET;
const roomId = `sdk-room-${Date.now()}`;

function check(label, condition, detail) {
  if (!condition) {
    console.error(`FAIL ${label}: ${JSON.stringify(detail)}`);
    process.exit(1);
  }
  console.log(`ok ${label}`);
}

const pnm = new PlugNmeet(url, key, secret);

const created = await pnm.createRoom({
  room_id: roomId,
  max_participants: 10,
  metadata: {
    room_title: 'SDK room',
    welcome_message: 'hello',
    room_features: { allow_webcams: true, mute_on_start: false, chat_features: { allow_chat: true } },
  },
});
check('createRoom', created.status === true && created.room_info?.room_id === roomId
  && created.room_info?.sid?.startsWith('RM_'), created);

const token = await pnm.getJoinToken({
  room_id: roomId,
  user_info: { name: 'Ada', user_id: 'ada', is_admin: true, is_hidden: false },
});
check('getJoinToken', token.status === true && typeof token.token === 'string' && token.token.split('.').length === 3, token);

const active = await pnm.isRoomActive({ room_id: roomId });
check('isRoomActive', active.status === true && active.is_active === true, active);

const info = await pnm.getActiveRoomInfo({ room_id: roomId });
check('getActiveRoomInfo', info.status === true && info.room?.room_info?.room_id === roomId
  && info.room.room_info.is_running === true && Array.isArray(info.room.participants_info), info);

const all = await pnm.getActiveRoomsInfo();
check('getActiveRoomsInfo', all.status === true && all.rooms.some((r) => r.room_info.room_id === roomId), all);

const ended = await pnm.endRoom({ room_id: roomId });
check('endRoom', ended.status === true, ended);

const stillActive = await pnm.isRoomActive({ room_id: roomId });
check('isRoomActive after end', stillActive.is_active === false, stillActive);

const past = await pnm.fetchPastRoomsInfo({ room_ids: [roomId], from: 0, limit: 10, order_by: 'DESC' });
check('fetchPastRoomsInfo', past.status === true && past.result?.total_rooms === 1
  && past.result.rooms_list[0].room_id === roomId, past);

const wrong = new PlugNmeet(url, key, 'not-the-secret');
const denied = await wrong.isRoomActive({ room_id: roomId });
check('wrong secret is refused', denied.status === false
  && denied.msg === 'Failed to verify provided authentication details.', denied);

console.log('all plugNmeet SDK checks passed');
