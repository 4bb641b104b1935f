"""Inventory routes, included under /api/v1/ by ``msp.urls``."""

from rest_framework.routers import SimpleRouter

from msp import viewsets


class UUIDRouter(SimpleRouter):
    """``path()`` routes whose id is a ``<uuid:pk>``: the schema documents the id as a UUID
    and a malformed id answers 404 before any view runs."""

    def __init__(self):
        super().__init__(use_regex_path=False)

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        lookup_field = getattr(viewset, "lookup_field", "pk")
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        return f"<uuid:{lookup_prefix}{lookup_url_kwarg}>"


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
