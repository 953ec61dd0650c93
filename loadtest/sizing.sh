#!/usr/bin/env bash
# Sizing on Redis (issue 14, point 6): Redis memory per active room, per past room and per tenant, and Redis commands
# per 1,000 requests of each plugNmeet endpoint, as the server counts them (INFO memory used_memory, INFO stats
# total_commands_processed). One gateway on its own redis-server, default settings, 100 tenants; requests are sent one
# at a time by Python, each answer checked for "status":true. Background traffic (pub/sub heartbeats, the webhook
# stream's consumer, leases) is measured over an idle window before each endpoint and subtracted.
#   mvn -q -DskipTests package && loadtest/sizing.sh [requests per endpoint, default 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
JAR=${JAR:-target/roomgate.jar}
WORK=$(mktemp -d /tmp/roomgate-sizing.XXXXXX)
GW=; RP=
trap '[ -n "$GW" ] && kill $GW 2>/dev/null; [ -n "$RP" ] && kill $RP 2>/dev/null || true' EXIT
. loadtest/ports.sh
free_port REDIS_PORT; free_port API; free_port MGMT; free_port LK
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
RP=$!
for _ in $(seq 1 100); do grep -q "Ready to accept" "$WORK/redis.log" && break; sleep 0.1; done
{
  echo "server: {host: 127.0.0.1, port: $API}"
  echo "management: {host: 127.0.0.1, port: $MGMT}"
  echo "redis: {url: \"redis://127.0.0.1:$REDIS_PORT\"}"
  echo "livekit: {api_key: k, api_secret: loadtest-livekit-secret-0123456789abcdef, embedded_port: $LK}"
  echo "tenants:"
  for ((i = 0; i < 100; i++)); do
    echo "  - {id: lt$i, rate_limit: {qps: 100000000}, plugnmeet: {api_key: lt$i-key, api_secret: loadtest-secret-$i-0123456789abcdef}}"
  done
} >"$WORK/gw.yaml"
java -jar "$JAR" --config "$WORK/gw.yaml" >"$WORK/gw.log" 2>&1 &
GW=$!
for _ in $(seq 1 600); do grep -q "roomgate ready" "$WORK/gw.log" && break; sleep 0.1; done
grep -q "roomgate ready" "$WORK/gw.log" || { cat "$WORK/gw.log" >&2; exit 1; }
echo "redis-server $(redis-server --version | awk '{print $3}'), $N requests per endpoint; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$API" "$REDIS_PORT" "$N" <<'PY'
import hashlib, hmac, http.client, subprocess, sys, time
api, rport, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
conn = http.client.HTTPConnection("127.0.0.1", api, timeout=30)

def info(field, section):
    out = subprocess.run(["redis-cli", "-p", rport, "INFO", section], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith(field + ":"):
            return int(line.split(":")[1])
    raise SystemExit("no " + field)

def commands():
    return info("total_commands_processed", "stats")

def cmdstats():
    out = subprocess.run(["redis-cli", "-p", rport, "INFO", "commandstats"], capture_output=True, text=True).stdout
    calls = {}
    for line in out.splitlines():
        if line.startswith("cmdstat_"):
            name, rest = line[len("cmdstat_"):].split(":", 1)
            calls[name] = int(rest.split("calls=")[1].split(",")[0])
    return calls

def memory():
    subprocess.run(["redis-cli", "-p", rport, "MEMORY", "PURGE"], capture_output=True)
    return info("used_memory", "memory")

def call(tenant, api_name, body):
    sig = hmac.new(("loadtest-secret-%d-0123456789abcdef" % tenant).encode(), body.encode(), hashlib.sha256).hexdigest()
    for attempt in range(5):  # a busy machine may trip the embedded LiveKit's breaker on create: retry, as a client would
        conn.request("POST", "/auth/room/" + api_name, body, {"Content-Type": "application/json",
                     "API-KEY": "lt%d-key" % tenant, "HASH-SIGNATURE": sig})
        answer = conn.getresponse().read()
        if b'"status":true' in answer or api_name != "create":
            break
        time.sleep(0.5)
    return answer

def create_body(room):
    return '{"room_id":"%s","metadata":{"room_title":"Room %s","room_features":{"allow_webcams":true}}}' % (room, room)

def background_rate():
    c0, t0 = commands(), time.time()
    time.sleep(3)
    return (commands() - c0 - 1) / (time.time() - t0)  # less the INFO that read c0

def measure(label, requests, want_true=True):
    rate = background_rate()
    s0 = cmdstats()
    c0, t0 = commands(), time.time()
    bad = 0
    for tenant, api_name, body in requests:
        answer = call(tenant, api_name, body)
        if want_true and b'"status":true' not in answer:
            bad += 1
    secs = time.time() - t0
    raw = commands() - c0 - 1
    net = raw - rate * secs
    s1 = cmdstats()
    top = sorted(((s1[k] - s0.get(k, 0), k) for k in s1 if k != "info"), reverse=True)[:8]
    mix = " ".join("%s=%.1f" % (k, d / len(requests)) for d, k in top if d > 0)
    print("%-20s %8d %12.0f %14.0f %9.1f %s" % (label, len(requests), raw * 1000 / len(requests),
          net * 1000 / len(requests), rate, "" if bad == 0 else "(%d answers not status:true)" % bad))
    print("%-20s per request: %s" % ("", mix))

# memory per tenant: each of 100 tenants makes its first request (its rate-limit state is all it keeps when idle)
m0 = memory()
for t in range(100):
    call(t, "isRoomActive", '{"room_id":"none"}')
m1 = memory()
print("Redis memory per tenant (first request made, no rooms): %d bytes" % ((m1 - m0) / 100))

print("%-20s %8s %12s %14s %9s" % ("endpoint", "requests", "cmds/1000", "net cmds/1000", "bg cmd/s"))
rooms = ["s%d" % i for i in range(n)]
m2 = memory()
measure("create", [(0, "create", create_body(r)) for r in rooms])
m3 = memory()
measure("getActiveRoomInfo", [(0, "getActiveRoomInfo", '{"room_id":"%s"}' % r) for r in rooms])
time.sleep(2)  # the background presence repairs of the rooms just read (never synced) store their sync time
m4 = memory()
measure("isRoomActive", [(0, "isRoomActive", '{"room_id":"%s"}' % r) for r in rooms])
measure("getJoinToken", [(0, "getJoinToken", '{"room_id":"%s","user_info":{"name":"Bob","user_id":"bob"}}' % r)
                         for r in rooms])
for i in range(10):
    call(1, "create", create_body("few%d" % i))
measure("getActiveRoomsInfo", [(1, "getActiveRoomsInfo", '{}')] * n)
m5 = memory()
measure("endRoom", [(0, "endRoom", '{"room_id":"%s"}' % r) for r in rooms])
m6 = memory()
measure("fetchPastRooms", [(0, "fetchPastRooms", '{"room_ids":["%s"]}' % r) for r in rooms])
print("Redis memory per active room: %d bytes (record + tenant-set entry); %d bytes once read (+ presence sync time)"
      % ((m3 - m2) / n, (m4 - m2) / n))
print("Redis memory per past room: %d bytes (ended: active entry and presence gone, past entry + indexes)"
      % ((m6 - m2 - (m5 - m4)) / n))
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
