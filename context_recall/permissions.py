"""Who may read and write memories through recall and the Claude Code hooks.

Recall and the hook answers are reads of every memory kind, so they need the view
permission of each; a hook save also writes a conversation context. Without these a
logged-in user would read memories the resource endpoints refuse them.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission

MEMORY_MODELS = ("conversationcontext", "contextsnippet", "decisionlog", "projectstate")
RECALL_PERMISSIONS = tuple(f"context_recall.view_{model}" for model in MEMORY_MODELS)
SAVE_PERMISSIONS = ("context_recall.add_conversationcontext",)


def may_recall(user) -> bool:
    return user.has_perms(RECALL_PERMISSIONS)


def may_save(user) -> bool:
    return may_recall(user) and user.has_perms(SAVE_PERMISSIONS)


class CanRecall(BasePermission):
    message = "Recall needs the context_recall view permissions."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and may_recall(request.user))
