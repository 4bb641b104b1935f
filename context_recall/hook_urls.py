"""``/api/v1/hooks/claude-code/``: the Claude Code hook endpoint and the client download."""

from django.urls import path

from context_recall.hook_views import ClaudeCodeClientView, ClaudeCodeHookView

urlpatterns = [
    path("", ClaudeCodeHookView.as_view(), name="claude-code-hook"),
    path("client.py", ClaudeCodeClientView.as_view(), name="claude-code-client"),
]
