"""GET /healthz for load balancers: does the database answer, and is every migration applied?

200 {"status": "ok", "database": "ok", "migrations": "ok"}; otherwise 503 with the reason in the
failing field ("unreachable", "3 unapplied"). Always JSON, never cached, open to everyone.
"""

import logging

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)

# Set once every migration is applied, for the life of the process: migrations are applied
# before new code starts serving and never unapplied under it, so after the first success a
# check is one small query. Until then every request looks again (a deploy that has not run
# `migrate` yet turns healthy as soon as it has).
migrations_applied = False


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        # The reason goes to the log for whoever is on call, not to an unauthenticated client.
        logger.warning("Health check: the database did not answer.", exc_info=True)
        return "unreachable"
    return "ok"


def migrations_state() -> str:
    global migrations_applied
    if migrations_applied:
        return "ok"
    try:
        # Every migration the code has against those recorded, not the plan to the newest ones:
        # the plan skips an old migration that is unrecorded beneath a newer recorded one.
        loader = MigrationLoader(connection)
        unapplied = len(set(loader.graph.nodes) - set(loader.applied_migrations))
    except Exception:
        logger.warning("Health check: the migration state could not be read.", exc_info=True)
        return "unknown"
    if unapplied:
        return f"{unapplied} unapplied"
    migrations_applied = True
    return "ok"


@csrf_exempt  # so a POST answers 405 in JSON rather than the CSRF failure page
@never_cache
def healthz(request):
    if request.method not in ("GET", "HEAD"):
        response = JsonResponse({"status": "error", "error": "method not allowed; use GET"},
                                status=405)
        response["Allow"] = "GET, HEAD"
        return response
    report = {"status": "ok", "database": database_state(), "migrations": "unknown"}
    if report["database"] == "ok":
        report["migrations"] = migrations_state()
    healthy = report["database"] == "ok" and report["migrations"] == "ok"
    if not healthy:
        report["status"] = "error"
    return JsonResponse(report, status=200 if healthy else 503)
