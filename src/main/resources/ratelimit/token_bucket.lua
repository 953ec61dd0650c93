-- One token-bucket decision, atomic on the Redis server (roomgate's distributed rate limiter); a busy node may take
-- several tokens at once (a lease it spends locally).
-- KEYS[1]  the bucket hash {t = tokens (float), ts = last refill, microseconds}, e.g. rg:{acme}:rl:app
-- ARGV[1]  rate: tokens per second
-- ARGV[2]  capacity (burst)
-- ARGV[3]  "now" in microseconds, or "" to use the Redis server's clock (TIME); tests pin it
-- ARGV[4]  tokens wanted (default 1): as many as are there, up to this, are granted
-- ARGV[5]  tokens owed (default 0): what the calling node admitted on its own while Redis did not answer; taken
--          from the bucket first, down to empty (a refill the outage already paid for is not paid again)
-- Returns { tokens granted (0 = limited), remaining whole tokens,
--           microseconds until the next whole token (0 if one is there), milliseconds until the bucket is full }
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local now
if ARGV[3] ~= nil and ARGV[3] ~= '' then
  now = tonumber(ARGV[3])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end

local state = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity -- a new (or expired) bucket starts full
  ts = now
end
if now > ts then
  tokens = math.min(capacity, tokens + (now - ts) * rate / 1000000)
else
  now = ts -- the clock went back (failover to another server): never refill twice
end

local owed = tonumber(ARGV[5]) or 0
if owed > 0 then
  tokens = math.max(0, tokens - owed)
end

local wanted = tonumber(ARGV[4]) or 1
local granted = math.min(wanted, math.floor(tokens))
if granted < 0 then
  granted = 0
end
tokens = tokens - granted

local next_us = 0
if tokens < 1 then
  -- floor: the caller may reject locally until then, so this must never be later than the real next token
  next_us = math.floor((1 - tokens) * 1000000 / rate)
end
local full_ms = math.ceil((capacity - tokens) * 1000 / rate)

-- '%.0f' keeps all digits of the microsecond clock (Lua's default number format keeps only 14)
redis.call('HSET', KEYS[1], 't', string.format('%.6f', tokens), 'ts', string.format('%.0f', now))
-- An idle bucket is full again after capacity/rate seconds: keep it twice that long, then let it go.
redis.call('PEXPIRE', KEYS[1], math.max(1000, 2 * math.ceil(capacity * 1000 / rate)))
return { granted, math.floor(tokens), next_us, full_ms }
