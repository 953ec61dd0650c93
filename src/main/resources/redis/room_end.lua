-- Ends an active room in one atomic step: active hash -> past entry.
-- KEYS[1] rg:{t}:active     KEYS[2] rg:{t}:past      KEYS[3] rg:{t}:past:rec
-- KEYS[4] rg:{t}:past:seq   KEYS[5] rg:{t}:past:room:<roomId>
-- ARGV[1] roomId   ARGV[2] endedAt (integer unix seconds)
-- Returns the ended record JSON, or nil when the room was not active.
--
-- The active JSON never holds "e" (endedAt); it is appended before the closing brace instead of
-- decoding and re-encoding with cjson, which would rewrite numbers the record carries (see RoomRecordJson).
local rec = redis.call('HGET', KEYS[1], ARGV[1])
if not rec then
  return false
end
if string.sub(rec, -1) ~= '}' or not string.match(ARGV[2], '^%d+$') then
  return redis.error_reply('ERR roomgate: malformed room record or endedAt')
end
redis.call('HDEL', KEYS[1], ARGV[1])
local ended = string.sub(rec, 1, -2) .. ',"e":' .. ARGV[2] .. '}'
local id = string.format('%016d', redis.call('INCR', KEYS[4]))
redis.call('HSET', KEYS[3], id, ended)
redis.call('ZADD', KEYS[2], ARGV[2], id)
redis.call('ZADD', KEYS[5], ARGV[2], id)
return ended
