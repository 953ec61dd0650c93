#!/usr/bin/env bash
# Gateway throughput with 1, 2 and 3 processes on this machine (issue 14, point 6): the hot read (getActiveRoomInfo
# of one room, tenant "bench") against N gateway processes that share one redis-server and one LiveKit (the first
# gateway's embedded simulator). For each N, one wrk -t1 per process (CONNECTIONS / N connections each, so the offered
# concurrency is the same for every N) runs at once; the requests/s are summed. The N values are interleaved round
# after round, so a noisy neighbour weighs on each alike. Every process stays up for the whole run (JIT-warm).
# Prints, per run: requests/s, the slowest process's p99, non-2xx answers, and the CPU time per request of the
# gateways together and of redis-server (from /proc).
#   mvn -q -DskipTests package && loadtest/processes.sh [seconds per run, default 10] [rounds, default 3]
# Environment: COUNTS (default "1 2 3"), CONNECTIONS (default 64), WARMUP (seconds per process, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}; ROUNDS=${2:-3}
read -r -a COUNTS <<<"${COUNTS:-1 2 3}"
CONNS=${CONNECTIONS:-64}
JAR=target/roomgate.jar
[ -f "$JAR" ] || mvn -q -B -ntp -DskipTests package
SECRET=bench-secret-0123456789abcdef
WORK=$(mktemp -d /tmp/roomgate-processes.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
. loadtest/ports.sh
. loadtest/common.sh

free_port REDIS_PORT
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!; PIDS+=("$REDIS_PID")
wait_for "$WORK/redis.log" "Ready to accept"

MAX=0; for n in "${COUNTS[@]}"; do [ "$n" -gt "$MAX" ] && MAX=$n; done
API=(); GW=(); LK=
for ((i = 0; i < MAX; i++)); do
  free_port api; free_port mgmt
  # the first process embeds the simulator; the others use it (livekit.url), so all share one LiveKit
  if [ -z "$LK" ]; then
    free_port LK
    bench_config "$api" "$mgmt" "$LK" "" "redis://127.0.0.1:$REDIS_PORT" >"$WORK/gw$i.yaml"
  else
    bench_config "$api" "$mgmt" "$LK" "" "redis://127.0.0.1:$REDIS_PORT" \
      | sed "s|embedded_port: $LK|url: \"http://127.0.0.1:$LK\"|" >"$WORK/gw$i.yaml"
  fi
  java -jar "$JAR" --config "$WORK/gw$i.yaml" >"$WORK/gw$i.log" 2>&1 &
  GW+=($!); PIDS+=($!); API+=("$api")
  wait_for "$WORK/gw$i.log" "roomgate ready"
done
for attempt in 1 2 3 4 5 6 7 8 9 10; do # a loaded machine may trip the simulator's breaker: retry, as a client would
  body='{"room_id":"bench01"}'
  curl -s "http://127.0.0.1:${API[0]}/auth/room/isRoomActive" -H 'API-KEY: bench' -H "HASH-SIGNATURE: $(sign "$body")" \
    --data-raw "$body" | grep -q '"is_active":true' && break
  create_bench_room "${API[0]}" || true
  [ "$attempt" = 10 ] && { echo "could not create room bench01" >&2; exit 1; }
  sleep 1
done
hot_read_lua >"$WORK/read.lua"
for ((i = 0; i < MAX; i++)); do # every process reads the room (through Redis) before anything is measured
  body='{"room_id":"bench01"}'
  answer=$(curl -s -w ' HTTP %{http_code}' "http://127.0.0.1:${API[$i]}/auth/room/getActiveRoomInfo" -H 'API-KEY: bench' \
    -H "HASH-SIGNATURE: $(sign "$body")" -H 'Content-Type: application/json' --data-raw "$body")
  case "$answer" in *'"status":true'*'HTTP 200') ;; *) echo "process $i: $answer" >&2; exit 1 ;; esac
done
for ((i = 0; i < MAX; i++)); do
  wrk -t1 -c"$CONNS" -d"${WARMUP:-10}s" -s "$WORK/read.lua" "http://127.0.0.1:${API[$i]}/auth/room/getActiveRoomInfo" >/dev/null
done

cpu() { awk '{s += $14 + $15} END {print s}' "${@/%//stat}"; } # clock ticks (1/100 s) of the given /proc/PID dirs
echo "wrk -t1 x N, $CONNS connections in all, ${SECS}s x $ROUNDS; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-6s %10s %9s %8s %14s %14s\n' processes round req/s p99-max non-2xx gw-cpu-us/req redis-us/req
: >"$WORK/results"
for round in $(seq 1 "$ROUNDS"); do
  for n in "${COUNTS[@]}"; do
    dirs=(); for ((i = 0; i < n; i++)); do dirs+=("/proc/${GW[$i]}"); done
    g0=$(cpu "${dirs[@]}"); r0=$(cpu "/proc/$REDIS_PID")
    loads=()
    for ((i = 0; i < n; i++)); do
      wrk -t1 -c$((CONNS / n)) -d"${SECS}s" --latency -s "$WORK/read.lua" "http://127.0.0.1:${API[$i]}/auth/room/getActiveRoomInfo" \
        >"$WORK/wrk$i.out" &
      loads+=($!)
    done
    wait "${loads[@]}"
    g1=$(cpu "${dirs[@]}"); r1=$(cpu "/proc/$REDIS_PID")
    outs=(); for ((i = 0; i < n; i++)); do outs+=("$WORK/wrk$i.out"); done
    reqs=$(awk '/requests in/ {s += $1} END {print s}' "${outs[@]}")
    rps=$(awk '/Requests\/sec/ {s += $2} END {printf "%.0f", s}' "${outs[@]}")
    p99=$(awk '$1 == "99%" {v = $2; ms = v ~ /us$/ ? v / 1000 : (v ~ /ms$/ ? v + 0 : v * 1000); if (ms > m) m = ms}
      END {printf "%.2fms", m}' "${outs[@]}")
    bad=$(awk '/Non-2xx/ {s += $5} END {print s + 0}' "${outs[@]}")
    printf '%-10s %-6s %10s %9s %8s %14s %14s\n' "$n" "$round" "$rps" "$p99" "$bad" \
      "$(( (g1 - g0) * 10000 / reqs ))" "$(( (r1 - r0) * 10000 / reqs ))"
    echo "$n $rps" >>"$WORK/results"
  done
done
awk '{s[$1] += $2; c[$1]++} END {for (n in s) printf "%s process(es): mean %.0f requests/s\n", n, s[n] / c[n]}' \
  "$WORK/results" | sort
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
