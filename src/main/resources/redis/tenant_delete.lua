-- Deletes one tenant of the admin API, atomically. KEYS: entries, version, pnkey, app.  ARGV: id, channel.
-- Returns the change's version, or 0 when there was no such tenant.
local id = ARGV[1]
local old = redis.call('HGET', KEYS[1], id)
if not old then return 0 end
local meta = cjson.decode(string.match(old, '^%d+\n([^\n]*)\n'))
if meta.k ~= '' then redis.call('HDEL', KEYS[3], meta.k) end
if meta.a ~= '' then redis.call('HDEL', KEYS[4], meta.a) end
redis.call('HDEL', KEYS[1], id)
local v = redis.call('INCR', KEYS[2])
local t = redis.call('TIME')
redis.call('PUBLISH', ARGV[2], v .. ' ' .. id .. ' ' .. (t[1] * 1000 + math.floor(t[2] / 1000)))
return v
