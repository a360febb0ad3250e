#!/usr/bin/env bash
# Import rate and peak memory: a fresh database, `quotewire import INPUT`, timed by
# GNU time (elapsed wall clock and maximum resident set size).
#
# Usage: import.sh INPUT DB      e.g. import.sh ../shared/corpus/bbc /work/bench/bbc.db
set -euo pipefail
INPUT=$1
DB=$2
BIN=${BIN:-target/release/quotewire}
rm -f "$DB" "$DB-wal" "$DB-shm"
/usr/bin/time -f "wall %e s, max RSS %M KiB, user %U s, sys %S s" \
  "$BIN" import --database-url "sqlite://$DB" "$INPUT"
ls -l "$DB" | awk '{printf "database %.1f MB\n", $5/1e6}'
