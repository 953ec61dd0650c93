# Sourced by the load-test scripts that start their own gateways (after ports.sh): the bench tenant, its signing,
# its configuration and the hot-read request. Expects SECRET and WORK to be set.

# HMAC-SHA256 hex of $1 with the bench tenant's secret, as plugNmeet's HASH-SIGNATURE.
sign() { printf '%s' "$1" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //'; }

# Waits until file $1 contains $2 (at most 60 s), else prints the file and exits.
wait_for() { for _ in $(seq 1 600); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; cat "$1" >&2; exit 1; }

# A gateway configuration on stdout: tenant "bench" with no effective limit. $1 api port, $2 management port,
# $3 embedded LiveKit port, $4 extra server keys (", key: value", may be empty), $5 Redis URL (may be empty).
bench_config() {
  echo "server: {host: 127.0.0.1, port: $1$4}"
  echo "management: {host: 127.0.0.1, port: $2}"
  [ -n "$5" ] && echo "redis: {url: \"$5\"}"
  echo "livekit: {api_key: benchkey, api_secret: bench-livekit-secret-0123456789abcdef, embedded_port: $3}"
  echo "tenants:"
  echo "  - id: bench"
  echo "    rate_limit: {qps: 100000000}"
  echo "    plugnmeet: {api_key: bench, api_secret: $SECRET}"
}

# Creates room bench01 through the gateway's API on port $1.
create_bench_room() {
  local create='{"room_id":"bench01","metadata":{"room_title":"Bench","room_features":{"allow_webcams":true}}}'
  curl -sf -o /dev/null "http://127.0.0.1:$1/auth/room/create" -H 'API-KEY: bench' \
    -H "HASH-SIGNATURE: $(sign "$create")" --data-raw "$create"
}

# The wrk script of the hot read (getActiveRoomInfo of bench01) on stdout; $1: per-connection delay in ms, or empty.
hot_read_lua() {
  local body='{"room_id":"bench01"}'
  cat <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["API-KEY"] = "bench"
wrk.headers["HASH-SIGNATURE"] = "$(sign "$body")"
LUA
  if [ -n "${1:-}" ]; then echo "function delay() return $1 end"; fi
}
