"""context_recall's answers to tracking's signals."""

from __future__ import annotations

from typing import Any

from context_recall.models import ContextSnippet, ConversationContext


def move_memories(sender: Any, project: Any, old_client_id: Any, **kwargs: Any) -> None:
    """A moved project's memories move with it, inside the move's transaction. An ORM
    update is enough for search: the index follows the tables through triggers."""
    ConversationContext.objects.filter(project=project).update(client_id=project.client_id)
    ContextSnippet.objects.filter(project=project).update(client_id=project.client_id)
