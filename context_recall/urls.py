"""context_recall routes, included under /api/v1/ by ``msp.urls``."""

from msp.api.routers import UUIDRouter

router = UUIDRouter()

urlpatterns = router.urls
