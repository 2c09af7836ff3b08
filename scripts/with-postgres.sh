#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: initdb in a temporary directory, a free
# port on 127.0.0.1, DATABASE_URL exported, the cluster stopped and removed afterwards.
# initdb/postgres refuse to run as root, so as root they run as the postgres system user.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL server binaries not found (make system-deps)"; exit 1; }
PGDIR=$(mktemp -d /tmp/newsroom-pg.XXXXXX)
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$PGDIR"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGDIR"
}
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$PGDIR/data" -E UTF8 --locale=C.UTF-8 -U postgres --auth=trust >"$PGDIR/initdb.log" 2>&1 \
  || { cat "$PGDIR/initdb.log"; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
  -o "-p $PORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$PGDIR/server.log"; exit 1; }
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/newsroom"
export NEWSROOM_PG_BIN="$PGBIN" NEWSROOM_PG_DATA="$PGDIR/data" NEWSROOM_PG_PORT="$PORT"
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres newsroom
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
set +e
"$@"
status=$?
set -e
exit $status
