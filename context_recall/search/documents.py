"""Search documents: what each kind of memory contributes to the index, and keeping the
``RecallDocument`` rows in step with the memories (signals on save and delete, tag
changes included; ``rebuild`` for everything else, which ``reindex_search`` runs).

A memory's words and vector are computed here in Python, not by database triggers: the
stemmer, the tags and the embedding model live here, and both engines then index the
same words. Writes that bypass ``save()`` (``QuerySet.update()`` of a text column, raw
SQL) leave a document stale until ``reindex_search``; the services never do that, and
recall applies the exact scope to every row it loads whatever the document says.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import IntegrityError, models, transaction

from context_recall import scoring
from context_recall.search import analysis, embedding, links
from msp.http import after_response

SCOPE_KEY_CHARS = 12
BATCH = 500
EMBEDDED_CHARS = 4000  # a static embedding averages words: more text only blurs it


@dataclass(frozen=True)
class Source:
    """How one kind of memory is indexed."""

    kind: str
    model_label: str
    tagged: bool
    # Kinds without an importance column weigh this.
    fixed_importance: int = 5

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)


SOURCES: tuple[Source, ...] = (
    Source("context", "context_recall.ConversationContext", tagged=True),
    Source("snippet", "context_recall.ContextSnippet", tagged=True),
    Source("decision", "context_recall.DecisionLog", tagged=True),
    Source("project_state", "context_recall.ProjectState", tagged=False),
    Source("problem_solution", "tracking.ProblemSolution", tagged=True, fixed_importance=6),
    Source("infrastructure_note", "msp.Infrastructure", tagged=False, fixed_importance=6),
)
SOURCES_BY_KIND = {source.kind: source for source in SOURCES}


@functools.cache
def _kinds() -> dict[type[models.Model], str]:
    return {source.model: source.kind for source in SOURCES}


def kind_of(model: type[models.Model]) -> str | None:
    """The kind of memory ``model`` holds (None: not recallable). Called on every save."""
    return _kinds().get(model)


def project_scope(project_id: uuid.UUID) -> str:
    return f"p{project_id.hex}"


def client_scope(client_id: uuid.UUID) -> str:
    return f"c{client_id.hex}"


GLOBAL_SCOPE = "g"


def scopes_of(project_id: uuid.UUID, client_id: uuid.UUID | None) -> list[str]:
    """The partitions a project's recall reads: its own, its client's, everyone's."""
    scopes = [project_scope(project_id), GLOBAL_SCOPE]
    if client_id:
        scopes.append(client_scope(client_id))
    return scopes


def scope_key(scope: str) -> str:
    """The prefix a scope puts before each of its words in the index."""
    return scope[: 1 + SCOPE_KEY_CHARS]


def scoped(terms: Iterable[str], scope: str) -> str:
    key = scope_key(scope)
    return " ".join(f"{key}_{term}" for term in terms)


def unscoped(words: str) -> list[str]:
    """The terms of a document's ``words``, without their scope key (one key for all of
    them: the document's scope)."""
    key = words[: words.find("_") + 1]
    return words.replace(key, " ").split() if key else words.split()


def joined_tags(names: Iterable[str]) -> str:
    """Tag names as a document stores them: one per line, in the order recall shows them."""
    return "\n".join(sorted(names, key=str.casefold))


def split_tags(stored: str) -> tuple[str, ...]:
    return tuple(stored.split("\n")) if stored else ()


def describe(kind: str, obj: Any) -> tuple[str, str]:
    """(title, text) of a memory as recall indexes and shows it."""
    if kind == "project_state":
        return (
            f"{obj.project.name}: {obj.get_phase_display()}, {obj.progress}%",
            obj.recall_text(),
        )
    if kind == "problem_solution":
        parts = [f"Symptom: {obj.symptom}"]
        if obj.root_cause:
            parts.append(f"Root cause: {obj.root_cause}")
        parts.append(f"Resolution: {obj.resolution}")
        if obj.verification:
            parts.append(f"Verified: {obj.verification}")
        return obj.title, "\n".join(parts)
    if kind == "infrastructure_note":
        return obj.hostname, obj.environmental_notes
    return obj.title, obj.recall_text()


def scope_of(kind: str, obj: Any) -> str | None:
    """The partition ``obj`` is searched in; None: not recallable (not indexed)."""
    if kind in ("context", "decision", "project_state"):
        return project_scope(obj.project_id)
    if kind == "snippet":
        if obj.project_id:
            return project_scope(obj.project_id)
        return client_scope(obj.client_id) if obj.client_id else GLOBAL_SCOPE
    if kind == "problem_solution":
        if obj.client_id:
            return client_scope(obj.client_id)
        project_id = obj.session.project_id if obj.session_id else None
        return project_scope(project_id) if project_id else GLOBAL_SCOPE
    if kind == "infrastructure_note":
        return client_scope(obj.client_id) if obj.environmental_notes.strip() else None
    raise ValueError(f"unknown kind {kind!r}")


def occurred_at(obj: Any) -> datetime:
    return getattr(obj, "occurred_at", None) or obj.updated_at or obj.created_at


@dataclass
class Built:
    """A document's values before its vector is computed."""

    kind: str
    object_id: uuid.UUID
    scope: str
    title: str
    words: str
    length: int
    term_counts: str
    tags: tuple[str, ...]
    entities: str
    embed_text: str
    importance: int
    usage_count: int
    occurred_at: datetime
    source_updated_at: datetime

    def values(self, model_name: str) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "title": self.title[:200],
            "words": self.words,
            "length": self.length,
            "term_counts": self.term_counts,
            "tags": joined_tags(self.tags),
            "entities": self.entities,
            "embedding_model": model_name,
            "importance": self.importance,
            "usage_count": self.usage_count,
            "occurred_at": self.occurred_at,
            "source_updated_at": self.source_updated_at,
        }


def build(kind: str, obj: Any, tags: Iterable[str] = ()) -> Built | None:
    source = SOURCES_BY_KIND[kind]
    scope = scope_of(kind, obj)
    if scope is None:
        return None
    title, text = describe(kind, obj)
    tags = tuple(tags)
    tag_text = " ".join(sorted(tags))
    title_terms = analysis.terms(title)
    terms = title_terms * 2 + analysis.terms(text) + analysis.terms(tag_text)
    return Built(
        kind=kind,
        object_id=obj.pk,
        scope=scope,
        title=title,
        words=scoped(terms, scope),
        length=len(terms),
        term_counts=scoring.term_counts(terms),
        tags=tags,
        entities=" ".join(sorted(analysis.entities(f"{title}\n{text}"))),
        embed_text=f"{title}. {tag_text}. {text}"[:EMBEDDED_CHARS],
        importance=getattr(obj, "importance", source.fixed_importance),
        usage_count=getattr(obj, "usage_count", 0),
        occurred_at=occurred_at(obj),
        source_updated_at=obj.updated_at,
    )


def _tag_names(obj: Any) -> list[str]:
    return [tag.name for tag in obj.tags.all()]


def index_object(kind: str, obj: Any, *, created: bool = False) -> None:
    """Create or refresh ``obj``'s document (or remove it when it is not recallable).
    ``created``: ``obj`` was just inserted, so it has no tags and no document yet (one
    INSERT instead of a tag query and an upsert)."""
    source = SOURCES_BY_KIND[kind]
    tags = _tag_names(obj) if source.tagged and not created else ()
    built = build(kind, obj, tags)
    document_model = apps.get_model("context_recall", "RecallDocument")
    if built is None:
        if not created:
            remove_object(kind, obj.pk)
        return
    embedder = embedding.get_embedder()
    vector = embedder.embed([built.embed_text])[0]
    stored_vector = embedding.to_bytes(vector)
    values = built.values(embedder.name)
    decisions = apps.get_model("context_recall", "DecisionLog")

    def link(doc_id: int, replaced: int | None = None) -> None:
        # Once the response is sent: reading the scope's vectors is most of a save's
        # cost when this process holds no copy of them (docs/benchmarks.md).
        after_response(
            functools.partial(
                links.link_indexed, document_model, decisions, doc_id=doc_id, kind=kind,
                scope=built.scope, vector=vector, replaced=replaced,
            )
        )  # fmt: skip

    def write() -> int:
        document = document_model.objects.create(kind=kind, object_id=obj.pk, **values)
        _vector_model().objects.create(
            scope=built.scope, document_id=document.id, length=built.length, vector=stored_vector
        )
        return document.id

    if created:
        with transaction.atomic():
            link(write())
        return
    with transaction.atomic():
        current = (
            document_model.objects.select_for_update()
            .filter(kind=kind, object_id=obj.pk)
            .values_list("id", "scope", "words", "occurred_at")
            .first()
        )
        if (
            current is not None
            and current[1:3] == (values["scope"], values["words"])
            and _stored_vector(current[0], current[1]) == stored_vector
        ):
            # What is searched is the same: the ranking columns change in place (the
            # full-text index and the processes' copies of the vectors stay valid).
            searched = ("scope", "words")
            document_model.objects.filter(id=current[0]).update(
                **{k: v for k, v in values.items() if k not in searched}
            )
            # Which memory is older, or a decision's explicit successor, may have changed.
            if kind == "decision" or current[3] != values["occurred_at"]:
                link(current[0], replaced=current[0])
            return
        # Words, vector or scope changed: a new row, never an update in place. Its new id
        # is what tells every process that the scope's vectors changed (``vectors``).
        if current is not None:
            _delete(document_model, [current[:2]])
        try:
            with transaction.atomic():
                document_id = write()
        except IntegrityError:  # a concurrent writer of this memory got there first
            _delete(document_model, _documents_of(document_model, kind, obj.pk))
            document_id = write()
        if current is not None and current[1] != built.scope:
            # Moved to another scope: what pointed at it there is linked anew.
            after_response(
                functools.partial(links.unlink_removed, document_model, [(current[0], current[1])])
            )
        link(
            document_id,
            replaced=current[0] if current is not None and current[1] == built.scope else None,
        )


def _vector_model() -> type[models.Model]:
    return apps.get_model("context_recall", "RecallVector")


def _stored_vector(document_id: int, scope: str) -> bytes:
    stored = (
        _vector_model()
        .objects.filter(scope=scope, document_id=document_id)
        .values_list("vector", flat=True)
        .first()
    )
    return bytes(stored or b"")


def _documents_of(
    document_model: type[models.Model], kind: str, object_id: uuid.UUID
) -> list[tuple[int, str]]:
    return list(
        document_model.objects.filter(kind=kind, object_id=object_id).values_list("id", "scope")
    )


def _delete(document_model: type[models.Model], found: list[tuple[int, str]]) -> None:
    """Documents, given as (id, scope), and their vectors."""
    ids = [document_id for document_id, _ in found]
    document_model.objects.filter(id__in=ids).delete()
    _vector_model().objects.filter(
        scope__in={scope for _, scope in found}, document_id__in=ids
    ).delete()


def remove_object(kind: str, object_id: uuid.UUID) -> None:
    """Delete the memory's document; what it superseded is linked anew."""
    document_model = apps.get_model("context_recall", "RecallDocument")
    found = _documents_of(document_model, kind, object_id)
    if not found:
        return
    _delete(document_model, found)
    after_response(functools.partial(links.unlink_removed, document_model, found))


def _batches(source: Source) -> Iterator[list[Any]]:
    queryset = source.model.objects.order_by("pk")
    if source.kind == "project_state":
        queryset = queryset.select_related("project")
    elif source.kind == "problem_solution":
        queryset = queryset.select_related("session")
    if source.tagged:
        queryset = queryset.prefetch_related("tags")
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        rows = list(page[:BATCH])
        if not rows:
            return
        yield rows
        last = rows[-1].pk


def rebuild(progress: Callable[[int], None] = lambda n: None) -> int:
    """Every document anew from the memories, embedded in batches. Answers the count."""
    document_model = apps.get_model("context_recall", "RecallDocument")
    embedder = embedding.get_embedder()
    total = 0
    vector_model = _vector_model()
    with transaction.atomic():
        document_model.objects.all().delete()
        vector_model.objects.all().delete()
        for source in SOURCES:
            for rows in _batches(source):
                built = [
                    b
                    for b in (
                        build(source.kind, obj, _tag_names(obj) if source.tagged else ())
                        for obj in rows
                    )
                    if b is not None
                ]
                vectors = embedder.embed([b.embed_text for b in built]) if built else []
                # Both engines hand the new ids back (RETURNING): the vectors need them.
                created = document_model.objects.bulk_create(
                    document_model(kind=b.kind, object_id=b.object_id, **b.values(embedder.name))
                    for b in built
                )
                vector_model.objects.bulk_create(
                    vector_model(
                        scope=b.scope,
                        document_id=document.pk,
                        length=b.length,
                        vector=embedding.to_bytes(v),
                    )
                    for b, document, v in zip(built, created, vectors, strict=True)
                )
                total += len(built)
                progress(len(rows))
        links.link_all(document_model, apps.get_model("context_recall", "DecisionLog"))
    return total


def count_sources() -> int:
    return sum(source.model.objects.count() for source in SOURCES)
