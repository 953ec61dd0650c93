#!/usr/bin/env bash
# Cost as work grows: the hot read with 10 vs 10,000 configured tenants and 100 vs 100,000 active rooms (in-process
# store, or Redis with REDIS=1). For each shape: a fresh gateway, the rooms created through the API (16 Python threads), then
# wrk -t1 -c64 reading random (tenant, room) pairs, each request signed with its tenant's secret (pre-signed by
# Python, so the load generator does no HMAC). Prints requests/s, p50, p99 and the heap in use after a full GC.
#   mvn -q -DskipTests package && loadtest/scaling.sh [seconds per run, default 10] [rounds, default 2]
#   COMPARE="old.jar target/roomgate.jar" [REDIS=1] loadtest/scaling.sh 10 2   # see COMPARE below
#   REDIS_EXTRA="pool_size: 64" (redis settings of every gateway; REDIS_EXTRA_0, REDIS_EXTRA_1, ...: of one jar of COMPARE)
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
        for attempt in range(5):  # a busy machine may trip the embedded LiveKit's breaker: retry, as a client would
            c.request("POST", "/auth/room/create", body, {"Content-Type": "application/json",
                                                          "API-KEY": "lt%d-key" % t, "HASH-SIGNATURE": sig})
            answer = c.getresponse().read()
            if b'"status":true' in answer:
                break
            time.sleep(0.5)
        else:
            failures.append(answer)
threads = [threading.Thread(target=work, args=(k,)) for k in range(16)]
[t.start() for t in threads]; [t.join() for t in threads]
if failures:
    sys.exit("seeding failed: %d, e.g. %s" % (len(failures), failures[0][:200]))
print("%d rooms in %.0f s" % (rooms, time.time() - start))
PY
}

seed_fast() { # tenants rooms: wrk sends every create twice (create is idempotent: the second is a retry of a
  # failed first); prints "N rooms in S s"
  local t0=$SECONDS
  python3 - "$1" "$2" "$WORK/create" <<'PY'
import hashlib, hmac, sys
tenants, rooms, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
with open(out + ".data", "w") as data:
    for i in range(rooms):
        t, j = i % tenants, i // tenants
        body = '{"room_id":"r%d","metadata":{"room_title":"Room %d","room_features":{"allow_webcams":true}}}' % (j, j)
        sig = hmac.new(("loadtest-secret-%d-0123456789abcdef" % t).encode(), body.encode(), hashlib.sha256).hexdigest()
        data.write("lt%d-key %s %s\n" % (t, sig, body))
open(out + ".lua", "w").write("""local reqs, i, limit = {}, 0, 0
function init(args)
  for line in io.lines("%s") do
    local key, sig, body = line:match("^(%%S+) (%%S+) (.*)$")
    reqs[#reqs + 1] = wrk.format("POST", "/auth/room/create",
      {["Content-Type"] = "application/json", ["API-KEY"] = key, ["HASH-SIGNATURE"] = sig}, body)
  end
  limit = 2 * #reqs
end
function request() i = i + 1; return reqs[(i - 1) %% #reqs + 1] end
local said = false
function response()  -- wrk cannot end a run early: tell the script, which stops it
  if i >= limit and not said then said = true; local f = io.open("%s", "w"); f:write("done"); f:close() end
end
""" % (out + ".data", out + ".done"))
PY
  rm -f "$WORK/create.done"
  wrk -t1 -c32 -d3600s -s "$WORK/create.lua" "http://127.0.0.1:$PORT" >/dev/null &
  local w=$!
  while [ ! -e "$WORK/create.done" ] && kill -0 "$w" 2>/dev/null; do sleep 0.5; done
  kill "$w" 2>/dev/null; wait "$w" 2>/dev/null || true
  echo "$2 rooms in $((SECONDS - t0)) s (every create sent twice; a room that failed both shows as not-true below)"
}

seed_redis() { # tenants rooms redis-port: room r0 of each tenant through the API, the others cloned from it
  # straight into Redis (seconds instead of minutes; LiveKit does not know the clones, so their syncs answer
  # not_found); prints "N rooms in S s"
  local t0=$SECONDS
  local n; for n in 1 2 3 4 5; do seed "$1" "$1" >/dev/null && break; [ "$n" = 5 ] && return 1; sleep 2; done
  python3 - "$1" "$2" "$3" <<'PY' | redis-cli -p "$3" --pipe >/dev/null
import subprocess, sys
tenants, rooms, rport = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def resp(*args):
    out = "*%d\r\n" % len(args)
    for a in args:
        b = a.encode()
        out += "$%d\r\n%s\r\n" % (len(b), a)
    return out
for t in range(tenants):
    key = "rg:{lt%d}:active" % t
    template = subprocess.run(["redis-cli", "-p", rport, "HGET", key, "r0"], capture_output=True, text=True).stdout.strip()
    assert template.startswith("{"), template
    for j in range(1, (rooms - t + tenants - 1) // tenants):
        rec = template.replace('"r":"r0"', '"r":"r%d"' % j).replace("Room 0", "Room %d" % j) \
            .replace('"s":"RM_', '"s":"RM_%d_' % j)
        sys.stdout.write(resp("HSET", key, "r%d" % j, rec))
PY
  echo "$2 rooms in $((SECONDS - t0)) s (r0 of each tenant through the API, the rest cloned in Redis)"
}

start() { # tenants [jar] [redis port]: sets GW, PORT and MGMT
  local api mgmt lk jar=${2:-$JAR} rport=${3:-${REDIS_PORT:-}}
  free_port api; free_port mgmt; free_port lk
  {
    echo "server: {host: 127.0.0.1, port: $api}"
    echo "management: {host: 127.0.0.1, port: $mgmt}"
    [ -n "$rport" ] && echo "redis: {url: \"redis://127.0.0.1:$rport\"${READ_CACHE_MS:+, read_cache_ms: $READ_CACHE_MS}${REDIS_EXTRA:+, $REDIS_EXTRA}}"
    echo "livekit: {api_key: k, api_secret: loadtest-livekit-secret-0123456789abcdef, embedded_port: $lk${PRESENCE_MAX_AGE_MS:+, presence_max_age_ms: $PRESENCE_MAX_AGE_MS}${LIVEKIT_EXTRA:+, $LIVEKIT_EXTRA}}"
    echo "tenants:"
    local i; for ((i = 0; i < $1; i++)); do
      echo "  - {id: lt$i, rate_limit: {qps: 100000000}, plugnmeet: {api_key: lt$i-key, api_secret: loadtest-secret-$i-0123456789abcdef}}"
    done
  } >"$WORK/gw$api.yaml"
  # shellcheck disable=SC2086
  java $OPTS -jar "$jar" --config "$WORK/gw$api.yaml" >"$WORK/gw$api.log" 2>&1 &
  GW=$!; PORT=$api; MGMT=$mgmt
  for _ in $(seq 1 300); do grep -q "roomgate ready" "$WORK/gw$api.log" && return 0; sleep 0.1; done
  cat "$WORK/gw$api.log" >&2; exit 1
}

heap_mb() { jcmd "$GW" GC.run >/dev/null; jcmd "$GW" GC.heap_info | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {sub(/K,?/,"",$(i+1)); print int($(i+1)/1024); exit}}'; }

# COMPARE="old.jar new.jar" (issue 14's presence check): the jars interleaved in one run, so that a busy machine
# weighs on both alike. Per jar one gateway (REDIS=1: with a redis-server of its own) holding COMPARE_ROOMS rooms
# (default 100,000 over 10 tenants) whose presence is older than livekit.presence_max_age_ms (PRESENCE_MAX_AGE_MS,
# 1000 here); then, after a warm-up of both reads per jar, round after round and jar after jar, wrk reads one room
# ("one") and every room uniformly ("all").
# Per run: requests/s, p99, answers that were not HTTP 200 with "status":true (checked by wrk's Lua on every body;
# CHECK=server: from the gateway's roomgate_requests_seconds{outcome} instead, see below), the ListParticipants calls
# the gateway made (per second: mean over the run and the largest ~1 s sample), and Redis commands per request
# (total_commands_processed). Ends with all/one per jar. REDIS=1 SEED_REDIS=1 seeds by cloning room records in Redis
# (LIVEKIT_EXTRA="reconcile_interval_ms: 0" then keeps the reconciler from re-creating them all in LiveKit).
if [ -n "${COMPARE:-}" ]; then
  read -r -a JARS <<<"$COMPARE"
  CT=10; CR=${COMPARE_ROOMS:-100000}
  PRESENCE_MAX_AGE_MS=${PRESENCE_MAX_AGE_MS:-1000}
  checked_lua() { # tenants rooms file: the reads, each answer checked
    lua "$1" "$2" "$3"
    cat >>"$3" <<'LUA'
bad = 0
function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"status":true', 1, true) then bad = bad + 1 end
end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  io.write("NOT_TRUE " .. b .. "\n")
end
LUA
  }
  checked_lua "$CT" "$CR" "$WORK/all.lua"
  checked_lua 1 1 "$WORK/one.lua" # room r0 of tenant lt0
  # CHECK=server: wrk hands no body to Lua (a distinct 2 KB body per uniform read costs LuaJIT ~10 us of the two
  # cores more than the one room's repeated one); the gateway's own count of what it answered checks every answer
  if [ "${CHECK:-client}" = server ]; then
    lua "$CT" "$CR" "$WORK/all.lua"; lua 1 1 "$WORK/one.lua"
  fi
  # the gateway's finished getActiveRoomInfo requests: "success total client_closed" (answers of status:true,
  # all, and those whose client left before the end: wrk's connections at the end of a run)
  answers() { curl -s "http://127.0.0.1:$1/metrics" | awk '/^roomgate_requests_seconds_count\{.*api="getActiveRoomInfo"/ {
      n += $2; if ($0 ~ /outcome="success"/) s += $2; if ($0 ~ /outcome="client_closed"/) c += $2 }
      END {printf "%d %d %d\n", s, n, c}'; }
  syncs() { curl -s "http://127.0.0.1:$1/metrics" | awk '/^roomgate_livekit_calls_seconds_count\{.*method="ListParticipants"/ {s += $2} END {printf "%d\n", s}'; }
  rcmds() { [ -z "$1" ] && { echo 0; return; }; redis-cli -p "$1" INFO stats | awk -F: '/^total_commands_processed/ {sub(/\r/, "", $2); print $2}'; }
  ticks() { [ -n "$1" ] && awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; } # CPU used by a pid, in clock ticks
  idle() { awk '/^cpu / {print $5 + $6, $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; } # idle, steal, total ticks
  GWS=(); PORTS=(); MGMTS=(); RPORTS=(); RPIDS=()
  trap 'for p in "${GWS[@]}" "${RPIDS[@]}" $REDIS_PID; do kill "$p" 2>/dev/null; done; true' EXIT
  for k in "${!JARS[@]}"; do
    rp=
    if [ -n "${REDIS:-}" ]; then
      free_port rp
      redis-server --port "$rp" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis$rp.log" 2>&1 &
      RPIDS+=($!)
      for _ in $(seq 1 100); do grep -q "Ready to accept" "$WORK/redis$rp.log" && break; sleep 0.1; done
    fi
    extra="REDIS_EXTRA_$k"; REDIS_EXTRA=${!extra:-${REDIS_EXTRA:-}} start "$CT" "${JARS[$k]}" "$rp" # REDIS_EXTRA_0, _1: per jar
    GWS+=("$GW"); PORTS+=("$PORT"); MGMTS+=("$MGMT"); RPORTS+=("$rp")
    if [ -n "${SEED_REDIS:-}" ] && [ -n "$rp" ]; then seeded=$(seed_redis "$CT" "$CR" "$rp") || exit 1
    else seeded=$(seed_fast "$CT" "$CR") || exit 1; fi
    echo "${JARS[$k]}: $seeded${rp:+, redis-server $(redis-cli -p "$rp" INFO memory | \
      awk -F: '/^used_memory_human/ {sub(/\r/, "", $2); print $2}') in use}"
    # warm-up of both reads (WARMUP_SECS each, default 10): without it round 1's "all" ran on code the JIT had not
    # compiled yet (20-30 % below rounds 2-3 in the runs of 2026-12-03), a handicap no later round has
    for read in ${READS:-one all}; do
      wrk -t1 -c64 -d"${WARMUP_SECS:-10}s" -s "$WORK/$read.lua" "http://127.0.0.1:$PORT" >/dev/null
    done
  done
  sleep $(( (PRESENCE_MAX_AGE_MS + 999) / 1000 + 1 )) # every room's presence is older than the max age now
  echo "wrk -t1 -c64 ${SECS}s x $ROUNDS; ${REDIS:+REDIS=1 }PRESENCE_MAX_AGE_MS=$PRESENCE_MAX_AGE_MS; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  # gw-cpu / redis-cpu / wrk-cpu: cores the gateway / redis-server / wrk used during the run; idle / steal: the
  # machine's idle share and the share its hypervisor gave to others (a shared VM: rounds with much steal are not
  # comparable)
  printf '%-4s %-5s %-4s %10s %9s %9s %12s %12s %10s %6s %9s %7s %5s %5s %s\n' jar round read req/s p99 not-true \
    syncs/s-mean syncs/s-max redis/req gw-cpu redis-cpu wrk-cpu idle steal path
  : >"$WORK/results"
  for round in $(seq 1 "$ROUNDS"); do
    for k in "${!JARS[@]}"; do
      for read in ${READS:-one all}; do
        m=${MGMTS[$k]}
        ( while :; do echo "$(date +%s.%N) $(syncs "$m")"; sleep 1; done ) >"$WORK/syncs" 2>/dev/null &
        sampler=$!
        read -r as0 an0 ac0 < <(answers "$m")
        c0=$(rcmds "${RPORTS[$k]}"); g0=$(ticks "${GWS[$k]}"); r0=$(ticks "${RPIDS[$k]:-}"); read -r i0 s0 a0 < <(idle)
        # the CPU wrk itself used (user + system seconds, printed by bash's time): it shares the cores
        out=$( { TIMEFORMAT='WRK_CPU %U %S'; time wrk -t1 -c64 -d"${SECS}s" --latency -s "$WORK/$read.lua" \
          "http://127.0.0.1:${PORTS[$k]}"; } 2>&1 )
        read -r as1 an1 ac1 < <(answers "$m")
        c1=$(rcmds "${RPORTS[$k]}"); g1=$(ticks "${GWS[$k]}"); r1=$(ticks "${RPIDS[$k]:-}"); read -r i1 s1 a1 < <(idle)
        sleep 0.2; kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
        reqs=$(awk '/requests in/ {print $1}' <<<"$out")
        # not-true: the Lua check's count, or (CHECK=server) the answers the gateway finished that were not status:true
        # (less those whose client had left: nobody received them) or wrk's non-2xx if more, plus any answers wrk
        # received beyond those the gateway finished (none can be)
        if [ "${CHECK:-client}" = server ]; then
          bad=$(awk -v s="$((as1 - as0))" -v n="$((an1 - an0))" -v c="$((ac1 - ac0))" -v r="$reqs" \
            -v h="$(awk '/Non-2xx/ {print $5}' <<<"$out")" \
            'BEGIN {b = n - s - c; if (h > b) b = h; if (r > n - c) b += r - (n - c); printf "%d", b}')
        else
          bad=$(awk '/NOT_TRUE/ {print $2}' <<<"$out")
        fi
        rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
        per=$(awk 'NR > 1 && $1 > t {r = ($2 - c) / ($1 - t); if (r > max) max = r} {if (NR == 1) {t0 = $1; c0 = $2} t = $1; c = $2}
          END {printf "%.0f %.0f\n", (t > t0 ? (c - c0) / (t - t0) : 0), max}' "$WORK/syncs")
        cmds=$([ -n "${RPORTS[$k]}" ] && awk -v a="$c0" -v b="$c1" -v n="$reqs" 'BEGIN {printf "%.2f", (b - a) / n}' || echo -)
        wcpu=$(awk '/^WRK_CPU/ {print $2 + $3}' <<<"$out")
        cpu=$(awk -v g="$((g1 - g0))" -v r="$((r1 - r0))" -v i="$((i1 - i0))" -v s="$((s1 - s0))" -v a="$((a1 - a0))" -v hz="$(getconf CLK_TCK)" \
          -v n="$(nproc)" -v w="$wcpu" 'BEGIN {t = a / hz / n; printf "%.2f %.2f %.2f %.0f%% %.0f%%", g / hz / t, r / hz / t, w / t, 100 * i / a, 100 * s / a}')
        printf '%-4s %-5s %-4s %10s %9s %9s %12s %12s %10s %6s %9s %7s %5s %5s %s\n' "$k" "$round" "$read" "$rps" \
          "$(awk '$1=="99%" {print $2}' <<<"$out")" "$bad" $per "$cmds" $cpu "${JARS[$k]}"
        echo "$k $read $rps" >>"$WORK/results"
      done
    done
  done
  awk '{s[$1" "$2] += $3; n[$1" "$2]++} END {for (k in s) m[k] = s[k] / n[k];
    for (i = 0; (i" one") in m; i++) printf "jar %d: all/one = %.0f / %.0f = %.2f\n", i, m[i" all"], m[i" one"], m[i" all"] / m[i" one"]}' "$WORK/results"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi

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
