#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Cairn contributors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs the weather watchdog: a mosquitto on a free loopback port, the simulated station and
# fan, and cairnd on project.yaml with SQLite, in a work folder of its own. The terminal shows
# the cycle as it happens: readings, the rule firing, the fan command, the fan running, the
# run ending; then the runs and the last report.
#
#   run.sh [--bin DIR] [--duration SECONDS] [--interval MS] [--dir WORK] [--check] [--gui]
#
# --bin: where cairnd, cairnctl and weather-sim are (default: build/release/bin of this tree)
# --check: exit 1 unless a cool-down run passed, the fan was commanded, and a report was written
# --gui: the desktop app runs the project instead of cairnd, until its window is closed (or
#        for --duration seconds when that is given too); the terminal tells the story as well
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
bin="$top/build/release/bin"
duration=60
interval=1000
work=
check=0
gui=0
duration_given=0

usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
    --bin) bin=$2; shift 2 ;;
    --duration) duration=$2; duration_given=1; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --dir) work=$2; shift 2 ;;
    --check) check=1; shift ;;
    --gui) gui=1; shift ;;
    -h | --help) usage ;;
    *) echo "run.sh: unknown option $1" >&2; usage ;;
    esac
done
tools="cairnd cairnctl weather-sim"
[ "$gui" -eq 1 ] && tools="$tools cairn"
for tool in $tools; do
    [ -x "$bin/$tool" ] || { echo "run.sh: $bin/$tool is missing: build first (installer/setup.sh run)" >&2; exit 2; }
done
command -v mosquitto >/dev/null || { echo "run.sh: mosquitto is not installed (installer/setup.sh deps)" >&2; exit 2; }

if [ -z "$work" ]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/weather-watchdog.XXXXXX")
fi
mkdir -p "$work"
export PATH="$bin:$PATH"          # the daily summary job runs cairnctl
export CAIRN_DB="sqlite:$work/.cairn/weather.db"
export QT_MESSAGE_PATTERN=        # cairnd's own one-line format

if [ -t 1 ]; then bold=$'\033[1m'; hot=$'\033[31m'; cool=$'\033[36m'; off=$'\033[0m'; else bold= hot= cool= off=; fi
say() { printf '%s==> %s%s\n' "$bold" "$*" "$off"; }

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A broker on a free loopback port: ports are tried until one is free.
for attempt in $(seq 1 20); do
    port=$(( 20000 + RANDOM % 40000 ))
    printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" > "$work/mosquitto.conf"
    mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
    broker=$!
    sleep 0.3
    if kill -0 "$broker" 2>/dev/null; then pids+=("$broker"); break; fi
    broker=
done
[ -n "${broker:-}" ] || { echo "run.sh: mosquitto would not start; see $work/mosquitto.log" >&2; exit 1; }

sed -e "s/^  port: 1883$/  port: $port/" "$here/project.yaml" > "$work/project.yaml"
say "weather watchdog in $work (broker 127.0.0.1:$port)"
if [ "$gui" -eq 1 ]; then
    # The app runs the project in-process; its log goes where cairnd's would.
    gui_args=(--project "$work/project.yaml")
    [ "$duration_given" -eq 1 ] && gui_args+=(--quit-after "$duration")
    "$bin/cairn" "${gui_args[@]}" > "$work/cairnd.log" 2>&1 &
    app=$!
    pids+=("$app")
    for i in $(seq 1 100); do
        [ -s "$work/.cairn/weather.db" ] && break
        kill -0 "$app" 2>/dev/null || { cat "$work/cairnd.log" >&2; exit 1; }
        sleep 0.1
    done
else
    "$bin/cairnd" --project "$work/project.yaml" > "$work/cairnd.log" 2>&1 &
    pids+=("$!")
    for i in $(seq 1 100); do
        grep -q "running on" "$work/cairnd.log" 2>/dev/null && break
        kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/cairnd.log" >&2; exit 1; }
        sleep 0.1
    done
fi

# The story, one line per event that tells it.
narrate() {
    local line type temperature
    while IFS= read -r line; do
        [[ $line =~ \"type\":\"([^\"]+)\" ]] || continue
        type=${BASH_REMATCH[1]}
        case "$type" in
        weather.reading)
            [[ $line =~ \"temperature\":(-?[0-9.]+) ]] && temperature=${BASH_REMATCH[1]}
            if awk "BEGIN { exit !($temperature > 30) }"; then
                printf '  station   %s%5s °C%s\n' "$hot" "$temperature" "$off"
            else
                printf '  station   %5s °C\n' "$temperature"
            fi ;;
        cairn.device.command)
            [[ $line =~ \"payload\":\"(([^\"\\]|\\.)*)\" ]]
            printf '  %srule too-hot fired: fan commanded %s%s\n' "$bold" "${BASH_REMATCH[1]//\\\"/\"}" "$off" ;;
        weather.fan)
            [[ $line =~ \"state\":\"([a-z]+)\" ]] && printf '  fan       %s%s%s\n' "$cool" "${BASH_REMATCH[1]}" "$off" ;;
        cairn.node.updated)
            if [[ $line =~ \"kind\":\"run\" ]] && [[ $line =~ \"state\":\"done\" ]] && [[ $line =~ \"name\":\"([a-z-]+)\",\"owner\" ]]; then
                local name=${BASH_REMATCH[1]} result=?
                [[ $line =~ \"result\":\"([a-z]+)\",\"revision\" ]] && result=${BASH_REMATCH[1]}
                printf '  %srun %s finished: %s%s\n' "$bold" "$name" "$result" "$off"
            fi ;;
        esac
    done
}
# The tail's own pid is kept (not a pipeline's): stopping it ends the story, which then reads
# the end of its input, even when no event comes any more to break a pipe.
cairnctl event tail --json 'type=weather.*,cairn.device.command,cairn.node.updated' > >(narrate) &
pids+=("$!")
"$bin/weather-sim" --port "$port" --interval "$interval" > "$work/weather-sim.log" 2>&1 &
pids+=("$!")

if [ "$gui" -eq 1 ]; then
    say "the desktop app is open on the project; close its window to end (Ctrl-C stops it too)"
    wait "$app" || true
else
    say "running for $duration s (Ctrl-C stops it)"
    sleep "$duration"
fi

# The morning-summary rule runs it at 07:00; here it is started by hand, as an operator would
# (in the app, from the Runs view: the project stopped with its window).
summary_ok=1
summary=
if [ "$gui" -eq 0 ]; then
    say "the daily summary, started now: cairnctl run start --project project.yaml daily-summary --wait"
    cairnctl run start --project "$work/project.yaml" daily-summary --wait --timeout 60s > "$work/summary-run.txt" || summary_ok=0
    summary=$(ls -t "$work"/.cairn/jobs/*/*/summary.md 2>/dev/null | head -n 1 || true)
    [ -n "$summary" ] && cat "$summary"
fi
cleanup
pids=()

say "runs"
cairnctl run list --limit 10
report=$(ls -t "$work"/.cairn/jobs/*/*/report.md 2>/dev/null | head -n 1 || true)
if [ -n "$report" ]; then
    say "the last report ($report)"
    cat "$report"
fi
say "the database stays in $work: CAIRN_DB=$CAIRN_DB $bin/cairnctl node find kind=report"

if [ "$check" -eq 1 ]; then
    failures=()
    cairnctl run list --pipeline cool-down --state pass | grep -q cool-down || failures+=("no cool-down run passed")
    [ "$(cairnctl event history type=cairn.device.command subject=fan | grep -c cairn.device.command)" -gt 0 ] || failures+=("the fan was never commanded")
    [ -n "$report" ] && grep -q "Heat alert" "$report" || failures+=("no report was written")
    [ "$(cairnctl node count kind=report | cut -d' ' -f1)" -gt 0 ] || failures+=("no report node")
    [ "$gui" -eq 1 ] || { [ "$summary_ok" -eq 1 ] && [ -n "$summary" ]; } || failures+=("the daily summary did not pass")
    grep -Eq '"state": ?"on"' <(cairnctl event history --json type=weather.fan) || failures+=("the fan never ran")
    if [ ${#failures[@]} -gt 0 ]; then
        printf 'run.sh: check failed: %s\n' "${failures[@]}" >&2
        exit 1
    fi
    say "check passed"
fi
