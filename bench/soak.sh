#!/usr/bin/env bash
# Wall-screen soak: `gantry --kiosk` against gantry-sim running factory.yaml fast,
# for the equivalent of SIM_HOURS hours of cluster activity, with the server
# killed (SIGKILL) and restarted between runs. Samples the console's resident
# memory every few seconds and checks it reconnected after every restart.
#
#   bash bench/soak.sh [BUILD_DIR]        (default build/dev)
#
# The console's scraped metrics history is compressed by the same factor as the
# cluster's clock (--metrics-history 2h / SPEED, at least 30 s): it then holds the
# simulated two hours a wall screen at real speed holds, instead of the simulated
# days its 2 real hours would be at SPEED, so what is left to grow is a leak.
#
# Environment: SIM_HOURS (24), RESTARTS (5 kills, so 6 runs), SPEED (simulated
# seconds per real second, 240), OUT (bench/soak-out), PLATFORM (offscreen, or
# xvfb to draw on a real X server, Xvfb, whose CPU then counts in the idle figure). Not part of the test run:
# it takes SIM_HOURS × 3600 / SPEED seconds (6 minutes by default) plus start-up.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$here/build/dev}
sim_hours=${SIM_HOURS:-24}
restarts=${RESTARTS:-5}
speed=${SPEED:-240}
out=${OUT:-$here/bench/soak-out}
mkdir -p "$out"
rm -rf "$out"/*.log "$out"/rss.csv "$out/credentials"

gantry="$build/app/gantry"
simulator="$build/sim/gantry-sim"
for binary in "$gantry" "$simulator"; do
  [ -x "$binary" ] || { echo "soak: $binary is missing; build first" >&2; exit 2; }
done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
kubeconfig="$out/kubeconfig"
runs=$((restarts + 1))
seconds_per_run=$(( sim_hours * 3600 / speed / runs ))
history_s=$(( 7200 / speed < 30 ? 30 : 7200 / speed ))

start_sim() {
  # A fixed port and --credentials: the restarted server has the same address,
  # tokens and certificates, so the console reconnects as to a restarted API server.
  "$simulator" --listen "127.0.0.1:$port" --credentials "$out/credentials" --write-kubeconfig "$kubeconfig" \
    --scenario "$here/resources/scenarios/factory.yaml" --speed "$2" --seed "$1" --log-requests \
    2>"$out/sim-$1.log" &
  sim_pid=$!
  for _ in $(seq 100); do
    [ -s "$kubeconfig" ] && curl -ksfS "https://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "soak: gantry-sim did not start (see $out/sim-$1.log)" >&2
  exit 1
}

cleanup() {
  [ -n "${gantry_pid:-}" ] && kill "$gantry_pid" 2>/dev/null || true
  [ -n "${sim_pid:-}" ] && kill -9 "$sim_pid" 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
}
trap cleanup EXIT

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

platform=${PLATFORM:-offscreen}
if [ "$platform" = xvfb ]; then
  command -v Xvfb >/dev/null || { echo "soak: PLATFORM=xvfb needs Xvfb (apt-get install xvfb)" >&2; exit 2; }
  display=":$(( 90 + RANDOM % 100 ))"
  Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
  xvfb_pid=$!
  sleep 1
  export DISPLAY=$display
  platform=xcb
fi

rm -f "$kubeconfig"
start_sim 1 "$speed"
QT_QPA_PLATFORM=$platform XDG_CONFIG_HOME="$out/config" XDG_DATA_HOME="$out/data" \
  "$gantry" --kiosk --kubeconfig "$kubeconfig" --context gantry-viewer --rotate 20s \
  --metrics-url "https://127.0.0.1:$port/metrics" --metrics-history "${history_s}s" >"$out/gantry.log" 2>&1 &
gantry_pid=$!

echo "elapsed_s,run,rss_kib" >"$out/rss.csv"
begin=$(date +%s)
reconnected=0
for run in $(seq 1 "$runs"); do
  run_end=$(( $(date +%s) + seconds_per_run ))
  while [ "$(date +%s)" -lt "$run_end" ]; do
    kill -0 "$gantry_pid" 2>/dev/null || { echo "soak: gantry exited (see $out/gantry.log)" >&2; exit 1; }
    echo "$(( $(date +%s) - begin )),$run,$(rss_kib "$gantry_pid")" >>"$out/rss.csv"
    sleep 3
  done
  # The console logs each change of connection state; one "Live" per server start.
  reconnected=$(grep -c 'gantry: connection: Live' "$out/gantry.log" || true)
  if [ "$run" -lt "$runs" ]; then
    kill -9 "$sim_pid"
    wait "$sim_pid" 2>/dev/null || true
    sleep 5 # down long enough for the console to notice and back off
    start_sim $((run + 1)) "$speed"
  fi
done
# Idle: a cluster where nothing changes (the clock all but stopped); the wall screen
# still rotates pages and ticks its clock. CPU share of one core over IDLE_SECONDS.
idle_seconds=${IDLE_SECONDS:-60}
kill -9 "$sim_pid"; wait "$sim_pid" 2>/dev/null || true
start_sim 99 0.001
sleep 20 # reconnect and settle
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
# With Xvfb the X server's drawing is part of what an idle screen costs.
both_ticks() {
  local total; total=$(ticks "$gantry_pid")
  [ -n "${xvfb_pid:-}" ] && total=$(( total + $(ticks "$xvfb_pid") ))
  echo "$total"
}
before=$(both_ticks)
sleep "$idle_seconds"
after=$(both_ticks)
idle_cpu=$(python3 -c "print(f'{($after - $before) / $hz / $idle_seconds * 100:.2f}')")
echo "soak: idle wall screen CPU ${idle_cpu}% of one core over ${idle_seconds} s on $platform${xvfb_pid:+ (console + Xvfb)} (target < 1%)"

writes=$(cat "$out"/sim-*.log | grep -cE '^(POST|PUT|PATCH|DELETE) ' || true)

status=0
python3 - "$out/rss.csv" "$runs" "$reconnected" "$sim_hours" "$speed" <<'PY' || status=$?
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
runs, reconnected, hours, speed = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
t = [float(r["elapsed_s"]) for r in rows]
rss = [float(r["rss_kib"]) / 1024 for r in rows]
# Skip the first run's warm-up (first sync, first charts) before judging growth.
steady = [(a, b) for a, b in zip(t, rss) if a >= t[-1] / runs]
xs, ys = zip(*steady)
mx, my = statistics.mean(xs), statistics.mean(ys)
slope = sum((x - mx) * (y - my) for x, y in steady) / max(1e-9, sum((x - mx) ** 2 for x in xs))
quarter = max(1, len(ys) // 4)
first, last = statistics.median(ys[:quarter]), statistics.median(ys[-quarter:])
print(f"soak: {hours} h of cluster activity at {speed}x in {runs} runs, {t[-1]:.0f} s, {len(rows)} samples")
print(f"soak: RSS MiB min {min(rss):.1f} max {max(rss):.1f}; steady first quarter {first:.1f}, last quarter {last:.1f}")
print(f"soak: trend {slope * 3600:.1f} MiB per real hour ({(last - first) / first * 100:+.1f}% first→last quarter)")
print(f"soak: live again after {reconnected} of {runs} server starts")
sys.exit(0 if reconnected >= runs and last <= first * 1.10 else 1)
PY
echo "soak: non-GET requests seen by the servers: $writes"
[ "$writes" = 0 ] || status=1
exit $status
