#!/usr/bin/env bash
# Reads with and without the per-GET ETag check: `wrk -t1 -c8` on three lists of
# a BBC database, binaries interleaved, ROUNDS rounds. Each binary is given as
# NAME=BINARY:DB (a binary from before migration 0008 needs a database of its own
# schema). Server on CPU 1, wrk on CPU 0. Each figure is req/s and the server's
# CPU time per request (utime + stime over the run, µs), steadier than req/s when
# other work shares the machine. `304` is the last list again with a matching
# If-None-Match (a 200 for a build without ETags).
#
# Usage: etag_reads.sh [ROUNDS] NAME=BIN:DB...
#   scripts/bench/etag_reads.sh 3 old=/work/bench/quotewire-815b102:/tmp/bbc-old.db \
#       main=/tmp/qw-main:/tmp/bbc.db new=target/release/quotewire:/tmp/bbc.db
set -euo pipefail
ROUNDS=$1; shift
DURATION=${DURATION:-5}
PORT=3914
BASE="http://127.0.0.1:$PORT"
PATHS=("/api/articles" "/api/entities?kind=person" "/api/quotes?q=government" "/api/entities?kind=person&limit=1")
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK=$(getconf CLK_TCK)
for round in $(seq 1 "$ROUNDS"); do
    for spec in "$@"; do
        name=${spec%%=*}; rest=${spec#*=}; bin=${rest%%:*}; db=${rest#*:}
        RUST_LOG=warn taskset -c 1 "$bin" serve --database-url "sqlite://$db" --bind 127.0.0.1:$PORT --no-samples >/dev/null 2>&1 &
        server=$!
        for _ in $(seq 1 300); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done
        line="round $round $name (load $(cut -d' ' -f1 /proc/loadavg)):"
        measure() { # label, then wrk's extra arguments
            local label=$1 before out; shift
            before=$(cpu $server)
            out=$(taskset -c 0 wrk -t1 -c8 -d"${DURATION}s" "$@")
            local after; after=$(cpu $server)
            local reqs; reqs=$(echo "$out" | awk '/requests in/ {print $1}')
            local rate; rate=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
            line="$line | $label $rate/s $(echo "($after - $before) * 1000000 / $TICK / $reqs" | bc)us"
        }
        for path in "${PATHS[@]}"; do
            curl -s "$BASE$path" >/dev/null
            measure "$path" "$BASE$path"
        done
        tag=$(curl -s -H "Accept:" -D - -o /dev/null "$BASE$path" | awk 'tolower($1) == "etag:" {print $2}' | tr -d '\r')
        measure "304" -H "If-None-Match: ${tag:-none}" "$BASE$path"
        # A 304 of an embedded file: the same layers without the corpus version.
        tag=$(curl -s -H "Accept:" -D - -o /dev/null "$BASE/app.js" | awk 'tolower($1) == "etag:" {print $2}' | tr -d '\r')
        measure "304-file" -H "If-None-Match: ${tag:-none}" "$BASE/app.js"
        echo "$line"
        kill $server; wait $server 2>/dev/null || true
    done
done
