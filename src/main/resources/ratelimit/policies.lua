-- One rate-limit decision over every policy a request draws from, all or nothing, atomic on the Redis server
-- (roomgate's distributed limiter). Policies are token buckets and quotas over fixed windows aligned to the epoch.
-- A busy node may take several requests' tokens at once (a lease it spends locally).
-- KEYS[i]  policy i's state hash, all under the tenant's hash tag, e.g. rg:{acme}:rl:app, rg:{acme}:rl:q:day
--          bucket: {t = tokens (float), ts = last refill, microseconds}; quota: {n = tokens used, w = window start, s}
-- ARGV[1]  "now" in microseconds, or "" to use the Redis server's clock (TIME); tests pin it
-- ARGV[2]  cost: tokens one request takes from every policy
-- ARGV[3]  requests wanted: as many as every policy has room for, up to this, are granted; 0 only reads
-- ARGV[4]  tokens owed: what the calling node admitted on its own while Redis did not answer; taken from every
--          policy first (a bucket down to empty: a refill the outage already paid for is not paid again)
-- ARGV[2+3i], ARGV[3+3i], ARGV[4+3i]  policy i: a bucket's rate (tokens/s), 0, capacity; or a quota's limit, its
--          window in seconds, limit
-- Returns { requests granted (0 = limited), then per policy: remaining whole tokens, milliseconds until a bucket is
--           full or a window ends, microseconds until it has room for one more request (0 = it has) }
local now
if ARGV[1] ~= nil and ARGV[1] ~= '' then
  now = tonumber(ARGV[1])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local cost = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
local owed = tonumber(ARGV[4]) or 0
local n = #KEYS

local window, amount, capacity, level, stamp = {}, {}, {}, {}, {}
local granted = wanted
for i = 1, n do
  amount[i] = tonumber(ARGV[2 + 3 * i])
  window[i] = tonumber(ARGV[3 + 3 * i])
  capacity[i] = tonumber(ARGV[4 + 3 * i])
  if window[i] > 0 then
    local w = window[i] * 1000000
    local start = math.floor(now / w) * w
    local state = redis.call('HMGET', KEYS[i], 'n', 'w')
    local used = tonumber(state[1])
    local stored = tonumber(state[2])
    if used == nil or stored == nil then
      used = 0
    else
      stored = stored * 1000000
      if stored < start then
        used = 0 -- a new window
      elseif stored > start and stored % w == 0 then
        start = stored -- the clock went back (failover): the window stays
      end -- else the same window, or a reload made it longer: what was used stays
    end
    level[i] = used + owed
    stamp[i] = start
    local room = capacity[i] - level[i]
    granted = math.min(granted, math.floor(room / cost))
  else
    local state = redis.call('HMGET', KEYS[i], 't', 'ts')
    local tokens = tonumber(state[1])
    local ts = tonumber(state[2])
    if tokens == nil or ts == nil then
      tokens = capacity[i] -- a new (or expired) bucket starts full
      ts = now
    end
    tokens = math.min(capacity[i], tokens) -- a reload may have made it smaller
    if now > ts then
      tokens = math.min(capacity[i], tokens + (now - ts) * amount[i] / 1000000)
      ts = now
    end -- else the clock went back: never refill twice
    if owed > 0 then
      tokens = math.max(0, tokens - owed)
    end
    level[i] = tokens
    stamp[i] = ts
    granted = math.min(granted, math.floor(tokens / cost))
  end
end
if granted < 0 then
  granted = 0
end

local out = { granted }
local taken = granted * cost
local write = taken > 0 or owed > 0
for i = 1, n do
  local remaining, reset_ms, wait_us
  if window[i] > 0 then
    level[i] = level[i] + taken
    local ends = stamp[i] + window[i] * 1000000
    local room = capacity[i] - level[i]
    remaining = math.max(0, room)
    reset_ms = math.ceil((ends - now) / 1000)
    wait_us = 0
    if room < cost then
      wait_us = ends - now
    end
    if write then
      -- '%.0f' keeps every digit (Lua's default number format keeps only 14)
      redis.call('HSET', KEYS[i], 'n', string.format('%.0f', level[i]), 'w', string.format('%.0f', stamp[i] / 1000000))
      redis.call('PEXPIRE', KEYS[i], reset_ms + 1000)
    end
  else
    level[i] = level[i] - taken
    local rate = amount[i]
    remaining = level[i]
    reset_ms = math.ceil((capacity[i] - level[i]) * 1000 / rate)
    wait_us = 0
    if level[i] < cost then
      -- floor: the caller may reject locally until then, so this must never be later than the real room
      wait_us = math.floor((cost - level[i]) * 1000000 / rate)
    end
    if write then
      redis.call('HSET', KEYS[i], 't', string.format('%.6f', level[i]), 'ts', string.format('%.0f', stamp[i]))
      -- An idle bucket is full again after capacity/rate seconds: keep it twice that long, then let it go.
      redis.call('PEXPIRE', KEYS[i], math.max(1000, 2 * math.ceil(capacity[i] * 1000 / rate)))
    end
  end
  out[#out + 1] = math.floor(remaining)
  out[#out + 1] = reset_ms
  out[#out + 1] = math.floor(wait_us)
end
return out
