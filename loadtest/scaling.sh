#!/usr/bin/env bash
# Cost as work grows: the hot read with 10 vs 10,000 configured tenants and 100 vs 100,000 active rooms (in-process
# store, or Redis with REDIS=1). For each shape: a fresh gateway, the rooms created through the API (16 Python threads), then
# wrk -t1 -c64 reading random (tenant, room) pairs, each request signed with its tenant's secret (pre-signed by
# Python, so the load generator does no HMAC). Prints requests/s, p50, p99 and the heap in use after a full GC.
#   mvn -q -DskipTests package && loadtest/scaling.sh [seconds per run, default 10] [rounds, default 2]
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}; ROUNDS=${2:-2}
JAR=target/roomgate.jar
OPTS=${GATEWAY_OPTS:-}
WORK=$(mktemp -d /tmp/roomgate-scaling.XXXXXX)
GW=
REDIS_PID=
trap '[ -n "$GW" ] && kill $GW 2>/dev/null; [ -n "$REDIS_PID" ] && kill $REDIS_PID 2>/dev/null || true' EXIT
. loadtest/ports.sh
if [ -n "${REDIS:-}" ]; then
  free_port REDIS_PORT
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  for _ in $(seq 1 100); do grep -q "Ready to accept" "$WORK/redis.log" && break; sleep 0.1; done
fi

# tenants rooms: the shapes (rooms = total active rooms, spread evenly over the tenants)
# SHAPES="10 100000" (env) runs one shape; PRESENCE_MAX_AGE_MS sets livekit.presence_max_age_ms (default 15000);
# REDIS=1 runs every shape on a local redis-server (flushed between shapes; its memory is printed per shape), and
# READ_CACHE_MS then sets redis.read_cache_ms
if [ -n "${SHAPES:-}" ]; then SHAPES=("$SHAPES"); else SHAPES=("10 100" "10000 100" "10 100000" "10000 100000"); fi

lua() { # read tenants rooms file: a wrk script cycling through pre-signed reads of random (tenant, room) pairs
  python3 - "$@" <<'PY'
import hashlib, hmac, random, sys
tenants, rooms, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
pairs = [(i % tenants, i // tenants) for i in range(rooms)]  # room j of tenant t is "r<j>", as seed() creates them
random.seed(1)
pairs = [random.choice(pairs) for _ in range(max(1000, min(rooms, 100000)))]
# the pre-signed requests are a data file ("api-key signature body" per line), read in init(): a Lua table literal
# of 100,000 entries exceeds Lua's 65,536 constants per function
with open(out + ".data", "w") as data:
    for t, j in pairs:
        body = '{"room_id":"r%d"}' % j
        sig = hmac.new(("loadtest-secret-%d-0123456789abcdef" % t).encode(), body.encode(), hashlib.sha256).hexdigest()
        data.write("lt%d-key %s %s\n" % (t, sig, body))
# wrk.format needs the Host header, which wrk sets only after the script is loaded: format in init()
script = """local reqs, i = {}, 0
function init(args)
  for line in io.lines("%s") do
    local key, sig, body = line:match("^(%%S+) (%%S+) (.*)$")
    reqs[#reqs + 1] = wrk.format("POST", "/auth/room/getActiveRoomInfo",
      {["Content-Type"] = "application/json", ["API-KEY"] = key, ["HASH-SIGNATURE"] = sig}, body)
  end
end
function request() i = i + 1; if i > #reqs then i = 1 end; return reqs[i] end
""" % (out + ".data")
open(out, "w").write(script)
PY
}

seed() { # tenants rooms: create every room once through the API; prints "N rooms in S s"
  python3 - "$1" "$2" "$PORT" <<'PY'
import hashlib, hmac, http.client, sys, threading, time
tenants, rooms, port = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
start, failures = time.time(), []
def work(k):
    c = http.client.HTTPConnection("127.0.0.1", port)
    for i in range(k, rooms, 16):
        t, j = i % tenants, i // tenants
        body = '{"room_id":"r%d","metadata":{"room_title":"Room %d","room_features":{"allow_webcams":true}}}' % (j, j)
        sig = hmac.new(("loadtest-secret-%d-0123456789abcdef" % t).encode(), body.encode(), hashlib.sha256).hexdigest()
        c.request("POST", "/auth/room/create", body, {"Content-Type": "application/json", "API-KEY": "lt%d-key" % t,
                                                      "HASH-SIGNATURE": sig})
        answer = c.getresponse().read()
        if b'"status":true' not in answer:
            failures.append(answer)
threads = [threading.Thread(target=work, args=(k,)) for k in range(16)]
[t.start() for t in threads]; [t.join() for t in threads]
if failures:
    sys.exit("seeding failed: %d, e.g. %s" % (len(failures), failures[0][:200]))
print("%d rooms in %.0f s" % (rooms, time.time() - start))
PY
}

start() { # tenants
  local api mgmt lk
  free_port api; free_port mgmt; free_port lk
  {
    echo "server: {host: 127.0.0.1, port: $api}"
    echo "management: {host: 127.0.0.1, port: $mgmt}"
    [ -n "$REDIS_PID" ] && echo "redis: {url: \"redis://127.0.0.1:$REDIS_PORT\"${READ_CACHE_MS:+, read_cache_ms: $READ_CACHE_MS}}"
    echo "livekit: {api_key: k, api_secret: loadtest-livekit-secret-0123456789abcdef, embedded_port: $lk${PRESENCE_MAX_AGE_MS:+, presence_max_age_ms: $PRESENCE_MAX_AGE_MS}}"
    echo "tenants:"
    for ((i = 0; i < $1; i++)); do
      echo "  - {id: lt$i, rate_limit: {qps: 100000000}, plugnmeet: {api_key: lt$i-key, api_secret: loadtest-secret-$i-0123456789abcdef}}"
    done
  } >"$WORK/gw.yaml"
  # shellcheck disable=SC2086
  java $OPTS -jar "$JAR" --config "$WORK/gw.yaml" >"$WORK/gw.log" 2>&1 &
  GW=$!; PORT=$api
  for _ in $(seq 1 300); do grep -q "roomgate ready" "$WORK/gw.log" && return 0; sleep 0.1; done
  cat "$WORK/gw.log" >&2; exit 1
}

heap_mb() { jcmd "$GW" GC.run >/dev/null; jcmd "$GW" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {sub(/K,?/,"",$(i+1)); print int($(i+1)/1024); exit}}'; }

echo "wrk -t1 -c64 ${SECS}s x $ROUNDS; GATEWAY_OPTS='$OPTS'; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %-8s %10s %9s %9s %8s %s\n' tenants rooms req/s p50 p99 heapMB non-2xx
for shape in "${SHAPES[@]}"; do
  read -r tenants rooms <<<"$shape"
  lua "$tenants" "$rooms" "$WORK/read.lua"
  [ -n "$REDIS_PID" ] && redis-cli -p "$REDIS_PORT" FLUSHALL >/dev/null
  start "$tenants"
  seeded=$(seed "$tenants" "$rooms")
  wrk -t1 -c64 -d10s -s "$WORK/read.lua" "http://127.0.0.1:$PORT" >/dev/null # warm-up
  for round in $(seq 1 "$ROUNDS"); do
    out=$(wrk -t1 -c64 -d"${SECS}s" --latency -s "$WORK/read.lua" "http://127.0.0.1:$PORT")
    printf '%-8s %-8s %10s %9s %9s %8s %s\n' "$tenants" "$rooms" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
      "$(awk '$1=="50%" {print $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")" "$(heap_mb)" \
      "$(awk '/Non-2xx/ {print $5}' <<<"$out")"
  done
  echo "         (created: $seeded${REDIS_PID:+; redis-server $(redis-cli -p "$REDIS_PORT" INFO memory | \
    awk -F: '/^used_memory_human/ {sub(/\r/, "", $2); print $2}') in use})"
  kill "$GW"; wait "$GW" 2>/dev/null || true; GW=
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
