#!/usr/bin/env bash
# Whole-request cost of the rate limiter: wrk -t1 -c64 against POST /auth/room/getActiveRoomInfo of an existing room
# (HMAC auth, limiter, validation, store read, render), with the limiter on and off, on the in-process store and on
# Redis (default redis settings: read cache on). The tenant's limit is far above the load, so every request is
# decided but none is rejected; on Redis the decisions are served from token leases (README "Rate limiting").
#   usage: mvn -q -DskipTests package && loadtest/limit-bench.sh [seconds]
# Environment: REDIS_POOL (redis.pool_size, default 32), WARMUP (seconds of wrk before each measured run, default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-8}
JAR=target/roomgate.jar
SECRET=bench-secret-0123456789abcdef
WORK=$(mktemp -d)
. loadtest/ports.sh
sign() { printf '%s' "$1" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //'; }

free_port REDIS_PORT
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
GW_PID=
cleanup() { [ -n "$GW_PID" ] && kill "$GW_PID" 2>/dev/null || true; kill "$REDIS_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

run() { # name, redis (yes|no), limiter (true|false)
  local name=$1 redis=$2 enabled=$3 api mgmt lk
  free_port api; free_port mgmt; free_port lk
  {
    echo "server: {host: 127.0.0.1, port: $api}"
    echo "management: {host: 127.0.0.1, port: $mgmt}"
    [ "$redis" = yes ] && echo "redis: {url: \"redis://127.0.0.1:$REDIS_PORT\", pool_size: ${REDIS_POOL:-32}}"
    echo "livekit: {api_key: benchkey, api_secret: bench-livekit-secret-0123456789abcdef, embedded_port: $lk}"
    echo "rate_limit: {enabled: $enabled}"
    echo "tenants:"
    echo "  - id: bench"
    echo "    rate_limit: {qps: 100000000}"
    echo "    plugnmeet: {api_key: bench, api_secret: $SECRET}"
  } >"$WORK/$name.yaml"
  java ${GATEWAY_OPTS:-} -jar "$JAR" --config "$WORK/$name.yaml" >"$WORK/$name.log" 2>&1 &
  GW_PID=$!
  for _ in $(seq 1 200); do grep -q "roomgate ready" "$WORK/$name.log" && break; sleep 0.1; done
  local create='{"room_id":"bench01","metadata":{"room_title":"Bench","room_features":{}}}'
  curl -s -o /dev/null "http://127.0.0.1:$api/auth/room/create" -H 'Content-Type: application/json' \
    -H 'API-KEY: bench' -H "HASH-SIGNATURE: $(sign "$create")" --data-raw "$create"
  local body='{"room_id":"bench01"}'
  cat >"$WORK/req.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["API-KEY"] = "bench"
wrk.headers["HASH-SIGNATURE"] = "$(sign "$body")"
LUA
  wrk -t1 -c64 -d"${WARMUP:-2}s" -s "$WORK/req.lua" "http://127.0.0.1:$api/auth/room/getActiveRoomInfo" >/dev/null # warm-up
  local out
  out=$(wrk -t1 -c64 -d"${SECS}s" --latency -s "$WORK/req.lua" "http://127.0.0.1:$api/auth/room/getActiveRoomInfo")
  local rps p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '%-28s %10s req/s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p99" "${non2xx:-0}"
  kill "$GW_PID"; wait "$GW_PID" 2>/dev/null || true; GW_PID=
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
run in-process-no-limiter no false
run in-process-limiter no true
run redis-no-limiter yes false
run redis-limiter yes true
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
