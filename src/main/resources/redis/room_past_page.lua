-- One page of a tenant's past rooms, ordered by end time (ties: the order in which they ended).
-- KEYS[1] rg:{t}:past   KEYS[2] rg:{t}:past:rec   KEYS[3..n] rg:{t}:past:room:<roomId> (room_ids filter;
-- none = all rooms)
-- ARGV[1] from (>= 0)   ARGV[2] limit (>= 0)   ARGV[3] '1' = descending
-- Returns {total, json1, json2, ...}.
local from = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local desc = ARGV[3] == '1'
local total
local ids = {}
if #KEYS == 2 then
  total = redis.call('ZCARD', KEYS[1])
  if limit > 0 then
    if desc then
      ids = redis.call('ZREVRANGE', KEYS[1], from, from + limit - 1)
    else
      ids = redis.call('ZRANGE', KEYS[1], from, from + limit - 1)
    end
  end
else
  local all = {}
  for i = 3, #KEYS do
    local m = redis.call('ZRANGE', KEYS[i], 0, -1, 'WITHSCORES')
    for j = 1, #m, 2 do
      all[#all + 1] = { tonumber(m[j + 1]), m[j] }
    end
  end
  local function before(a, b)
    if a[1] ~= b[1] then
      return a[1] < b[1]
    end
    return a[2] < b[2]
  end
  if desc then
    table.sort(all, function(a, b) return before(b, a) end)
  else
    table.sort(all, before)
  end
  total = #all
  for i = from + 1, math.min(from + limit, total) do
    ids[#ids + 1] = all[i][2]
  end
end
local out = { total }
if #ids > 0 then
  local recs = redis.call('HMGET', KEYS[2], unpack(ids))
  for i = 1, #recs do
    if recs[i] then
      out[#out + 1] = recs[i]
    end
  end
end
return out
