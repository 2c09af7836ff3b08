#!/usr/bin/env bash
# `make bench`: every benchmark, figures printed (not asserted).
#   1. import of 3,650 generated issues (ten years) on SQLite and on PostgreSQL (bench/bench_import.py)
#   2. search on SQLite and on PostgreSQL (bench/bench_search.py)
#   3. reader pages under load: ten-year archive in PostgreSQL, the site under `make serve` (gunicorn,
#      DEBUG off), wrk against /, an issue, an article, a month calendar, a search and a static file
#      (bench/bench_load.py)
# Each PostgreSQL run gets its own throwaway cluster (scripts/with-postgres.sh).
# BENCH_ISSUES (default 3650), BENCH_SEARCH_ARTICLES (default 100000) and BENCH_DURATION (seconds of
# wrk per URL, default 10) scale it down, e.g. for a smoke run:
#   BENCH_ISSUES=30 BENCH_SEARCH_ARTICLES=2000 BENCH_DURATION=1 make bench
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
ISSUES=${BENCH_ISSUES:-3650}
DURATION=${BENCH_DURATION:-10}
ARTICLES=${BENCH_SEARCH_ARTICLES:-100000}
status=0
run() {
  echo
  echo "== $1 =="
  shift
  "$@" || { echo "!! 失败（退出码 $?）：$*"; status=1; }
}

echo "== 机器 =="
echo "nproc: $(nproc)"
free -h
date -u

run "导入基准 · SQLite" env -u DATABASE_URL $BIN/python bench/bench_import.py --issues "$ISSUES"
run "导入基准 · PostgreSQL" bash scripts/with-postgres.sh $BIN/python bench/bench_import.py --issues "$ISSUES"
if [ -f bench/bench_search.py ]; then
  run "搜索基准 · SQLite" env -u DATABASE_URL $BIN/python bench/bench_search.py --articles "$ARTICLES"
  run "搜索基准 · PostgreSQL" bash scripts/with-postgres.sh $BIN/python bench/bench_search.py --articles "$ARTICLES"
else
  echo "!! bench/bench_search.py 不存在，跳过搜索基准"; status=1
fi
run "版面文件基准 · SQLite" env -u DATABASE_URL $BIN/python bench/bench_pagefiles.py
run "读者页面负载基准 · PostgreSQL + gunicorn + wrk" \
  bash scripts/with-postgres.sh $BIN/python bench/bench_load.py --issues "$ISSUES" --duration "$DURATION"
exit $status
