-- Stores an active room unless one with the same id is active; HSETNX that also returns the winner.
-- KEYS[1] rg:{t}:active   ARGV[1] roomId   ARGV[2] record JSON
-- Returns 1 when stored, else the JSON of the room that is active.
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then
  return 1
end
return redis.call('HGET', KEYS[1], ARGV[1])
