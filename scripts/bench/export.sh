#!/usr/bin/env bash
# Whole-list exports: every quote of DB as NDJSON and as CSV through
# `GET /api/quotes?format=…`, rows/s and the server's peak RSS (VmHWM) before and
# after; then Datasette's CSV stream of the quotes table on the same file when
# DATASETTE is set (a `datasette` executable).
#
# Usage: export.sh DB
# DB is migrated to this build's schema: run it on a copy. Server on CPU 1, curl
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
hwm() { awk '/VmHWM/ {print $2 / 1024 " MB"}' "/proc/$1/status"; }

echo "quotes in $DB: $ROWS; server peak RSS before: $(hwm $SERVER)"
# VmRSS of $1 every 0.25 s into $2, until killed: flat memory shows as a flat series.
sample() { while true; do awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; sleep 0.25; done > "$2"; }
run() { # name url pid
    local start end lines sampler
    sample "$3" /tmp/qw_export_rss.txt &
    sampler=$!
    start=$(date +%s.%N)
    lines=$(taskset -c 0 curl -sf "$2" | wc -l)
    end=$(date +%s.%N)
    kill $sampler
    echo "$1: $lines lines in $(echo "$end - $start" | bc) s = $(echo "$lines / ($end - $start)" | bc) lines/s; peak RSS $(hwm "$3")"
    echo "    RSS MB every 0.25 s: $(tr '\n' ' ' < /tmp/qw_export_rss.txt)"
}
for round in 1 2; do
    run "ndjson (round $round)" "$BASE/api/quotes?format=ndjson" $SERVER
    run "csv    (round $round)" "$BASE/api/quotes?format=csv" $SERVER
done
run "csv, offsets=utf16" "$BASE/api/quotes?format=csv&offsets=utf16" $SERVER

if [ -n "${DATASETTE:-}" ]; then
    kill $SERVER; wait $SERVER 2>/dev/null || true
    DSPORT=3913
    taskset -c 1 "$DATASETTE" serve -i "$DB" --port $DSPORT --setting suggest_facets off \
        --setting sql_time_limit_ms 600000 >/dev/null 2>&1 &
    DS=$!
    for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$DSPORT/-/versions.json" >/dev/null && break; sleep 0.2; done
    name=$(basename "$DB" .db)
    run "datasette csv _stream=on" "http://127.0.0.1:$DSPORT/$name/quotes.csv?_stream=on&_size=max" $DS
fi
