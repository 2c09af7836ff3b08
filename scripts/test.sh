#!/usr/bin/env bash
# The whole suite, twice: on SQLite (the embedded default) and on a real PostgreSQL server.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p test-artifacts
echo "== ruff =="
$BIN/ruff check . || exit 1
echo "== import contracts =="
$BIN/lint-imports || exit 1
echo "== SQLite =="
env -u DATABASE_URL $BIN/python -m pytest -q -p no:cacheprovider "$@"
sqlite_status=$?
echo "== PostgreSQL =="
bash scripts/with-postgres.sh $BIN/python -m pytest -q -p no:cacheprovider "$@"
pg_status=$?
echo "SQLite run: exit $sqlite_status; PostgreSQL run: exit $pg_status"
[ $sqlite_status -eq 0 ] && [ $pg_status -eq 0 ]
