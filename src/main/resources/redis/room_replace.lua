-- Replaces an active room's record, only if the room is active.
-- KEYS[1] rg:{t}:active   ARGV[1] roomId   ARGV[2] record JSON
-- Returns 1 when replaced, 0 when the room is not active.
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
