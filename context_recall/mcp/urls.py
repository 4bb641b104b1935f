from django.urls import path

from context_recall.mcp.views import McpView

urlpatterns = [
    path("", McpView.as_view(), name="mcp"),
]
