#!/usr/bin/env bash
# The whole suite, twice: on SQLite (the embedded default) and on a real PostgreSQL server.
# The two passes run side by side (each has its own database, its own screenshots folder under
# test-artifacts/ and its own log there); each output line is prefixed with its pass, and each
# pass's whole log is printed again at the end, in one piece, when it failed. Serially the suite
# took about 14 minutes on two cores; side by side it keeps within the guide's 10.
# NEWSROOM_TEST_SERIAL=1 runs them one after the other instead.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p test-artifacts
echo "== ruff =="
$BIN/ruff check . || exit 1

echo "== import contracts =="
$BIN/lint-imports || exit 1

start=$(date +%s)
pass() {  # pass NAME COMMAND…: run one pass, its output prefixed, kept in test-artifacts/NAME.log
  local name=$1
  shift
  NEWSROOM_TEST_ARTIFACTS="$PWD/test-artifacts/$name" "$@" -q -p no:cacheprovider "${PYTEST_ARGS[@]}" 2>&1 \
    | tee "test-artifacts/$name.log" | sed -u "s/^/[$name] /"
}
PYTEST_ARGS=("$@")
sqlite=(env -u DATABASE_URL $BIN/python -m pytest)
postgres=(bash scripts/with-postgres.sh $BIN/python -m pytest)

echo "== SQLite and PostgreSQL =="
if [ "${NEWSROOM_TEST_SERIAL:-0}" = 1 ]; then
  pass sqlite "${sqlite[@]}"
  sqlite_status=$?
  pass postgres "${postgres[@]}"
  postgres_status=$?
else
  pass sqlite "${sqlite[@]}" &
  sqlite_pid=$!
  pass postgres "${postgres[@]}" &
  pg_pid=$!
  wait $sqlite_pid
  sqlite_status=$?
  wait $pg_pid
  postgres_status=$?
fi

for name in sqlite postgres; do
  status_var=${name}_status
  if [ "${!status_var}" -ne 0 ]; then
    echo
    echo "== $name pass failed: its whole output (test-artifacts/$name.log) =="
    cat "test-artifacts/$name.log"
  fi
done
echo
echo "SQLite: $(tail -n 1 test-artifacts/sqlite.log)"
echo "PostgreSQL: $(tail -n 1 test-artifacts/postgres.log)"
echo "SQLite run: exit $sqlite_status; PostgreSQL run: exit $postgres_status; $(($(date +%s) - start)) s"
[ $sqlite_status -eq 0 ] && [ $postgres_status -eq 0 ]
