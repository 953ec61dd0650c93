-- Every tenant of the admin API and the version they are at, read atomically (a node's catch-up).
-- KEYS: entries, version.  Returns {version, {id, entry, id, entry, ...}}.
return {tonumber(redis.call('GET', KEYS[2]) or '0'), redis.call('HGETALL', KEYS[1])}
