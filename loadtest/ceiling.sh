#!/usr/bin/env bash
# The hot read path against the ceiling, in one run on one machine: wrk -t1 -c64 POST getActiveRoomInfo of one
# existing room against (1) PlainServer, a plain Vert.x server answering the gateway's exact answer bytes,
# (2) roomgate on the in-process store, (3) roomgate on Redis (local redis-server). All servers run for the whole
# run (so all are JIT-warm); the wrk runs are interleaved, ROUNDS times, so a noisy neighbour hits each alike.
# Prints requests/s, p50, p99 per run, the gateway's CPU time per request and redis-server's (both from /proc).
#   mvn -q -DskipTests package && loadtest/ceiling.sh [seconds per run, default 10] [rounds, default 3]
# Environment: GATEWAY_OPTS (JVM flags of the gateways), EVENT_LOOPS (server.event_loops), TARGETS (default
# "plain inproc redis"), CONNECTIONS (wrk -c, default 64), WARMUP (seconds per target, default 10), DELAY_MS (pace
# each connection: about CONNECTIONS x 1000 / DELAY_MS requests/s at most, for latency at a fixed lower load).
# GATEWAY_OPTS defaults to none: the gateway is measured as users start it (`java -jar`).
# A target "inproc:NAME" or "redis:NAME" is one more gateway whose JVM flags are $OPTS_NAME instead of GATEWAY_OPTS
# and whose jar is $JAR_NAME if set, e.g. TARGETS="plain inproc inproc:pgc" OPTS_pgc="-XX:+UseParallelGC" compares
# two flag sets in one run; $REDIS_NAME adds keys to its redis section, e.g. REDIS_cache="read_cache_ms: 500", and
# $LOOPS_NAME sets its server.event_loops. A target "plain:N" is one more plain server that spins N µs of CPU per
# request (calibrates p99 against CPU cost per request).
# ALTERNATE=1 reverses the order of the targets in every other round, e.g. to compare JVM flags:
#   TARGETS="plain inproc inproc:flag redis redis:flag" OPTS_flag=-XX:-DontCompileHugeMethods ALTERNATE=1 \
#   loadtest/ceiling.sh 8 6
# PIN=1 runs every server on CPU 0 and wrk (and redis-server) on CPU 1 (taskset), as if the load came from another
# machine: the servers then see one core (one event loop each) and no longer compete with wrk for it.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}; ROUNDS=${2:-3}
TARGETS=${TARGETS:-plain inproc redis}
CONNS=${CONNECTIONS:-64}
GATEWAY_OPTS=${GATEWAY_OPTS:-}
SERVER_CPU=(); LOAD_CPU=()
[ "${PIN:-0}" = 1 ] && SERVER_CPU=(taskset -c 0) && LOAD_CPU=(taskset -c 1)
JAR=target/roomgate.jar
[ -f "$JAR" ] && [ -d target/test-classes/io/roomgate/bench ] || mvn -q -B -ntp -DskipTests package
SECRET=bench-secret-0123456789abcdef
WORK=$(mktemp -d /tmp/roomgate-ceiling.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
. loadtest/ports.sh
sign() { printf '%s' "$1" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //'; }
wait_for() { for _ in $(seq 1 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; cat "$1" >&2; exit 1; }

declare -A PORT PID
gateway() { # name, redis url or empty
  local api mgmt lk opts=$GATEWAY_OPTS jar=$JAR redis_extra="" loops=${EVENT_LOOPS:-}
  case "$1" in *:*) local var="OPTS_${1#*:}" jarvar="JAR_${1#*:}" redisvar="REDIS_${1#*:}" loopsvar="LOOPS_${1#*:}"
    opts=${!var-$GATEWAY_OPTS}; jar=${!jarvar:-$JAR}; redis_extra=${!redisvar:+, ${!redisvar}}
    loops=${!loopsvar:-$loops} ;; esac
  free_port api; free_port mgmt; free_port lk
  {
    echo "server: {host: 127.0.0.1, port: $api${loops:+, event_loops: $loops}}"
    echo "management: {host: 127.0.0.1, port: $mgmt}"
    [ -n "$2" ] && echo "redis: {url: \"$2\", pool_size: 16$redis_extra}"
    echo "livekit: {api_key: benchkey, api_secret: bench-livekit-secret-0123456789abcdef, embedded_port: $lk}"
    echo "tenants:"
    echo "  - id: bench"
    echo "    rate_limit: {qps: 100000000}"
    echo "    plugnmeet: {api_key: bench, api_secret: $SECRET}"
  } >"$WORK/$1.yaml"
  # shellcheck disable=SC2086
  "${SERVER_CPU[@]}" java $opts -jar "$jar" --config "$WORK/$1.yaml" >"$WORK/$1.log" 2>&1 &
  PID[$1]=$!; PIDS+=($!); PORT[$1]=$api
  wait_for "$WORK/$1.log" "roomgate ready"
  local create='{"room_id":"bench01","metadata":{"room_title":"Bench","room_features":{"allow_webcams":true}}}'
  curl -sf -o /dev/null "http://127.0.0.1:$api/auth/room/create" -H 'API-KEY: bench' \
    -H "HASH-SIGNATURE: $(sign "$create")" --data-raw "$create"
}

BODY='{"room_id":"bench01"}'
cat >"$WORK/req.lua" <<LUA
wrk.method = "POST"
wrk.body = '$BODY'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["API-KEY"] = "bench"
wrk.headers["HASH-SIGNATURE"] = "$(sign "$BODY")"
LUA
# DELAY_MS: each connection waits this long between requests, capping the offered rate at about
# CONNECTIONS x 1000 / DELAY_MS per second: a fixed, lower load at which to compare latencies
[ -n "${DELAY_MS:-}" ] && echo "function delay() return $DELAY_MS end" >>"$WORK/req.lua"

case " $TARGETS " in *" redis"*)
  free_port RP
  "${LOAD_CPU[@]}" redis-server --port "$RP" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!; PIDS+=($!); wait_for "$WORK/redis.log" "Ready to accept" ;;
esac
for t in $TARGETS; do
  case "$t" in
    redis*) gateway "$t" "redis://127.0.0.1:$RP" ;;
    inproc*) gateway "$t" "" ;;
  esac
done
any=$(for t in $TARGETS; do case "$t" in plain*) ;; *) echo "$t" ;; esac; done | head -1)
for t in $TARGETS; do
  case "$t" in plain*)
    # the plain server answers the gateway's exact bytes (taken from whichever gateway runs); "plain:N" spins N µs
    # of pure CPU per request first, to calibrate latency against CPU cost
    [ -f "$WORK/answer.json" ] || curl -sf "http://127.0.0.1:${PORT[$any]}/auth/room/getActiveRoomInfo" \
      -H 'API-KEY: bench' -H "HASH-SIGNATURE: $(sign "$BODY")" --data-raw "$BODY" >"$WORK/answer.json"
    free_port "PORT[$t]"; busy=${t#plain}
    "${SERVER_CPU[@]}" java -cp target/test-classes:"$JAR" io.roomgate.bench.PlainServer "${PORT[$t]}" \
      "$WORK/answer.json" "${busy#:}" >"$WORK/$t.log" 2>&1 &
    PID[$t]=$!; PIDS+=($!); wait_for "$WORK/$t.log" "plain server ready" ;;
  esac
done
echo "answer: $(wc -c <"$WORK/answer.json" 2>/dev/null || echo '?') bytes; wrk -t1 -c$CONNS ${SECS}s x $ROUNDS rounds;" \
  "GATEWAY_OPTS='${GATEWAY_OPTS:-}' EVENT_LOOPS=${EVENT_LOOPS:-cores}; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for t in $TARGETS; do # warm-up, JIT
  "${LOAD_CPU[@]}" wrk -t1 -c"$CONNS" -d"${WARMUP:-10}s" -s "$WORK/req.lua" "http://127.0.0.1:${PORT[$t]}/auth/room/getActiveRoomInfo" >/dev/null
done
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
printf '%-6s %-12s %10s %9s %9s %10s %8s %s\n' round target req/s p50 p99 cpu/req redis/req non-2xx
for round in $(seq 1 "$ROUNDS"); do
  order=$TARGETS
  # ALTERNATE=1: every other round runs the targets in reverse order, so none always runs first or last
  [ "${ALTERNATE:-0}" = 1 ] && [ $((round % 2)) = 0 ] && order=$(tr ' ' '\n' <<<"$TARGETS" | tac | xargs)
  for t in $order; do
    before=$(ticks "${PID[$t]}"); rbefore=$([ -n "${REDIS_PID:-}" ] && ticks "$REDIS_PID" || echo 0)
    out=$("${LOAD_CPU[@]}" wrk -t1 -c"$CONNS" -d"${SECS}s" --latency -s "$WORK/req.lua" "http://127.0.0.1:${PORT[$t]}/auth/room/getActiveRoomInfo")
    after=$(ticks "${PID[$t]}"); rafter=$([ -n "${REDIS_PID:-}" ] && ticks "$REDIS_PID" || echo 0)
    n=$(grep -oE '^ *[0-9]+ requests in' <<<"$out" | grep -oE '[0-9]+')
    printf '%-6s %-12s %10s %9s %9s %8sus %6sus %s\n' "$round" "$t" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
      "$(awk '$1=="50%" {print $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")" \
      "$(( (after - before) * 1000000 / $(getconf CLK_TCK) / n ))" \
      "$(( (rafter - rbefore) * 1000000 / $(getconf CLK_TCK) / n ))" "$(awk '/Non-2xx/ {print $5}' <<<"$out")"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
