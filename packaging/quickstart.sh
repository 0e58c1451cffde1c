#!/usr/bin/env bash
# The README's two commands:
#   bash packaging/quickstart.sh demo   install, build, start the console on the simulated AI factory
#   bash packaging/quickstart.sh test   install, build, run every test
# CI runs the second one (through .ci/run), so what a newcomer copies is what is tested.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
mode=${1:-}
jobs=$(nproc 2>/dev/null || echo 2)

case "$mode" in
  demo|test) ;;
  *) echo "usage: bash packaging/quickstart.sh demo|test" >&2; exit 2 ;;
esac

bash packaging/install-deps.sh

cmake --preset dev >/dev/null
cmake --build --preset dev --parallel "$jobs"

if [ "$mode" = test ]; then
  ctest --preset dev --parallel "$jobs"
  exit $?
fi

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
  # No display: say how to see Gantry instead of letting Qt abort.
  build/dev/app/gantry --demo || true
  exit 1
fi
exec build/dev/app/gantry --demo
