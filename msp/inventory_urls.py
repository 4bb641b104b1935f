"""Inventory routes, included under /api/v1/ by ``msp.urls``."""

from msp import viewsets
from msp.api.routers import UUIDRouter

router = UUIDRouter()
router.register("clients", viewsets.ClientViewSet, basename="client")
router.register("sites", viewsets.SiteViewSet, basename="site")
router.register("infrastructure", viewsets.InfrastructureViewSet, basename="infrastructure")
router.register("services", viewsets.ServiceViewSet, basename="service")
router.register("networks", viewsets.NetworkViewSet, basename="network")
router.register("firewall-rules", viewsets.FirewallRuleViewSet, basename="firewallrule")
router.register("m365-tenants", viewsets.M365TenantViewSet, basename="m365tenant")
router.register("credentials", viewsets.CredentialViewSet, basename="credential")
router.register("security-incidents", viewsets.SecurityIncidentViewSet, basename="securityincident")

urlpatterns = router.urls
