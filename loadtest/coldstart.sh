#!/usr/bin/env bash
# A fresh process's first seconds, as users start it (java -jar, no JVM flags): starts a gateway, creates one room
# the moment it says "roomgate ready", then runs wrk -t1 -c64 on getActiveRoomInfo of that room for 10 s ("first
# 10 s") and, after another 20 s of load, for 10 s more ("warm"). Prints requests/s of both and their ratio. Each
# round does this with server.warmup_seconds: ${W:-10} and with 0, in alternating order.
#   mvn -q -DskipTests package && loadtest/coldstart.sh [rounds, default 2] [redis]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-2}; MODE=${2:-inproc}
JAR=target/roomgate.jar
[ -f "$JAR" ] || mvn -q -B -ntp -DskipTests package
SECRET=bench-secret-0123456789abcdef
WORK=$(mktemp -d /tmp/roomgate-coldstart.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
. loadtest/ports.sh
. loadtest/common.sh
hot_read_lua "" >"$WORK/req.lua"
if [ "$MODE" = redis ]; then
  free_port RP
  redis-server --port "$RP" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
  PIDS+=($!); wait_for "$WORK/redis.log" "Ready to accept"
fi
rps() { wrk -t1 -c64 -d"$1s" -s "$WORK/req.lua" "http://127.0.0.1:$2/auth/room/getActiveRoomInfo" | awk '/Requests\/sec/ {print $2}'; }
run() { # warmup_seconds
  local api mgmt lk started ready_ms first warm
  free_port api; free_port mgmt; free_port lk
  bench_config "$api" "$mgmt" "$lk" ", warmup_seconds: $1" "${RP:+redis://127.0.0.1:$RP}" >"$WORK/gw.yaml"
  started=$(date +%s%N)
  java -jar "$JAR" --config "$WORK/gw.yaml" >"$WORK/gw-$1.log" 2>&1 &
  local pid=$!; PIDS+=($pid)
  wait_for "$WORK/gw-$1.log" "roomgate ready"
  ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  create_bench_room "$api"
  first=$(rps 10 "$api"); rps 20 "$api" >/dev/null; warm=$(rps 10 "$api")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  printf '%-10s %-14s %9s ms %12s %12s %7s\n' "$MODE" "warmup_seconds=$1" "$ready_ms" "$first" "$warm" \
    "$(awk -v a="$first" -v b="$warm" 'BEGIN {printf "%.2f", a / b}')"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-14s %12s %12s %12s %7s\n' store setting "to ready" "first 10 s" warm ratio
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then run ${W:-10}; run 0; else run 0; run ${W:-10}; fi
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
