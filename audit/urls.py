"""Audit routes, included under /api/v1/audit/ by ``msp.urls``."""

from rest_framework.routers import SimpleRouter

from audit.viewsets import ApiRequestLogViewSet, AuditEventViewSet

# ``path()`` routes like the rest of the API (the URL-walking auth test reads them).
router = SimpleRouter(use_regex_path=False)
router.register("api-requests", ApiRequestLogViewSet, basename="apirequestlog")
router.register("events", AuditEventViewSet, basename="auditevent")

urlpatterns = router.urls
