-- Stores an active room unless one with the same id is active, and only while the tenant is below its limit of
-- active rooms: the check, the count and the store are one atomic step for every gateway sharing this Redis.
-- KEYS[1] rg:{t}:active   ARGV[1] roomId   ARGV[2] record JSON   ARGV[3] max active rooms of the tenant
-- Returns 1 when stored, 0 when refused at the limit (nothing changed), else the JSON of the room that is active.
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  return current
end
if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
