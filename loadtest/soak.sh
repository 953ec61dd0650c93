#!/usr/bin/env bash
# A long run at a fixed share of the measured maximum, to show that nothing grows: heap after GC, p99 and errors per
# interval. Starts a gateway as users start it (java -jar, no JVM flags), creates one room, measures the maximum of
# the hot read (wrk -t1 -c64, 10 s), then offers RATIO of it (default 0.7; wrk -c64 with a per-connection delay)
# for MINUTES (default 10) in 30 s intervals. After each interval: requests/s, p99, non-2xx and socket errors, and
# the heap after a full GC (jcmd GC.run between intervals, then the heap in use from /metrics). Writes soak.csv
# and, with gnuplot, soak.png into OUT (default a temp directory).
#   mvn -q -DskipTests package && loadtest/soak.sh [minutes] [redis]
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:-10}; MODE=${2:-inproc}; RATIO=${RATIO:-0.7}
JAR=target/roomgate.jar
[ -f "$JAR" ] || mvn -q -B -ntp -DskipTests package
SECRET=bench-secret-0123456789abcdef
WORK=$(mktemp -d /tmp/roomgate-soak.XXXXXX); OUT=${OUT:-$WORK}
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
. loadtest/ports.sh
. loadtest/common.sh
free_port api; free_port mgmt; free_port lk
if [ "$MODE" = redis ]; then
  free_port RP
  redis-server --port "$RP" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
  PIDS+=($!); wait_for "$WORK/redis.log" "Ready to accept"
fi
bench_config "$api" "$mgmt" "$lk" "" "${RP:+redis://127.0.0.1:$RP}" >"$WORK/gw.yaml"
java -jar "$JAR" --config "$WORK/gw.yaml" >"$WORK/gw.log" 2>&1 &
GW=$!; PIDS+=($GW)
wait_for "$WORK/gw.log" "roomgate ready"
create_bench_room "$api"
hot_read_lua "" >"$WORK/max.lua"
URL="http://127.0.0.1:$api/auth/room/getActiveRoomInfo"
wrk -t1 -c64 -d10s -s "$WORK/max.lua" "$URL" >/dev/null # JIT
MAX=$(wrk -t1 -c64 -d10s -s "$WORK/max.lua" "$URL" | awk '/Requests\/sec/ {print $2}')
TARGET=$(awk -v m="$MAX" -v r="$RATIO" 'BEGIN {printf "%d", m * r}')
DELAY=$(awk -v t="$TARGET" 'BEGIN {printf "%.2f", 64 * 1000 / t}')
hot_read_lua "$DELAY" >"$WORK/soak.lua"
echo "maximum $MAX requests/s; offering $TARGET requests/s (64 connections, ${DELAY} ms apart) for $MINUTES min;" \
  "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "minute,requests_per_s,p99_ms,errors,heap_after_gc_mb" >"$OUT/soak.csv"
printf '%7s %12s %9s %7s %13s\n' minute requests/s p99 errors "heap after GC"
for i in $(seq 1 $((MINUTES * 2))); do
  out=$(wrk -t1 -c64 -d30s --latency -s "$WORK/soak.lua" "$URL")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
  errors=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<<"$out")
  jcmd "$GW" GC.run >/dev/null
  live=$(curl -sf "http://127.0.0.1:$mgmt/metrics" | awk '/^jvm_memory_used_bytes\{area="heap"/ {sum += $NF} END {printf "%.1f", sum / 1048576}')
  minute=$(awk -v i="$i" 'BEGIN {printf "%.1f", i / 2}')
  echo "$minute,$rps,$p99,$errors,$live" >>"$OUT/soak.csv"
  printf '%7s %12s %9s %7s %13s\n' "$minute" "$rps" "$p99" "$errors" "$live"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); csv: $OUT/soak.csv"
if command -v gnuplot >/dev/null; then
  gnuplot <<GP
set terminal pngcairo size 1000,600 font ",10" noenhanced
set output "$OUT/soak.png"
set datafile separator ","
set key autotitle columnhead top left
set multiplot layout 3,1 title "roomgate soak: getActiveRoomInfo at $TARGET requests/s ($RATIO of $MAX), $MODE store"
set ylabel "requests/s"; set yrange [0:*]
plot "$OUT/soak.csv" using 1:2 with linespoints
set ylabel "p99 ms"; set yrange [0:*]
plot "$OUT/soak.csv" using 1:3 with linespoints
set ylabel "heap after GC MB"; set xlabel "minute"; set yrange [0:*]
plot "$OUT/soak.csv" using 1:5 with linespoints
unset multiplot
GP
  echo "chart: $OUT/soak.png"
fi
