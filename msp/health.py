"""``/healthz``: public liveness and database readiness for load balancers."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # Drop the broken connection so the next probe reconnects by itself.
        connection.close_if_unusable_or_obsolete()
        return JsonResponse(
            {"status": "unavailable", "database": "unreachable"},
            status=503,
            headers={"Retry-After": "5"},
        )
    return JsonResponse({"status": "ok", "database": "ok"})
