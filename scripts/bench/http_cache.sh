#!/usr/bin/env bash
# The cost of a 304 against the full 200: requests/s and latency of the same
# GET with and without a matching If-None-Match, for an article list (entity in
# a date range, 20 bodies a page), one article with its annotations, and newest-first
# full text (the costliest list). MATCH=/api/... runs one path only.
#
# Usage: http_cache.sh DB [DURATION]
# DB is migrated to this build's schema: run it on a copy. Pinning (2 cores):
# server on CPU 1, wrk (one thread, 16 connections) on CPU 0.
set -euo pipefail
DB=$1
DURATION=${2:-10}
BIN=${BIN:-target/release/quotewire}
PORT=3911
ENTITY=$(sqlite3 "$DB" "SELECT id FROM entities WHERE kind = 'location' ORDER BY mention_count DESC LIMIT 1 OFFSET 5")
ARTICLE=$(sqlite3 "$DB" "SELECT id FROM articles ORDER BY id LIMIT 1 OFFSET 5000")
BASE="http://127.0.0.1:$PORT"

RUST_LOG=warn taskset -c 1 "$BIN" serve --database-url "sqlite://$DB" --bind 127.0.0.1:$PORT --no-samples >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf "$BASE/healthz" >/dev/null && break; sleep 0.2; done

PATHS=("/api/articles?entity=$ENTITY&from=2020-01-01&to=2024-12-31" "/api/articles/$ARTICLE" "/api/articles?q=election&sort=newest")
[ -n "${MATCH:-}" ] && PATHS=("${MATCH}")
for path in "${PATHS[@]}"; do
    url="$BASE$path"
    # wrk sends no Accept header, and Accept is part of the tag: none here either.
    tag=$(curl -s -H "Accept:" -D - -o /dev/null "$url" | awk 'tolower($1) == "etag:" {print $2}' | tr -d '\r')
    size=$(curl -s "$url" | wc -c)
    echo "== $path ($size bytes, ETag $tag)"
    echo "-- 200 (no validator)"
    taskset -c 0 wrk -t1 -c16 -d"${DURATION}s" --latency "$url" | grep -E "Requests/sec|^ +(50|99)%|Non-2xx"
    echo "-- 304 (If-None-Match: $tag)"
    taskset -c 0 wrk -t1 -c16 -d"${DURATION}s" --latency -H "If-None-Match: $tag" "$url" \
        | grep -E "Requests/sec|^ +(50|99)%|Non-2xx"
    code=$(curl -s -H "Accept:" -o /dev/null -w '%{http_code}' -H "If-None-Match: $tag" "$url")
    echo "(check: the conditional GET answers $code)"
done
