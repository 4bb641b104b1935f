"""context_recall routes, included under /api/v1/ by ``msp.urls``."""

from django.urls import path

from context_recall import viewsets
from msp.api.routers import UUIDRouter

router = UUIDRouter()
router.register("contexts", viewsets.ConversationContextViewSet, basename="conversationcontext")
router.register("snippets", viewsets.ContextSnippetViewSet, basename="contextsnippet")
router.register("project-states", viewsets.ProjectStateViewSet, basename="projectstate")
router.register("decisions", viewsets.DecisionLogViewSet, basename="decisionlog")

urlpatterns = [
    path("recall/", viewsets.RecallView.as_view(), name="recall"),
    *router.urls,
]
