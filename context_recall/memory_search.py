"""Full-text search of memories for the admin: recall's own index, analysis and scoping.

A selector (a read). The query is analysed as recall analyses it (stems, spelling,
thesaurus), the engine is recall's (SQLite FTS5 / InnoDB FULLTEXT through
``context_recall.search.backend()``), and the scopes searched are those a recall of
the user's visible projects reads: each visible project's, each visible client's and the
global one (a project filter narrows it to that project's recall scopes exactly). The
rows found are then loaded through the admin's scoped queryset, so a document that is
stale or of another client can never show a row.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import connection
from django.db.models import Model

from context_recall.search import analysis, backend, documents
from msp.scoping import scope_for_user, visible_clients
from tracking.models import Project

# Scoped terms per engine query (terms x scopes): long OR lists stay fast in both engines.
TERMS_PER_QUERY = 400
MAX_HITS = 500


def visible_scopes(user: Any, project_id: uuid.UUID | str | None = None) -> list[str]:
    """The index partitions ``user`` may search (one project's recall scopes if given)."""
    projects = scope_for_user(Project.objects.all(), user)
    if project_id:
        pairs = list(projects.filter(pk=project_id).values_list("pk", "client_id"))
        scopes = set()
        for pk, client_id in pairs:
            scopes.update(documents.scopes_of(pk, client_id))
        return sorted(scopes)
    scopes = {documents.project_scope(pk) for pk in projects.values_list("pk", flat=True)}
    scopes.update(
        documents.client_scope(pk) for pk in visible_clients(user).values_list("pk", flat=True)
    )
    scopes.add(documents.GLOBAL_SCOPE)
    return sorted(scopes)


def search_memory_ids(
    model: type[Model], q: str, user: Any, *, project_id: uuid.UUID | str | None = None
) -> list[uuid.UUID]:
    """Ids of ``model``'s rows matching ``q`` in the full-text index, best first."""
    kind = documents.kind_of(model)
    query = analysis.analyse(q)
    if kind is None or not query:
        return []
    terms = query.terms
    scopes = visible_scopes(user, project_id)
    per_query = max(1, TERMS_PER_QUERY // max(1, len(terms)))
    found: list[uuid.UUID] = []
    seen: set[uuid.UUID] = set()
    engine = backend()
    for start in range(0, len(scopes), per_query):
        chunk = scopes[start : start + per_query]
        scoped_terms = [f"{documents.scope_key(s)}_{term}" for term in terms for s in chunk]
        for row in engine.search(connection, scoped_terms, MAX_HITS):
            object_id = row[2] if isinstance(row[2], uuid.UUID) else uuid.UUID(str(row[2]))
            if row[1] == kind and object_id not in seen:
                seen.add(object_id)
                found.append(object_id)
        if len(found) >= MAX_HITS:
            break
    return found[:MAX_HITS]
