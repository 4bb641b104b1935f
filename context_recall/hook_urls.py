"""``/api/v1/hooks/claude-code/``: the Claude Code hook endpoint and the client download."""

urlpatterns: list = []
