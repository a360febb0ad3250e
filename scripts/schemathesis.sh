#!/usr/bin/env bash
# Property-based API tests: schemathesis (PyPI, pinned) against a freshly started
# server over a fresh temporary database holding the samples, with a fixed seed
# and a bounded budget. Fails on any 5xx, any response that does not match
# /openapi.json (status, content type, headers, body), any dropped connection, and
# on the stateful checks (use after delete, resources gone missing, auth ignored).
#
# Every check runs but `positive_data_acceptance`: it expects a 2xx for any
# request the schema admits, and this API answers 4xx to schema-valid input on
# purpose where JSON Schema cannot say what is valid: a quote for an article that
# does not exist (422), an empty body (422), a cursor it did not give out (400),
# `sort=relevance` without words to rank by (400).
#
#   scripts/schemathesis.sh                  # the CI run
#   ST_SEED=7 ST_MAX_EXAMPLES=100 scripts/schemathesis.sh
#   ST_PROFILE=dev scripts/schemathesis.sh   # against the debug build
#   ST_EXTRA=--continue-on-failure scripts/schemathesis.sh   # more schemathesis options
#
# The report (JUnit and a cassette of every request) goes to target/schemathesis/.
set -euo pipefail
cd "$(dirname "$0")/.."

ST_VERSION=4.32.5
ST_SEED=${ST_SEED:-20261201}
ST_MAX_EXAMPLES=${ST_MAX_EXAMPLES:-25}
ST_PORT=${ST_PORT:-38471}
ST_PROFILE=${ST_PROFILE:-release}
ST_VENV=${ST_VENV:-target/schemathesis-venv}
# The whole run, installation excluded, must end within this many seconds.
ST_BUDGET=${ST_BUDGET:-900}
REPORT_DIR=target/schemathesis
TOKEN=schemathesis-token

if ! "$ST_VENV/bin/schemathesis" --version 2>/dev/null | grep -qF "$ST_VERSION"; then
    python3 -m venv "$ST_VENV"
    "$ST_VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$ST_VERSION"
fi

if [ "$ST_PROFILE" = release ]; then
    cargo build --release --locked
    BIN=target/release/quotewire
else
    cargo build --locked
    BIN=target/debug/quotewire
fi

WORK=$(mktemp -d)
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then
        kill "$SERVER" 2>/dev/null || true
        wait "$SERVER" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Writes need the token, as on any exposed server: schemathesis sends it, and its
# `ignored_auth` check makes sure requests without it are refused.
QUOTEWIRE_LOG_FORMAT=text RUST_LOG=warn "$BIN" serve \
    --database-url "sqlite://$WORK/schemathesis.db" \
    --bind "127.0.0.1:$ST_PORT" --api-token "$TOKEN" \
    >"$WORK/server.log" 2>&1 &
SERVER=$!

BASE="http://127.0.0.1:$ST_PORT"
for _ in $(seq 1 300); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$BASE/readyz" 2>/dev/null; then
        break
    fi
    if ! kill -0 "$SERVER" 2>/dev/null; then
        echo "schemathesis.sh: the server did not start:" >&2
        cat "$WORK/server.log" >&2
        exit 1
    fi
    sleep 0.2
done

mkdir -p "$REPORT_DIR"
status=0
# scripts/schemathesis_hooks.py: how to send the NDJSON bodies of the batch routes.
SCHEMATHESIS_HOOKS=scripts.schemathesis_hooks \
    timeout --signal=INT "$ST_BUDGET" "$ST_VENV/bin/schemathesis" --no-color \
    --config-file scripts/schemathesis.toml run "$BASE/openapi.json" \
    --header "Authorization: Bearer $TOKEN" \
    --phases examples,coverage,fuzzing,stateful \
    --checks all \
    --exclude-checks positive_data_acceptance \
    --seed "$ST_SEED" \
    --max-examples "$ST_MAX_EXAMPLES" \
    --generation-database none \
    --workers 1 \
    --request-timeout 40 \
    --report junit,vcr --report-dir "$REPORT_DIR" \
    ${ST_EXTRA:-} \
    || status=$?

# A server that died under the run fails it even when every answer looked right.
if ! kill -0 "$SERVER" 2>/dev/null; then
    echo "schemathesis.sh: the server exited during the run:" >&2
    tail -n 50 "$WORK/server.log" >&2
    status=1
fi
if grep -q "panicked" "$WORK/server.log"; then
    echo "schemathesis.sh: the server panicked $(grep -c panicked "$WORK/server.log") times; the first:" >&2
    grep -m1 -A1 "panicked" "$WORK/server.log" >&2
    status=1
fi
exit "$status"
