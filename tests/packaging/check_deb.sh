#!/usr/bin/env bash
# Usage: check_deb.sh BUILD_DIR VERSION
# Packs BUILD_DIR into a .deb with CPack, then checks the package a user would get:
# its control fields, its file list, and its programs run from an unpacked copy
# (no root, nothing installed, everything in one temporary folder removed at exit).
set -euo pipefail

build=$1
version=$2
cpack=${CPACK:-cpack}
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

work=$(mktemp -d "${TMPDIR:-/tmp}/gantry-deb.XXXXXX")
sim_pid=""
cleanup() {
    if [ -n "$sim_pid" ]; then
        kill "$sim_pid" 2>/dev/null || true
        wait "$sim_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

if ! "$cpack" --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log" >&2
    echo "FAIL: cpack could not build the package" >&2
    exit 1
fi
debs=("$work"/out/gantry_*.deb)
if [ ${#debs[@]} -ne 1 ] || [ ! -f "${debs[0]}" ]; then
    ls -l "$work/out" >&2
    echo "FAIL: expected exactly one gantry_*.deb" >&2
    exit 1
fi
deb=${debs[0]}
arch=$(dpkg --print-architecture)
[ "$(basename "$deb")" = "gantry_${version}-1_${arch}.deb" ] || fail "package file is named $(basename "$deb")"

# Control fields.
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = gantry ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "${version}-1" ] || fail "Version is '$(field Version)', the project is $version"
[ "$(field Section)" = admin ] || fail "Section is '$(field Section)'"
[[ "$(field Maintainer)" == *@* ]] || fail "Maintainer '$(field Maintainer)' has no address"
[[ "$(field Description)" == "console for model serving on GPU clusters"* ]] || fail "Description is '$(field Description)'"
# dpkg-shlibdeps must have found the system libraries the programs link, and the
# SVG plugins' package (loaded, not linked) must be named by hand.
depends=$(field Depends)
for library in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6widgets6 libqt6charts6 libqt6svg6 libcurl4 libssl3 libyaml-cpp0.7; do
    [[ ", $depends," == *", $library "* || ", $depends," == *", $library,"* ]] || fail "Depends lacks $library: $depends"
done

# Files: the programs, the desktop integration, the man pages and the scenarios,
# and nothing outside /usr/bin and /usr/share (no headers, no static libraries).
dpkg-deb --contents "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$work/files"
for path in /usr/bin/gantry /usr/bin/gantry-sim \
    /usr/share/applications/io.gantry.Gantry.desktop \
    /usr/share/metainfo/io.gantry.Gantry.metainfo.xml \
    /usr/share/icons/hicolor/scalable/apps/io.gantry.Gantry.svg \
    /usr/share/man/man1/gantry.1.gz /usr/share/man/man1/gantry-sim.1.gz \
    /usr/share/gantry/scenarios/factory.yaml /usr/share/gantry/scenarios/scale-from-zero.yaml \
    /usr/share/gantry/scenarios/node-failure.yaml /usr/share/gantry/scenarios/large.yaml \
    /usr/share/doc/gantry/scenarios.md /usr/share/doc/gantry/changelog.Debian.gz; do
    grep -qxF "$path" "$work/files" || fail "$path is not in the package"
done
stray=$(grep -v -e '^/$' -e '^/usr/$' -e '^/usr/bin/' -e '^/usr/share/' "$work/files" || true)
[ -z "$stray" ] || fail "files outside /usr/bin and /usr/share: $stray"
dpkg-deb --contents "$deb" | awk '$1 ~ /^d/ && $1 != "drwxr-xr-x" {print}' >"$work/baddirs"
[ ! -s "$work/baddirs" ] || fail "directories not 0755: $(cat "$work/baddirs")"

# The unpacked programs run on the system's Qt and libraries alone.
root=$work/root
dpkg-deb -x "$deb" "$root"
for program in gantry gantry-sim; do
    if readelf -d "$root/usr/bin/$program" | grep -qE 'RPATH|RUNPATH'; then
        fail "$program carries a run path into the build tree"
    fi
    if readelf -S "$root/usr/bin/$program" | grep -q '\.debug_info'; then
        fail "$program is not stripped"
    fi
done
out=$(env -u LD_LIBRARY_PATH "$root/usr/bin/gantry" --version 2>&1) || fail "gantry --version failed: $out"
[[ "$out" == "gantry $version"* ]] || fail "gantry --version printed '$out'"
out=$(env -u LD_LIBRARY_PATH "$root/usr/bin/gantry-sim" --version 2>&1) || fail "gantry-sim --version failed: $out"
[[ "$out" == "gantry-sim $version"* ]] || fail "gantry-sim --version printed '$out'"

# Each man page carries the version and documents every option the program's
# --help lists; gantry's page also covers each headless command its --help names
# ("gantry dump", ...) with that command's options.
man_text() { zcat "$root/usr/share/man/man1/$1.1.gz"; }
check_options() {
    local page=$1 help=$2 text option
    text=$(man_text "$page")
    while read -r option; do
        [[ "$text" == *"${option//-/\\-}"* ]] || fail "$page.1 does not describe $option"
    done < <(grep -oE -- '--[a-z][a-z-]*' <<<"$help" | sort -u)
}
for page in gantry gantry-sim; do
    [[ "$(man_text "$page")" == *"\"gantry $version\""* ]] || fail "$page.1 does not name version $version"
done
gantry_help=$("$root/usr/bin/gantry" --help)
check_options gantry "$gantry_help"
commands=$(grep -oE '^ +gantry [a-z]+' <<<"$gantry_help" | awk '{print $2}' | sort -u || true)
[[ "$commands" == *dump* ]] || fail "gantry --help names no dump command: $gantry_help"
for command in $commands; do
    [[ "$(man_text gantry)" == *".B gantry $command"* ]] || fail "gantry.1 does not describe gantry $command"
    check_options gantry "$("$root/usr/bin/gantry" "$command" --help)"
done
check_options gantry-sim "$("$root/usr/bin/gantry-sim" --help)"

# The desktop entry starts an installed program with an installed icon, and the
# metainfo launches that entry and names this version as its newest release.
desktop=$root/usr/share/applications/io.gantry.Gantry.desktop
metainfo=$root/usr/share/metainfo/io.gantry.Gantry.metainfo.xml
while read -r exec; do
    [ -x "$root/usr/bin/${exec%% *}" ] || fail "desktop entry runs '$exec', not an installed program"
done < <(sed -n 's/^Exec=//p' "$desktop")
icon=$(sed -n 's/^Icon=//p' "$desktop")
[ -f "$root/usr/share/icons/hicolor/scalable/apps/$icon.svg" ] || fail "desktop entry names icon '$icon', not installed"
grep -q '<launchable type="desktop-id">io.gantry.Gantry.desktop</launchable>' "$metainfo" \
    || fail "metainfo does not launch io.gantry.Gantry.desktop"
newest=$(grep -o '<release version="[^"]*"' "$metainfo" | sed -n 1p | cut -d'"' -f2)
[ "$newest" = "$version" ] || fail "metainfo's newest release is '$newest', the project is $version"

changelog=$(zcat "$root/usr/share/doc/gantry/changelog.Debian.gz" | sed -n 1p)
[[ "$changelog" == "gantry (${version}-1) "* ]] || fail "changelog's newest entry is '$changelog', the package is ${version}-1"

# gantry-sim plays a scenario as shipped in the package.
"$root/usr/bin/gantry-sim" --insecure-http --scenario "$root/usr/share/gantry/scenarios/factory.yaml" \
    >"$work/sim.log" 2>&1 &
sim_pid=$!
for _ in $(seq 100); do
    grep -q '^simulating' "$work/sim.log" && break
    kill -0 "$sim_pid" 2>/dev/null || break
    sleep 0.2
done
grep -q '^simulating "' "$work/sim.log" || fail "gantry-sim did not start the shipped factory.yaml: $(cat "$work/sim.log")"
kill "$sim_pid" 2>/dev/null || true
wait "$sim_pid" 2>/dev/null || true
sim_pid=""

if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed on $(basename "$deb")" >&2
    exit 1
fi
echo "$(basename "$deb"): $(wc -l <"$work/files") entries, Depends: $depends"
