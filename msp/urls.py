from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from msp.api.docs import OfflineRedocView, redoc_bundle
from msp.api.index import ApiIndexView
from msp.health import healthz

# The admin's "View site" link: the API's documentation is the site of this server.
admin.site.site_url = "/api/docs/"

api_v1 = [
    path("", ApiIndexView.as_view(), name="api-index"),
    path("auth/machine-tokens/", include("tracking.machine_token_urls")),
    path("auth/", include("msp.auth.urls")),
    path("audit/", include("audit.urls")),
    path("", include("msp.inventory_urls")),
    path("", include("tracking.urls")),
    path("", include("context_recall.urls")),
    path("hooks/claude-code/", include("context_recall.hook_urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", OfflineRedocView.as_view(url_name="schema"), name="redoc"),
    path("api/redoc/redoc.standalone.js", redoc_bundle, name="redoc-bundle"),
    path("admin/", admin.site.urls),
    # Outside /api/v1/: MCP clients are configured with one URL, and the protocol has
    # versions of its own.
    path("mcp/", include("context_recall.mcp.urls")),
]

handler400 = "msp.api.handlers.bad_request"
handler403 = "msp.api.handlers.permission_denied"
handler404 = "msp.api.handlers.not_found"
handler500 = "msp.api.handlers.server_error"
