#!/usr/bin/env bash
# Installs every Debian 12 package Gantry needs to build, run and test.
# Idempotent: when everything is already present it prints nothing and exits at once.
# Run as root, or as a user with sudo. The package list lives only here.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache git
  # Qt 6: widgets, charts, svg icons, and the platform plugins (offscreen for tests)
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev qt6-qpa-plugins libgl-dev
  # qt6-charts-dev needs Qt6OpenGL but does not depend on its package
  libqt6opengl6-dev
  # networking, parsing, TLS
  libcurl4-openssl-dev nlohmann-json3-dev libyaml-cpp-dev libcpp-httplib-dev libssl-dev openssl
  # tests and benchmarks
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  # the fuzz preset: clang, and its libFuzzer and sanitizer runtimes (clang only recommends them)
  clang libclang-rt-dev
  # validators the packaging tests run on the desktop file and the AppStream metainfo
  desktop-file-utils appstream
  # real peers the integration tests start on loopback
  prometheus
  # fonts, so offscreen renders have legible text
  fontconfig fonts-dejavu-core
  # benchmarks measure peak memory of other programs with it
  time
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Any kubectl will do (Debian's kubernetes-client, or one from another vendor already present).
if ! command -v kubectl >/dev/null 2>&1; then
  missing+=(kubernetes-client)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
