#!/usr/bin/env bash
# Builds the `asan` preset (build/asan: Debug, AddressSanitizer and
# UndefinedBehaviorSanitizer) and runs the unit tests under it. Only the targets
# of tests labelled `unit` are built, which keeps it to a part of the tree that
# a 2-core CI machine builds in a few minutes; any sanitizer report fails the test.
#
#   tests/asan/run.sh
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
build=$repo/build/asan
cd "$repo"

cmake --preset asan >/dev/null
# The tests are registered at configure time: their names are their targets.
mapfile -t targets < <(ctest --test-dir "$build" -N -L unit | sed -n 's/^ *Test *#[0-9]*: \(.*\)$/\1/p')
if [ "${#targets[@]}" -eq 0 ]; then
  echo "asan: no unit tests found" >&2
  exit 1
fi
echo "asan: building ${#targets[@]} unit test targets"
cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]}"

# halt_on_error: the first report fails the test instead of scrolling by.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --preset asan -L unit --parallel "$(nproc)"
