"""context_recall's answers to tracking's signals."""

from __future__ import annotations

from typing import Any

from context_recall.models import ContextSnippet, ConversationContext
from context_recall.search import documents


def move_memories(sender: Any, project: Any, old_client_id: Any, **kwargs: Any) -> None:
    """A moved project's memories move with it, inside the move's transaction, and so do
    the search documents of what changed scope: the problem solutions of its sessions now
    belong to the new client (``QuerySet.update()`` sends no signal). Its contexts and
    snippets are searched in the project's own scope, which does not move."""
    from tracking.models import ProblemSolution

    ConversationContext.objects.filter(project=project).update(client_id=project.client_id)
    ContextSnippet.objects.filter(project=project).update(client_id=project.client_id)
    moved = ProblemSolution.objects.filter(session__project=project).select_related("session")
    for solution in moved.prefetch_related("tags"):
        documents.index_object("problem_solution", solution)
