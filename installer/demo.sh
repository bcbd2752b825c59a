#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Cairn contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A short story told with cairnctl on a fresh SQLite database: a lab with two thermometers
# that report readings, and a nightly run whose jobs check them.
#
#   demo.sh PATH_TO_CAIRNCTL PATH_TO_DB_FILE
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 PATH_TO_CAIRNCTL PATH_TO_DB_FILE" >&2
    exit 2
fi
ctl=$1
db=$2

if [ -t 1 ]; then
    say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
else
    say() { printf '\n==> %s\n' "$*"; }
fi
# Echoes the command as a user would type it, then runs it.
show() {
    printf '$ cairnctl'
    printf ' %q' "$@"
    printf '\n'
    cairnctl "$@"
}
cairnctl() { "$ctl" --db "sqlite:$db" "$@"; }
add() { cairnctl node add --quiet "$@"; }

rm -f "$db" "$db-wal" "$db-shm"

say "A site and its devices"
lab=$(add --kind site --name lab --data '{"city": "Grenoble", "building": "B2"}')
thermo1=$(add --parent "$lab" --kind device --name thermo-1 --owner alice \
    --data '{"arch": "x86_64", "model": "TMP117", "room": "clean room"}')
thermo2=$(add --parent "$lab" --kind device --name thermo-2 --owner bob \
    --data '{"arch": "arm64", "model": "SHT45", "room": "server room"}')
echo "lab $lab, devices $thermo1 and $thermo2"

say "The devices report readings"
reading() { # device name temperature
    add --parent "$1" --kind reading --name "$2" --state "done" --result pass \
        --data "{\"temperature\": $3, \"unit\": \"C\"}" >/dev/null
}
reading "$thermo1" 2026-11-24T06:00 20.5
reading "$thermo1" 2026-11-24T07:00 21.5
reading "$thermo1" 2026-11-24T08:00 22.0
reading "$thermo2" 2026-11-24T06:00 24.5
reading "$thermo2" 2026-11-24T07:00 27.5
reading "$thermo2" 2026-11-24T08:00 31.0

say "A nightly run checks them"
run=$(add --parent "$lab" --kind run --name nightly-2026-11-24 --data '{"trigger": "timer"}')
build=$(add --parent "$run" --kind job --name build --data '{"attempt": 1}')
check=$(add --parent "$run" --kind job --name check-temperature --data '{"limit": 30}')
report=$(add --parent "$run" --kind job --name report --state available)
show node update "$build" state=done result=pass artifacts.log=file:///var/log/cairn/build.log
show node update "$check" state=done result=fail data.hottest=31.0 data.device=thermo-2
echo "(report $report waits for someone to pick it up)"
# A job that is done stays done: cairnctl refuses with exit code 2 and says why.
status=0
show node update "$build" state=running || status=$?
if [ "$status" -ne 2 ]; then
    echo "expected exit code 2 for restarting a done job, got $status" >&2
    exit 1
fi

say "The whole tree"
show node tree "$lab"

say "Readings above 22 degrees, hottest first"
show node find kind=reading data.temperature__gt=22 sort=-data.temperature

say "Jobs that failed, for people and for programs"
show node find kind=job result=fail
show --json node count kind=job result=fail

say "How many readings there are"
show node count kind=reading

say "One node in full"
show node get "$check"
