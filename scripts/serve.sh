#!/usr/bin/env bash
# `make serve`: the site under gunicorn with production settings from the environment.
#
#   DATABASE_URL=postgres://user@db/newsroom DJANGO_SECRET_KEY=… DJANGO_ALLOWED_HOSTS=news.example.org make serve
#
# Production by default (DJANGO_DEBUG=0): collectstatic into staticfiles/ (hashed names, gzip and
# brotli copies, served by whitenoise with far-future cache headers), migrate, then gunicorn with
# newsroom/gunicorn.conf.py (GUNICORN_BIND default 127.0.0.1:8000, GUNICORN_WORKERS default 2×CPU+1).
# docs/deploy.md describes the whole production setup.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}

export DJANGO_DEBUG=${DJANGO_DEBUG:-0}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-newsroom.settings}
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
  echo "serve.sh: DJANGO_SECRET_KEY 未设置（生产环境必须提供一个长随机值，例如：" >&2
  echo "  export DJANGO_SECRET_KEY=\$($BIN/python -c 'import secrets; print(secrets.token_urlsafe(50))')）" >&2
  exit 2
fi
if [ -z "${DATABASE_URL:-}" ]; then
  echo "serve.sh: 警告：DATABASE_URL 未设置，使用检出目录中的 SQLite（生产环境请用 PostgreSQL）" >&2
fi

if [ "$DJANGO_DEBUG" = "0" ]; then $BIN/python manage.py check --deploy --fail-level WARNING; fi
$BIN/python manage.py collectstatic --noinput --verbosity 0
$BIN/python manage.py migrate --noinput
exec $BIN/gunicorn --config newsroom/gunicorn.conf.py "$@"
