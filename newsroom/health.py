"""Health endpoint for the load balancer: is this app server able to reach its database?

A cheap `SELECT 1` on the default connection; 200 with JSON when it answers, 503 when it does not,
so the balancer takes the server out of rotation instead of sending readers to error pages.
"""

import logging
import time

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("healthz: database unavailable: %s", exc)
        # A broken persistent connection must not stick to this worker: the next check reconnects.
        connection.close_if_unusable_or_obsolete()
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    elapsed_ms = round((time.perf_counter() - started) * 1000, 2)
    return JsonResponse({"status": "ok", "database": connection.vendor, "database_ms": elapsed_ms})
