#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Cairn contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# One entry point for a fresh Debian 12 machine:
#   setup.sh run    install what is missing, build in Release, run the main job: the weather
#                   watchdog sample (options after "run" go to samples/weather-watchdog/run.sh)
#   setup.sh test   install what is missing, build, run the whole CTest suite
#   setup.sh deps   only install what is missing
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
jobs=${CAIRN_JOBS:-2}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

deps() {
    local wanted missing=()
    wanted=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/debian-packages.txt")
    for entry in $wanted; do
        # "package:command": already there when the command is, whoever installed it (a
        # Node.js from another source brings its own npm, which Debian's npm would conflict
        # with).
        local pkg=${entry%%:*} cmd=
        [ "$pkg" = "$entry" ] || cmd=${entry#*:}
        if [ -n "$cmd" ] && command -v "$cmd" >/dev/null 2>&1; then
            continue
        fi
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    if [ ${#missing[@]} -eq 0 ]; then
        say "all Debian packages are installed"
    else
        say "installing: ${missing[*]}"
        local sudo=()
        [ "$(id -u)" -eq 0 ] || sudo=(sudo)
        export DEBIAN_FRONTEND=noninteractive
        "${sudo[@]}" apt-get update -qq
        "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
    npm_deps
}

# The npm packages the tests use, at the versions their package-lock.json pins.
npm_deps() {
    local dir
    for lock in "$top"/tests/*/*/package-lock.json; do
        [ -f "$lock" ] || continue
        dir=$(dirname "$lock")
        if [ ! -d "$dir/node_modules" ] || [ "$lock" -nt "$dir/node_modules" ]; then
            say "installing the npm packages of ${dir#"$top"/}"
            npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
        fi
    done
}

build() {
    local preset=$1
    say "configuring and building ($preset)"
    cmake --preset "$preset" -S "$top" >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
}

run_main() {
    build release
    "$top/samples/weather-watchdog/run.sh" --bin "$top/build/release/bin" "$@"
}

run_tests() {
    build dev
    say "running the test suite"
    cd "$top/build/dev"
    ctest --output-on-failure -j "$jobs" --timeout 600
}

case "${1:-}" in
deps) deps ;;
run) shift && deps && run_main "$@" ;;
test) deps && run_tests ;;
*)
    echo "usage: $0 run|test|deps" >&2
    exit 2
    ;;
esac
