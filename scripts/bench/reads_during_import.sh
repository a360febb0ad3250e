#!/usr/bin/env bash
# Reads while an import runs: read throughput of one typical query (quotes by
# speaker) for DURATION seconds on an idle database, then again while
# `quotewire import` writes a second corpus into the same file from another process.
#
# Usage: reads_during_import.sh DB EXTRA.ndjson [DURATION]
# Pinning (2 cores): server on CPU 1; wrk and the importer share CPU 0.
set -euo pipefail
DB=$1
EXTRA=$2
DURATION=${3:-20}
BIN=${BIN:-target/release/quotewire}
PORT=3901
SPEAKER=$(sqlite3 "$DB" "SELECT speaker_entity_id FROM quotes WHERE speaker_entity_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1 OFFSET 20")
URL="http://127.0.0.1:$PORT/api/quotes?speaker=$SPEAKER&limit=20"

RUST_LOG=warn taskset -c 1 "$BIN" serve --database-url "sqlite://$DB" --bind 127.0.0.1:$PORT --no-samples >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

# The server's CPU time (user + system, clock ticks) from /proc: how busy its core
# was, which tells a slower server from a load generator starved by the importer.
ticks() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
busy() { echo "server CPU busy: $(( ($(ticks) - $1) * 100 / $(getconf CLK_TCK) / DURATION ))%"; }

echo "== idle: $URL"
t0=$(ticks)
taskset -c 0 wrk -t1 -c16 -d"${DURATION}s" --latency "$URL" | grep -E "Requests/sec|^ +(50|99)%|Non-2xx"
busy "$t0"

echo "== during import of $EXTRA"
before=$(sqlite3 "$DB" "SELECT count(*) FROM articles")
taskset -c 0 "$BIN" import --database-url "sqlite://$DB" "$EXTRA" > /tmp/qw_reads_import.log 2>&1 &
IMPORT=$!
sleep 1
t0=$(ticks)
taskset -c 0 wrk -t1 -c16 -d"${DURATION}s" --latency "$URL" | grep -E "Requests/sec|^ +(50|99)%|Non-2xx"
busy "$t0"
after=$(sqlite3 "$DB" "SELECT count(*) FROM articles")
echo "articles written during the read run: $((after - before))"
wait $IMPORT || true
tail -1 /tmp/qw_reads_import.log
