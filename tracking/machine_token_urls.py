"""``/api/v1/auth/machine-tokens/``, included by ``msp.urls``."""

from msp.api.routers import UUIDRouter
from tracking.machine_token_api import MachineTokenViewSet

router = UUIDRouter()
router.register("", MachineTokenViewSet, basename="machinetoken")

urlpatterns = router.urls
