#!/usr/bin/env bash
# One command: start a roomgate (embedded defaults, or Redis + a separately started livekit-sim), seed it, run one
# Gatling simulation against it, stop everything and print where the HTML report is.
#
#   loadtest/run.sh SIMULATION [--redis] [--tenants N] [--rooms N] [--rate R] [--duration S] [--ramp S]
#                   [--qps Q] [--event-loops N] [--gateway-opts "JVM flags"] [-Dname=value ...]
#
#   SIMULATION   hot-read | lifecycle | noisy | tencent | smoke   (or a simulation class name)
#   --redis      start a local redis-server and `roomgate.jar livekit-sim`, and point the gateway at both
#   --tenants    configured tenants (default 10), lt0…lt<N-1>, keys as in loadtest/src/test/java/…/LoadParams.java
#   --rooms      rooms per tenant created before the load (default 10)
#   --rate       offered requests/s (lifecycle: lifecycles/s; default 200, smoke 20)
#   --duration   seconds of constant load after --ramp (default 30, smoke 20)
#   --qps        every tenant's rate_limit.qps (default: 50 for noisy, 1000000 otherwise)
#   --gateway-opts  JVM flags of the gateway (default: none, as users start it)
#   -D...        passed to the simulation (e.g. -Dp99Ms=50 -DmaxFailedPct=0.1 -DnoisyFactor=3)
# Needs Java 17, Maven; --redis needs redis-server. The first run downloads Gatling from Maven Central.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

[ $# -ge 1 ] || { sed -n '2,17p' "$0"; exit 2; }
SIM=$1; shift
case "$SIM" in
  hot-read) CLASS=HotReadSimulation ;;
  lifecycle) CLASS=LifecycleSimulation ;;
  noisy) CLASS=NoisyNeighbourSimulation ;;
  tencent) CLASS=TencentSimulation ;;
  smoke) CLASS=SmokeSimulation ;;
  *) CLASS=$SIM ;;
esac
REDIS=no; TENANTS=10; ROOMS=10; RATE=200; DURATION=30; RAMP=5; QPS=; LOOPS=; GW_OPTS=${GATEWAY_OPTS:-}; EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --redis) REDIS=yes ;;
    --tenants) TENANTS=$2; shift ;;
    --rooms) ROOMS=$2; shift ;;
    --rate) RATE=$2; RATE_SET=1; shift ;;
    --duration) DURATION=$2; DURATION_SET=1; shift ;;
    --ramp) RAMP=$2; shift ;;
    --qps) QPS=$2; shift ;;
    --event-loops) LOOPS=$2; shift ;;
    --gateway-opts) GW_OPTS=$2; shift ;;
    -D*) EXTRA+=("$1") ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$QPS" ] || { [ "$CLASS" = NoisyNeighbourSimulation ] && QPS=50 || QPS=1000000; }
[ "$CLASS" = SmokeSimulation ] && { [ -n "${RATE_SET:-}" ] || RATE=20; [ -n "${DURATION_SET:-}" ] || DURATION=20; }

JAR=$ROOT/target/roomgate.jar
if [ ! -f "$JAR" ]; then
  echo "building $JAR"
  mvn -q -B -ntp -DskipTests package
fi

WORK=$(mktemp -d /tmp/roomgate-load.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
. loadtest/ports.sh
wait_for() { # file, text, what
  for _ in $(seq 1 300); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "$3 did not start; its log:" >&2; cat "$1" >&2; exit 1
}

free_port API; free_port MGMT; free_port LK
LK_KEY=loadkey; LK_SECRET=loadtest-livekit-secret-0123456789abcdef
{
  echo "server: {host: 127.0.0.1, port: $API${LOOPS:+, event_loops: $LOOPS}}"
  echo "management: {host: 127.0.0.1, port: $MGMT}"
  if [ "$REDIS" = yes ]; then
    free_port REDIS_PORT
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
    PIDS+=($!)
    wait_for "$WORK/redis.log" "Ready to accept" redis-server
    java -jar "$JAR" livekit-sim --port "$LK" --api-key "$LK_KEY" --api-secret "$LK_SECRET" >"$WORK/livekit-sim.log" 2>&1 &
    PIDS+=($!)
    wait_for "$WORK/livekit-sim.log" "livekit-sim ready" livekit-sim
    echo "redis: {url: \"redis://127.0.0.1:$REDIS_PORT\", pool_size: 16}"
    echo "livekit: {url: \"http://127.0.0.1:$LK\", api_key: $LK_KEY, api_secret: $LK_SECRET}"
  else
    echo "livekit: {api_key: $LK_KEY, api_secret: $LK_SECRET, embedded_port: $LK}"
  fi
  echo "tenants:"
  for ((i = 0; i < TENANTS; i++)); do
    # the scheme of LoadParams.java: lt<i>-key / loadtest-secret-<i>-0123456789abcdef / sdkappid 1400100000+i
    echo "  - id: lt$i"
    echo "    rate_limit: {qps: $QPS}"
    echo "    plugnmeet: {api_key: lt$i-key, api_secret: loadtest-secret-$i-0123456789abcdef}"
    echo "    tencent: {sdkappid: $((1400100000 + i)), secret_key: loadtest-secret-$i-0123456789abcdef, admins: [administrator]}"
  done
} >"$WORK/roomgate.yaml"

# shellcheck disable=SC2086
java $GW_OPTS -jar "$JAR" --config "$WORK/roomgate.yaml" >"$WORK/gateway.log" 2>&1 &
GW_PID=$!
PIDS+=($GW_PID)
wait_for "$WORK/gateway.log" "roomgate ready" roomgate
echo "roomgate (pid $GW_PID, $( [ "$REDIS" = yes ] && echo Redis || echo in-process store)) on http://127.0.0.1:$API" \
  "with $TENANTS tenants; config and logs in $WORK"

status=0
mvn -B -ntp -f loadtest/pom.xml gatling:test -Dgatling.simulationClass="io.roomgate.loadtest.$CLASS" \
  -DbaseUrl="http://127.0.0.1:$API" -Dtenants="$TENANTS" -Drooms="$ROOMS" -Drate="$RATE" \
  -Dduration="$DURATION" -Dramp="$RAMP" -DlimitQps="$QPS" "${EXTRA[@]}" | tee "$WORK/gatling.log" || status=$?

echo "gateway: $(grep -c . "$WORK/gateway.log") log lines in $WORK/gateway.log; heap after the run:" \
  "$(jcmd "$GW_PID" GC.heap_info 2>/dev/null | grep -m1 -iE 'total|heap' | sed 's/^ *//')"
report=$(grep -oE 'file://\S+index.html|\S+/target/gatling/\S+/index.html' "$WORK/gatling.log" | tail -1 || true)
[ -n "$report" ] && echo "Gatling report: $report"
exit $status
