#!/usr/bin/env bash
# Builds the fuzz preset (build/fuzz), seeds one corpus per fuzz target from the
# fixtures and tests/fuzz/seeds, and runs every target for its share of
# SECONDS_TOTAL (default 60). Prints one summary line per target and exits
# non-zero when any target found a crash, leak, undefined behaviour or timeout;
# the input that did it is saved under build/fuzz/fuzz-artifacts/.
#
#   tests/fuzz/run.sh [SECONDS_TOTAL]
#
# The corpora live in build/fuzz/fuzz-corpus/<target>/ and grow from run to run.
# GANTRY_SHARED_FIXTURES names a second fixture folder (default: ../shared/fixtures
# beside the repository, when present). To replay one input:
#   build/fuzz/tests/fuzz/<target> build/fuzz/fuzz-artifacts/<file>
set -euo pipefail

total=${1:-60}
if ! [[ $total =~ ^[0-9]+$ ]] || [ "$total" -lt 1 ]; then
  echo "usage: $0 [SECONDS_TOTAL]" >&2
  exit 2
fi

repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$repo/build/fuzz
bin=$build/tests/fuzz
corpora=$build/fuzz-corpus
artifacts=$build/fuzz-artifacts
logs=$build/fuzz-logs
seeds=$repo/tests/fuzz/seeds
fixtures=("$repo/tests/fixtures")
shared=${GANTRY_SHARED_FIXTURES:-$repo/../shared/fixtures}
[ -d "$shared" ] && fixtures+=("$shared")

targets=(kubeconfig template scenario objectjson watchstream exposition prometheusresponse vllmlog goduration)

if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz: clang++ not found; packaging/install-deps.sh installs clang and its libFuzzer runtime" >&2
  exit 1
fi

cd "$repo"
if [ ! -f "$build/CMakeCache.txt" ]; then
  output=$(cmake --preset fuzz 2>&1) || { echo "$output" >&2; echo "fuzz: configuring failed" >&2; exit 1; }
fi
output=$(cmake --build --preset fuzz -j2 2>&1) || { echo "$output" >&2; echo "fuzz: the build failed" >&2; exit 1; }

mkdir -p "$artifacts" "$logs"

# copy_seeds <target> <files...>: adds fixture files to the target's corpus as
# seed-<name>; globs that matched nothing are skipped.
copy_seeds() {
  local target=$1 f
  shift
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$corpora/$target/seed-$(basename "$f")"
  done
  return 0
}

# Adds bytes that the target reads from the end of its input (object kind and
# chunking, status code and content type, year and offset) to every fixture seed.
append_tail() {
  local target=$1 tail=$2 f
  for f in "$corpora/$target"/seed-*; do
    [ -f "$f" ] && printf "$tail" >>"$f"
  done
  return 0
}

# Fixture seeds are laid anew each run (seed-*; a file in both fixture folders
# is taken once), hand-written ones from tests/fuzz/seeds are copied as hand-*;
# what the fuzzer found stays.
seed_corpora() {
  local target fixture f
  for target in "${targets[@]}"; do
    mkdir -p "$corpora/$target"
    rm -f "$corpora/$target"/seed-*
  done
  copy_seeds template "$repo"/resources/templates/*.yaml
  copy_seeds scenario "$repo"/resources/scenarios/*.yaml
  for fixture in "${fixtures[@]}"; do
    copy_seeds kubeconfig "$fixture"/kubeconfig/*
    copy_seeds exposition "$fixture"/metrics/*.prom
    copy_seeds prometheusresponse "$fixture"/metrics/*.json
    copy_seeds vllmlog "$fixture"/events/*.txt
    copy_seeds objectjson "$fixture"/isvc/*.json
    # Real objects are YAML in the fixtures; the JSON fuzzers get them converted.
    for f in "$fixture"/{pods,nodes,isvc}/*.yaml; do
      [ -f "$f" ] || continue
      "$bin/fuzz_seedconvert" json "$f" >"$corpora/objectjson/seed-$(basename "$f").json"
      "$bin/fuzz_seedconvert" watch "$f" >"$corpora/watchstream/seed-$(basename "$f").jsonl"
    done
  done
  append_tail watchstream '\001\045\023\007\003'
  append_tail prometheusresponse '\000\000'
  append_tail vllmlog '\000\000\000'
  for target in "${targets[@]}"; do
    for f in "$seeds/$target"/*; do
      [ -f "$f" ] && cp "$f" "$corpora/$target/hand-$(basename "$f")"
    done
  done
  return 0
}

seed_corpora

share=$((total / ${#targets[@]}))
[ "$share" -ge 1 ] || share=1
failed=()
for target in "${targets[@]}"; do
  log=$logs/$target.log
  status=ok
  # -timeout: one input may take at most 10 s; -rss_limit_mb: the machine is shared.
  if ! "$bin/fuzz_$target" "$corpora/$target" -max_total_time="$share" -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=1 -artifact_prefix="$artifacts/$target-" >"$log" 2>&1; then
    status=FAILED
    failed+=("$target")
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  done_line=$(grep -E '^#[0-9]+[[:space:]]+(DONE|INITED|pulse|NEW|REDUCE)' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done_line")
  corp=$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$done_line")
  printf 'fuzz %-20s %-6s %9s execs in %ss, cov %s, ft %s, corpus %s\n' \
    "$target" "$status" "${execs:-?}" "$share" "${cov:-?}" "${ft:-?}" "${corp:-?}"
  if [ "$status" != ok ]; then
    grep -E 'ERROR: |SUMMARY: |runtime error|Test unit written to' "$log" | head -5 | sed 's/^/    /'
    echo "    full log: $log"
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${#failed[@]} of ${#targets[@]} targets failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: all ${#targets[@]} targets ran ${share}s each without a finding"
