"""Gunicorn settings for `make serve`, read from the environment (12-factor, like newsroom/settings.py).

GUNICORN_BIND       default 127.0.0.1:8000 (a reverse proxy in front; never expose 0.0.0.0 by accident)
GUNICORN_WORKERS    default 2 × CPU cores + 1
GUNICORN_THREADS    default 1 (sync workers); >1 switches to gthread workers
GUNICORN_TIMEOUT    default 30 s
GUNICORN_ACCESSLOG  default off ("-" for stdout)
"""

import multiprocessing
import os

wsgi_app = "newsroom.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never take a server down; jitter avoids all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Load the application before forking: faster worker start, shared memory, errors at start-up.
preload_app = True
# The proxy (nginx) sets X-Forwarded-Proto; trust it from these addresses only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
proc_name = "newsroom"
