// Calls a running roomgate's Tencent dialect over https with a UserSig made by Tencent's official Node package, as an
// app's back end does (Tencent ships no REST client; its REST examples are plain HTTPS POSTs).
// Env: ROOMGATE_URL (https://host:port), SDKAPPID, SECRET_KEY, IDENTIFIER; NODE_EXTRA_CA_CERTS names the test CA.
// Exits non-zero on the first mismatch.
import TLSSigAPIv2 from 'tls-sig-api-v2';

const { ROOMGATE_URL, SDKAPPID, SECRET_KEY, IDENTIFIER } = process.env;
const sig = new TLSSigAPIv2.Api(Number(SDKAPPID), SECRET_KEY).genUserSig(IDENTIFIER, 3600);
const roomId = `https-room-${Date.now()}`;

async function call(action, body) {
  const q = new URLSearchParams({ sdkappid: SDKAPPID, identifier: IDENTIFIER, usersig: sig,
    random: String(Math.floor(Math.random() * 4294967295)), contenttype: 'json' });
  const res = await fetch(`${ROOMGATE_URL}/v4/live_engine_http_srv/${action}?${q}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

function check(label, condition, detail) {
  if (!condition) {
    console.error(`FAIL ${label}: ${JSON.stringify(detail)}`);
    process.exit(1);
  }
  console.log(`ok ${label}`);
}

const created = await call('create_room', { RoomInfo: { RoomId: roomId, RoomType: 'Live',
  RoomName: 'https room', MaxMemberCount: 10 } });
check('create_room over https', created.status === 200 && created.json.ErrorCode === 0, created);
const info = await call('get_room_info', { RoomId: roomId });
check('get_room_info over https', info.json.ErrorCode === 0 && JSON.stringify(info.json).includes(roomId), info);
const destroyed = await call('destroy_room', { RoomId: roomId });
check('destroy_room over https', destroyed.json.ErrorCode === 0, destroyed);
