#!/usr/bin/env bash
# Metrics overhead: hot-path throughput with metrics off, metrics on, and metrics + access log on, in one run on one
# machine. Needs target/roomgate.jar (mvn -q -DskipTests package), wrk and openssl. Not part of `mvn verify`.
#   bash loadtest/bench-metrics.sh [duration, default 10s]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10s}
SECRET=bench-secret-0123456789abcdef
BODY='{"room_id":"bench01"}'
export SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //')
CREATE='{"room_id":"bench01","metadata":{"room_title":"Bench","room_features":{}}}'
CREATE_SIG=$(printf '%s' "$CREATE" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //')
TMP=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$TMP"' EXIT

run() { # name, metrics.enabled, access_log.enabled
  cat > "$TMP/bench.yaml" <<YAML
server: {host: 127.0.0.1, port: 18480}
management: {host: 127.0.0.1, port: 18481}
livekit: {api_key: benchkey, api_secret: bench-livekit-secret-0123456789abcdef, embedded_port: 18482}
metrics: {enabled: $2}
access_log: {enabled: $3}
tenants:
  - id: bench
    rate_limit: {qps: 1000000}
    plugnmeet: {api_key: bench-key, api_secret: $SECRET}
YAML
  java ${GATEWAY_OPTS:-} -jar target/roomgate.jar --config "$TMP/bench.yaml" > "$TMP/gateway-$1.log" 2>&1 &
  PID=$!
  for _ in $(seq 100); do grep -q 'roomgate ready' "$TMP/gateway-$1.log" 2>/dev/null && break; sleep 0.2; done
  curl -sf http://127.0.0.1:18480/auth/room/create -H 'API-KEY: bench-key' -H "HASH-SIGNATURE: $CREATE_SIG" \
    --data-raw "$CREATE" >/dev/null
  wrk -t1 -c64 -d5s -s loadtest/get-active-room-info.lua http://127.0.0.1:18480/auth/room/getActiveRoomInfo >/dev/null
  echo "== $1 (metrics.enabled=$2, access_log.enabled=$3) load: $(cut -d" " -f1-3 /proc/loadavg)"
  local before after
  before=$(cpu_ticks $PID)
  wrk -t1 -c64 -d"$DURATION" --latency -s loadtest/get-active-room-info.lua \
    http://127.0.0.1:18480/auth/room/getActiveRoomInfo > "$TMP/wrk.txt"
  after=$(cpu_ticks $PID)
  grep -E 'Requests/sec|  99%|Non-2xx|Socket errors' "$TMP/wrk.txt"
  # CPU time the gateway process spent per request: robust to neighbours stealing cores, unlike requests/s.
  local requests
  requests=$(grep -oE '^ *[0-9]+ requests in' "$TMP/wrk.txt" | grep -oE '[0-9]+')
  echo "    gateway CPU per request: $(( (after - before) * 1000000 / $(getconf CLK_TCK) / requests )) us ($requests requests)"
  kill $PID
  while kill -0 $PID 2>/dev/null; do sleep 0.1; done
}

cpu_ticks() { # utime + stime of a process, in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat"
}

# Two interleaved rounds, so that a neighbour's load spike hits all three configurations alike.
for round in 1 2; do
  run metrics-off false false
  run metrics-on true false
  run metrics-and-access-log true true
done
