#!/usr/bin/env bash
# Every figure of DESIGN.md §6 in one run, against gantry-sim (large.yaml) on
# this machine, then a summary with each target met or missed.
#
#   bash bench/run.sh [BUILD_DIR]          (default build/dev)
#
# Builds the bench programs first (ninja -j2; a missing BUILD_DIR is
# configured RelWithDebInfo). Logs and summary.md go to OUT (bench/out).
# Environment: LOAD, the watch-load phases as RATE:SECONDS (default
# "2000:60 200:15"); JOBS for the build (2). Takes about four minutes plus the
# build; all network traffic stays on 127.0.0.1.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$here/build/dev}
out=${OUT:-$here/bench/out}
load=${LOAD:-2000:60 200:15}
jobs=${JOBS:-2}
mkdir -p "$out"
rm -f "$out"/*.log "$out"/summary.md

begin=$(date +%s.%N)
targets=(bench_startup bench_timelinepaint bench_heatmappaint bench_exposition bench_fleetsync bench_uiload gantry)
if [ ! -f "$build/build.ninja" ]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >"$out/configure.log"
fi
echo "run.sh: building ${targets[*]} in $build"
nice -n 10 ninja -C "$build" -j"$jobs" "${targets[@]}" >"$out/build.log" || { tail -30 "$out/build.log"; exit 1; }
built=$(date +%s.%N)

command -v kubectl >/dev/null || echo "run.sh: kubectl is not installed; the sync has no comparison" >&2

# Runs one program at lower priority, shows its output and keeps it in $out/NAME.log.
run() {
  local name=$1
  shift
  echo
  echo "== $name"
  local status=0
  # The offscreen platform's notes about size hints are noise here.
  nice -n 10 "$@" 2> >(grep -v 'propagateSizeHints' >&2) | tee "$out/$name.log" || status=$?
  [ "$status" = 0 ] || echo "run.sh: $name failed (exit $status)" | tee -a "$out/failures.log"
}

cd "$out"
run startup "$build/bench/bench_startup" "$build/app/gantry"
run timelinepaint "$build/bench/bench_timelinepaint"
run heatmappaint "$build/bench/bench_heatmappaint"
run exposition "$build/bench/bench_exposition" --benchmark_min_time=0.5
run fleetsync "$build/bench/bench_fleetsync"
# shellcheck disable=SC2086 # one argument per phase
run uiload "$build/bench/bench_uiload" $load
end=$(date +%s.%N)

python3 - "$out" "$begin" "$built" "$end" <<'PY' | tee "$out/summary.md"
import os, re, sys
out, begin, built, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])

def log(name):
    path = os.path.join(out, name + ".log")
    return open(path).read() if os.path.exists(path) else ""

def results(name, kind):
    rows = []
    for line in log(name).splitlines():
        if line.startswith("RESULT " + kind + " "):
            rows.append({k: float(v) for k, v in (w.split("=") for w in line.split()[2:])})
    return rows

def first_number(name, pattern):
    m = re.search(pattern, log(name))
    return float(m.group(1)) if m else None

rows = []
def target(what, value, unit, goal, ok, note=""):
    if value is None:
        rows.append((what, "no figure", goal, "NOT MEASURED"))
        return
    verdict = "met" if ok else "MISSED"
    rows.append((what, f"{value:.1f} {unit}".strip(), goal, verdict + (f" ({note})" if note else "")))

sync = (results("fleetsync", "fleetsync") or [None])[0]
if sync:
    target("initial sync, whole fleet", sync["seconds"], "s", "≤ 1.5 s", sync["seconds"] <= 1.5,
           f"{sync['seconds'] / 1.5:.1f}× the target")
    ratio = sync["kubectl_seconds"] / sync["seconds"] if sync["kubectl_seconds"] > 0 else None
    target("kubectl get pods -A -o json ÷ sync", ratio, "×", "≥ 10×", ratio is not None and ratio >= 10,
           f"kubectl {sync['kubectl_seconds']:.1f} s; pods informer alone "
           f"{sync['kubectl_seconds'] / sync['pods_seconds']:.1f}×")
    target("client peak memory after sync", sync["peak_mb"], "MB", "≤ 300 MB", sync["peak_mb"] <= 300,
           f"kubectl {sync['kubectl_peak_mb']:.0f} MB, {sync['kubectl_peak_mb'] / sync['peak_mb']:.1f}× more")
else:
    target("initial sync, whole fleet", None, "", "≤ 1.5 s", False)
console = (results("uiload", "consolesync") or [None])[0]
if console:
    target("whole console after sync (window full)", console["peak_mb"], "MB", "≤ 300 MB", console["peak_mb"] <= 300,
           f"window full {console['seconds']:.1f} s after start")
for phase in results("uiload", "uiload"):
    rate = phase["rate"]
    label = f"at {rate:.0f} writes/s"
    if rate >= 1999:
        target(f"watch events taken in {label}", phase["events_per_s"], "/s", "2,000 events/s",
               phase["events_per_s"] >= 1960)
        target(f"UI thread busy {label}", phase["busy_pct"], "%", "< 30%", phase["busy_pct"] < 30,
               f"own CPU {phase['cpu_pct']:.0f}%, snapshot apply median {phase['apply_median_ms']:.0f} ms")
        target(f"longest UI stall {label}", phase["stall_ms"], "ms", "≤ 50 ms", phase["stall_ms"] <= 50,
               f"heartbeat late {phase['heartbeat_late_ms']:.0f} ms")
        target(f"event to model p99 {label}", phase["latency_p99_ms"], "ms", "≤ 250 ms",
               phase["latency_p99_ms"] <= 250 and phase["missed"] == 0,
               f"p50 {phase['latency_p50_ms']:.0f} ms, {phase['probes']:.0f} probes, {phase['missed']:.0f} unseen")
    else:
        rows.append((f"for comparison {label}", f"busy {phase['busy_pct']:.0f}%, stall {phase['stall_ms']:.0f} ms, "
                     f"p99 {phase['latency_p99_ms']:.0f} ms", "", ""))

for line in log("exposition").splitlines():
    m = re.match(r"(\w+)(?:/\S*)?\s.*bytes_per_second=([\d.]+)([kMG])/s", line)
    if m and ("Fleet" in m.group(1) or "Fixtures" in m.group(1)):
        scale = {"k": 1e-3, "M": 1, "G": 1e3}[m.group(3)]
        mbs = float(m.group(2)) * scale * 1.048576  # Google Benchmark's M is 2^20
        target(f"exposition parse, {m.group(1)}", mbs, "MB/s", "≥ 50 MB/s (bench goal)", mbs >= 50)

heat = first_number("heatmappaint", r"every GPU a cell.*?([\d.]+) ms per full paint")
target("GPU heatmap full paint, 16,000 GPUs", heat, "ms", "< 50 ms (one frame)", heat is not None and heat < 50)
timeline = first_number("timelinepaint", r"paint, top of the list\s+([\d.]+) ms")
target("cold-start timeline full paint, 18,000 starts", timeline, "ms", "< 50 ms (one frame)",
       timeline is not None and timeline < 50)
first_apply = first_number("timelinepaint", r"first snapshot \(insert, expand, layout\)\s+([\d.]+) ms")
target("cold-start timeline first snapshot", first_apply, "ms", "< 50 ms (one frame)",
       first_apply is not None and first_apply < 50)
start = (results("startup", "startup") or [None])[0]
if start:
    target("console start to first painted window", start["first_frame_ms"], "ms", "≤ 300 ms",
           start["first_frame_ms"] <= 300, f"gantry --version {start['version_ms']:.0f} ms")

print()
print("| figure | value | target | verdict |")
print("|---|---|---|---|")
for what, value, goal, verdict in rows:
    print(f"| {what} | {value} | {goal} | {verdict} |")
print()
print(f"run.sh: build {built - begin:.0f} s, benchmarks {end - built:.0f} s, total {end - begin:.0f} s wall")
PY
[ ! -s "$out/failures.log" ]
