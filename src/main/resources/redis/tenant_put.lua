-- Creates or replaces one tenant of the admin API, atomically (all keys share the {_tenants} slot).
-- KEYS: entries, version, pnkey, app.  ARGV: id, body JSON, plugNmeet api_key or '', sdkappid or '', channel.
-- Returns {version} or {0, 'plugnmeet.api_key' | 'tencent.sdkappid'} when another API tenant has that credential.
local id, body, key, app = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if key ~= '' then
  local owner = redis.call('HGET', KEYS[3], key)
  if owner and owner ~= id then return {0, 'plugnmeet.api_key'} end
end
if app ~= '' then
  local owner = redis.call('HGET', KEYS[4], app)
  if owner and owner ~= id then return {0, 'tencent.sdkappid'} end
end
local old = redis.call('HGET', KEYS[1], id)
if old then
  local meta = cjson.decode(string.match(old, '^%d+\n([^\n]*)\n'))
  if meta.k ~= '' then redis.call('HDEL', KEYS[3], meta.k) end
  if meta.a ~= '' then redis.call('HDEL', KEYS[4], meta.a) end
end
if key ~= '' then redis.call('HSET', KEYS[3], key, id) end
if app ~= '' then redis.call('HSET', KEYS[4], app, id) end
local v = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], id, v .. '\n' .. cjson.encode({k = key, a = app}) .. '\n' .. body)
local t = redis.call('TIME')
redis.call('PUBLISH', ARGV[5], v .. ' ' .. id .. ' ' .. (t[1] * 1000 + math.floor(t[2] / 1000)))
return {v}
