#!/usr/bin/env bash
# Whole-list exports: every quote of DB as NDJSON and as CSV through
# `GET /api/quotes?format=…`, rows/s and the server's peak RSS (VmHWM) before and
# after; then Datasette's CSV stream of the quotes table on the same file when
# DATASETTE is set (a `datasette` executable).
#
# Usage: [ROUNDS=2] [UTF16=1] [CLI=1] export.sh DB
# DB is migrated to this build's schema: run it on a copy unless it has every
# migration already. CLI=1 also runs `quotewire export` of the same rows to
# /dev/null under /usr/bin/time (its own rows/s and peak RSS). Server on CPU 1, curl
# on CPU 0; the answer goes to /dev/null after a line count.
set -euo pipefail
DB=$1
BIN=${BIN:-target/release/quotewire}
PORT=3912
BASE="http://127.0.0.1:$PORT"
ROWS=$(sqlite3 "$DB" "SELECT count(*) FROM quotes")

RUST_LOG=warn taskset -c 1 "$BIN" serve --database-url "sqlite://$DB" --bind 127.0.0.1:$PORT --no-samples ${SERVE_ARGS:-} >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; [ -n "${DS:-}" ] && kill $DS 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done
curl -s "$BASE/api/quotes?limit=200" >/dev/null
# CPU seconds (user + system) of a process, in clock ticks: steadier than wall
# time when other work shares the machine.
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK=$(getconf CLK_TCK)
hwm() { awk '/VmHWM/ {print $2 / 1024 " MB"}' "/proc/$1/status"; }

echo "quotes in $DB: $ROWS; server peak RSS before: $(hwm $SERVER)"
# VmRSS of $1 every 0.25 s into $2, until killed: flat memory shows as a flat series.
sample() { while true; do awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; sleep 0.25; done > "$2"; }
run() { # name url pid
    local start end lines sampler cpu0 cpu1
    sample "$3" /tmp/qw_export_rss.txt &
    sampler=$!
    cpu0=$(cpu "$3")
    start=$(date +%s.%N)
    lines=$(taskset -c 0 curl -sf "$2" | wc -l)
    end=$(date +%s.%N)
    cpu1=$(cpu "$3")
    kill $sampler
    echo "$1: $lines lines in $(echo "$end - $start" | bc) s = $(echo "$lines / ($end - $start)" | bc) lines/s;" \
        "server CPU $(echo "($cpu1 - $cpu0) / $TICK" | bc -l | cut -c1-6) s; peak RSS $(hwm "$3"); load $(cut -d' ' -f1 /proc/loadavg)"
    echo "    RSS MB every 0.25 s: $(tr '\n' ' ' < /tmp/qw_export_rss.txt)"
}
for round in $(seq 1 "${ROUNDS:-2}"); do
    run "ndjson (round $round)" "$BASE/api/quotes?format=ndjson" $SERVER
    run "csv    (round $round)" "$BASE/api/quotes?format=csv" $SERVER
done
[ "${UTF16:-1}" = 1 ] && run "csv, offsets=utf16" "$BASE/api/quotes?format=csv&offsets=utf16" $SERVER
kill $SERVER; wait $SERVER 2>/dev/null || true

if [ "${CLI:-0}" = 1 ]; then
    for format in ndjson csv; do
        echo "quotewire export quotes --format $format (CLI, CPU 1):"
        RUST_LOG=warn taskset -c 1 /usr/bin/time -v "$BIN" export --database-url "sqlite://$DB" ${SERVE_ARGS:-} \
            quotes --format $format -o /dev/null 2>&1 | grep -E "^exported|Maximum resident|Elapsed|User time|System time"
    done
fi

if [ -n "${DATASETTE:-}" ]; then
    DSPORT=3913
    # Not immutable (-i): with it, startup on the 1M file had not finished after
    # 5 minutes. A mutable file is opened read-only all the same.
    taskset -c 1 "$DATASETTE" serve "$DB" --port $DSPORT --setting suggest_facets off \
        --setting sql_time_limit_ms 600000 --setting max_csv_mb 0 >/dev/null 2>&1 &
    DS=$!
    for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$DSPORT/-/versions.json" >/dev/null && break; sleep 0.2; done
    name=$(basename "$DB" .db)
    run "datasette csv _stream=on" "http://127.0.0.1:$DSPORT/$name/quotes.csv?_stream=on&_size=max" $DS
fi
