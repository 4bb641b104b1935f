"""Reads of context recall: ``recall()`` -- scope, search, score, pack (DESIGN §6).

Scope, built here once and applied to every query (the search engine's own scope filter
is only a first cut): the project's contexts, active decisions, state, snippets and
problem solutions; then its client's snippets, problem solutions and infrastructure
notes (``Infrastructure.environmental_notes``); then global snippets and problem
solutions without a client. Never a row of another client.
"""

from __future__ import annotations

import uuid
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Model, Q, QuerySet
from django.utils import timezone

from context_recall import search
from context_recall.models import (
    ContextSnippet,
    ConversationContext,
    DecisionLog,
    DecisionStatus,
    ProjectState,
)
from context_recall.packing import PackResult, RecallItem, pack
from context_recall.scoring import Scorer
from context_recall.search_query import terms as query_terms
from context_recall.services import RECALL_MODELS
from msp.models import Infrastructure
from tracking.models import ProblemSolution, Project, TaggedItem

# Without a query, the most recent rows of each kind are the candidates.
RECENT_PER_KIND = 50


@dataclass
class RecallResult:
    project: Project
    items: list[RecallItem]
    formatted: str
    token_estimate: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "project": str(self.project.pk),
            "items": [item.as_dict() for item in self.items],
            "token_estimate": self.token_estimate,
            "formatted": self.formatted,
        }

    def recalled_ids(self) -> dict[str, list[str]]:
        """Ids of the items returned, by kind: what ``services.bump_usage`` takes once
        the caller has handed them out."""
        ids: dict[str, list[str]] = {}
        for item in self.items:
            ids.setdefault(item.kind, []).append(item.id)
        return ids


def _no_rows() -> Q:
    return Q(pk__in=[])


def scoped_queryset(project: Project, kind: str) -> QuerySet:
    """Every recallable row of ``kind`` in ``project``'s scope. May read ``project.pk``
    and ``project.client_id`` only: ``_scoped_select`` compiles it once for every project
    (of a client, or of none) and binds those two."""
    client_id = project.client_id
    same_client = Q(client_id=client_id) if client_id else _no_rows()
    if kind == "project_state":
        return ProjectState.objects.filter(project=project)
    if kind == "decision":
        return DecisionLog.objects.filter(project=project, status=DecisionStatus.ACTIVE)
    if kind == "context":
        return ConversationContext.objects.filter(project=project).filter(
            Q(client__isnull=True) | same_client
        )
    if kind == "snippet":
        return ContextSnippet.objects.filter(
            Q(project=project)
            | (Q(project__isnull=True) & same_client)
            | Q(project__isnull=True, client__isnull=True)
        )
    if kind == "problem_solution":
        return ProblemSolution.objects.filter(
            same_client
            | (
                Q(client__isnull=True)
                & (Q(session__project=project) | Q(session__project__isnull=True))
                & (Q(session__client__isnull=True) | Q(session__client_id=client_id))
            )
        )
    if kind == "infrastructure_note":
        if not client_id:
            return Infrastructure.objects.none()
        return Infrastructure.objects.filter(client_id=client_id).exclude(environmental_notes="")
    raise ValueError(f"unknown kind {kind!r}")


SEARCHED_MODELS: dict[str, type] = {
    **RECALL_MODELS,
    "problem_solution": ProblemSolution,
    "infrastructure_note": Infrastructure,
}
SEARCHED_KINDS = tuple(SEARCHED_MODELS)


# Per kind: the columns of the row's metadata that scoring reads (besides its text).
META_FIELDS: dict[str, tuple[str, ...]] = {
    "context": ("importance", "usage_count"),
    "snippet": ("importance", "usage_count"),
    "decision": ("importance", "usage_count"),
    "project_state": ("usage_count",),
    "problem_solution": (),
    "infrastructure_note": (),
}
# Kinds without an importance column weigh what the index says they weigh.
FIXED_IMPORTANCE = {s.kind: int(s.importance) for s in search.SOURCES if s.importance.isdigit()}


@dataclass(slots=True)
class Candidate:
    """What scoring needs of a row -- read without loading the row itself, which only the
    winners are (``_load``). Made for every match of a search: its id stays text, and its
    creation time the text stored, until it wins."""

    kind: str
    object_id: str  # the row's UUID as 32 hex digits
    title: str
    body: str
    importance: int
    usage_count: int
    updated_at: datetime
    created_text: str  # UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]": orders as the time does
    tags: frozenset[str] = frozenset()
    score: float = 0.0
    obj: Any = None

    @property
    def pk(self) -> uuid.UUID:
        return uuid.UUID(hex=self.object_id)

    @property
    def created_at(self) -> datetime:
        return search.stored_datetime(self.created_text)


def _stored_text(value: datetime) -> str:
    """``value`` as ``Candidate.created_text`` holds it."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _search_candidates(project: Project, terms: list[str], limit: int) -> list[Candidate]:
    # The index's scope tokens are a first cut; the scope is applied again to the rows
    # that are loaded (``_load``), so a stale index can never show another client's row.
    return [
        Candidate(*hit) for hit in search.search_hits(terms, project.pk, project.client_id, limit)
    ]


def _recent_candidates(project: Project) -> list[Candidate]:
    """Without a query: the most recent rows of each kind (text is not scored)."""
    out = []
    for kind in SEARCHED_KINDS:
        queryset = scoped_queryset(project, kind).order_by("-updated_at")
        fields = ("pk", "updated_at", "created_at", *META_FIELDS[kind])
        for row in queryset.values(*fields)[:RECENT_PER_KIND]:
            out.append(
                Candidate(
                    kind=kind,
                    object_id=row["pk"].hex,
                    title="",
                    body="",
                    importance=row.get("importance", FIXED_IMPORTANCE.get(kind, 5)),
                    usage_count=row.get("usage_count", 0),
                    updated_at=row["updated_at"],
                    created_text=_stored_text(row["created_at"]),
                )
            )
    return out


def _candidates(project: Project, terms: list[str], limit: int) -> list[Candidate]:
    if not terms:
        return _recent_candidates(project)
    return _search_candidates(project, terms, limit)


TAGGED_KINDS = ("context", "snippet", "decision", "problem_solution")


def _attach_tags(candidates: list[Candidate]) -> None:
    """Tag names of every tagged candidate, to score the tags asked for (the winners'
    come with their rows), in one query for all kinds (taggit's own prefetch over the
    generic relation is several times slower)."""
    found: dict[tuple[int, uuid.UUID], Candidate] = {}
    for candidate in candidates:
        if candidate.kind in TAGGED_KINDS:
            content_type = ContentType.objects.get_for_model(SEARCHED_MODELS[candidate.kind])
            found[(content_type.pk, candidate.pk)] = candidate
    if not found:
        return
    names: dict[tuple[int, uuid.UUID], set[str]] = {}
    rows = TaggedItem.objects.filter(
        content_type_id__in={content_type for content_type, _ in found},
        object_id__in={pk for _, pk in found},
    ).values_list("content_type_id", "object_id", "tag__name")
    for content_type, pk, name in rows:
        # A tag of a row of another kind that has the same id matches no key.
        names.setdefault((content_type, pk), set()).add(name)
    for key, candidate in found.items():
        candidate.tags = frozenset(names.get(key, ()))


def _marks(values: list) -> str:
    return ", ".join(["%s"] * len(values))


# (position, (converters, column)) per column that needs converting, as Django's
# SQLCompiler.get_converters answers them: what turns a row into Python values.
Converters = tuple[tuple[int, tuple[list, Any]], ...]
# A loaded row, and its tag names (None for a kind recall shows no tags of).
Loaded = tuple[Model, frozenset[str] | None]

# Where the compiled scope takes the project's id, its client's id and the ids loaded.
_PROJECT = object()
_CLIENT = object()
_IDS = object()
TAG_NAME = "recall_tag_name"  # annotation: one row per tag (or one with None)


@dataclass(frozen=True)
class _ScopedSelect:
    """``_described(scoped_queryset(project, kind).filter(pk__in=ids))`` as the ORM
    compiles it for any project (of a client, or of none): its SQL before and after the
    id list, the parameters on either side (``_PROJECT`` / ``_CLIENT`` where the
    project's ids go), and how to turn rows into model instances (the ORM's own
    converters and ``Model.from_db``, as its ``ModelIterable`` does)."""

    model: type[Model]
    attnames: tuple[str, ...]  # of the model's columns, which come first
    tag_column: int | None  # position of TAG_NAME, if selected
    head: str
    tail: str
    before: tuple
    after: tuple
    converters: Converters

    def rows(self, project: Project, ids: list[Any]) -> list[Loaded]:
        # The connection itself, not the thread-local proxy: every attribute read through
        # the proxy is a lookup, and converters read it once per value.
        conn = connections[DEFAULT_DB_ALIAS]
        model = self.model
        prep = model._meta.pk.get_db_prep_value
        values = [prep(i, conn) for i in ids]
        project_id = prep(project.pk, conn)
        client_id = prep(project.client_id, conn)

        def bind(slots: tuple) -> list:
            return [
                project_id if s is _PROJECT else client_id if s is _CLIENT else s for s in slots
            ]

        with conn.cursor() as cursor:
            cursor.execute(
                f"{self.head}{_marks(values)}{self.tail}",
                [*bind(self.before), *values, *bind(self.after)],
            )
            rows = cursor.fetchall()
        pk_column = self.attnames.index(model._meta.pk.attname)
        tag_column = self.tag_column
        loaded: dict[Any, tuple[Model, set[str] | None]] = {}
        for row in rows:
            seen = loaded.get(row[pk_column])
            if seen is None:  # a row per tag: the first one makes the instance
                converted = list(row)
                for pos, (funcs, column) in self.converters:
                    value = converted[pos]
                    for func in funcs:
                        value = func(value, column, conn)
                    converted[pos] = value
                obj = model.from_db(
                    DEFAULT_DB_ALIAS, self.attnames, converted[: len(self.attnames)]
                )
                seen = loaded[row[pk_column]] = (obj, None if tag_column is None else set())
            if tag_column is not None and row[tag_column] is not None:
                seen[1].add(row[tag_column])
        return [(obj, None if tags is None else frozenset(tags)) for obj, tags in loaded.values()]


_NO_ROWS = object()  # the scope is empty whatever the ids (``Model.objects.none()``)
_UNCOMPILED = object()
_SCOPED_SELECTS: dict[tuple, _ScopedSelect | object | None] = {}
_SCOPED_SELECTS_MAX = 64  # 6 kinds x 2 in use; more only when content types move (tests)


def _described(queryset: QuerySet, kind: str) -> QuerySet:
    """``queryset`` with the columns ``_describe`` reads only, and for a tagged kind the
    names of the row's tags (a row per tag): one query instead of a second for tags."""
    queryset = queryset.only(*DESCRIBED_FIELDS[kind]).order_by()
    if kind in TAGGED_KINDS:
        queryset = queryset.annotate(**{TAG_NAME: F("tags__name")})
    return queryset


def _compile_one(kind: str, has_client: bool) -> tuple[Any, ...] | object:
    """(compiler, SQL, parameters with the stand-in ids replaced by ``_PROJECT``,
    ``_CLIENT`` and ``_IDS``) for a stand-in project with fresh ids."""
    uuid_prep = Project._meta.pk.get_db_prep_value
    stand_in = Project(pk=uuid.uuid4(), client_id=uuid.uuid4() if has_client else None)
    id_slot = uuid.uuid4()
    queryset = _described(scoped_queryset(stand_in, kind).filter(pk__in=[id_slot]), kind)
    compiler = queryset.query.get_compiler(using=DEFAULT_DB_ALIAS)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _NO_ROWS
    conn = compiler.connection
    slots = {uuid_prep(stand_in.pk, conn): _PROJECT, uuid_prep(id_slot, conn): _IDS}
    if has_client:
        slots[uuid_prep(stand_in.client_id, conn)] = _CLIENT
    return compiler, sql, tuple(slots.get(p, p) if isinstance(p, Hashable) else p for p in params)


def _compile_scoped_select(kind: str, has_client: bool) -> _ScopedSelect | object | None:
    """Compiled twice with different stand-in ids, which must give the same SQL and the
    same parameters but for those ids: then the project enters the query as parameters
    only, and one compiled form serves every project. None when that or the expected
    shape (the model's columns in field order, then the tag name; one placeholder per
    parameter, the id list's among them) does not hold: the caller then runs the ORM's
    query, so a surprise costs time, never correctness."""
    first, second = _compile_one(kind, has_client), _compile_one(kind, has_client)
    if first is _NO_ROWS and second is _NO_ROWS:
        return _NO_ROWS
    if not isinstance(first, tuple) or not isinstance(second, tuple) or first[1:] != second[1:]:
        return None
    compiler, sql, params = first
    model = SEARCHED_MODELS[kind]
    columns = [expression for expression, _, _ in compiler.select]
    fields = [
        f for f in model._meta.concrete_fields if f.name in DESCRIBED_FIELDS[kind] or f.primary_key
    ]
    tag_column = compiler.annotation_col_map.get(TAG_NAME)
    if (
        [getattr(c, "target", None) for c in columns[: len(fields)]] != fields
        or compiler.klass_info["select_fields"] != list(range(len(fields)))
        or len(columns) != len(fields) + (tag_column is not None)
        or tag_column not in (None, len(fields))
    ):
        return None
    parts = _by_primary_key(sql, model, compiler.connection).split("%s")
    positions = [n for n, value in enumerate(params) if value is _IDS]
    if "%%" in sql or len(parts) != len(params) + 1 or len(positions) != 1:
        return None
    n = positions[0]
    return _ScopedSelect(
        model=model,
        attnames=tuple(f.attname for f in fields),
        tag_column=tag_column,
        head="%s".join(parts[: n + 1]),
        tail="%s".join(parts[n + 1 :]),
        before=params[:n],
        after=params[n + 1 :],
        # Shared by every thread: a converter reads its arguments and settings only,
        # never the state of the connection it was taken from.
        converters=tuple(compiler.get_converters(columns).items()),
    )


def _by_primary_key(sql: str, model: type[Model], conn: BaseDatabaseWrapper) -> str:
    """MariaDB/MySQL: ``sql`` reading the model's table by primary key (``FORCE
    INDEX``), which the id list makes the best plan whatever the scope. Left to itself
    the optimizer weighs every index the scope's columns have, which took longer than
    the read itself, and at times picked the client's index over the ten keys.
    Unchanged elsewhere, or when the table is named more than once (a subquery)."""
    if conn.vendor != "mysql":
        return sql
    table = f"FROM {conn.ops.quote_name(model._meta.db_table)}"
    if sql.count(table) != 1:
        return sql
    return sql.replace(table, f"{table} FORCE INDEX (PRIMARY)")


def _scoped_select(project: Project, kind: str) -> _ScopedSelect | object | None:
    """``_compile_scoped_select``, kept per process: building and compiling the ORM
    query cost more than running it. The scope stays defined by ``scoped_queryset``
    alone; only its compiled form is kept. The tags' content type id is compiled in as a
    constant: it is part of the key (a test database may number content types anew)."""
    content_type = None
    if kind in TAGGED_KINDS:
        content_type = ContentType.objects.get_for_model(SEARCHED_MODELS[kind]).pk
    has_client = project.client_id is not None
    key = (connection.vendor, kind, has_client, content_type)
    select = _SCOPED_SELECTS.get(key, _UNCOMPILED)
    if select is _UNCOMPILED:  # a race compiles twice, to the same result
        select = _compile_scoped_select(kind, has_client)
        if len(_SCOPED_SELECTS) >= _SCOPED_SELECTS_MAX:
            _SCOPED_SELECTS.clear()
        _SCOPED_SELECTS[key] = select
    return select


def _orm_rows(project: Project, kind: str, ids: list[Any]) -> list[Loaded]:
    """What ``_ScopedSelect.rows`` answers, from the ORM's own query."""
    loaded: dict[Any, tuple[Model, set[str] | None]] = {}
    for obj in _described(scoped_queryset(project, kind).filter(pk__in=ids), kind):
        seen = loaded.setdefault(obj.pk, (obj, set() if kind in TAGGED_KINDS else None))
        name = getattr(obj, TAG_NAME, None)
        if name is not None:
            seen[1].add(name)
    return [(obj, None if tags is None else frozenset(tags)) for obj, tags in loaded.values()]


def _load(project: Project, candidates: list[Candidate]) -> list[Candidate]:
    """The full rows of ``candidates`` that are in ``project``'s scope, with their tags,
    one query per kind; the others (a decision superseded since, an index out of step)
    are left out."""
    by_kind: dict[str, dict[Any, Candidate]] = {}
    for candidate in candidates:
        by_kind.setdefault(candidate.kind, {})[candidate.pk] = candidate
    for kind, found in by_kind.items():
        select = _scoped_select(project, kind)
        if select is _NO_ROWS:
            continue
        if isinstance(select, _ScopedSelect):
            rows = select.rows(project, list(found))
        else:
            rows = _orm_rows(project, kind, list(found))
        for obj, tags in rows:
            if kind == "project_state":
                obj.project = project  # the scope is the project's own state
            candidate = found[obj.pk]
            candidate.obj = obj
            if tags is not None:
                candidate.tags = tags
    return [candidate for candidate in candidates if candidate.obj is not None]


def _winners(project: Project, ranked: list[Candidate], limit: int) -> list[Candidate]:
    """The ``limit`` best candidates whose rows load, in rank order."""
    winners: list[Candidate] = []
    start = 0
    while len(winners) < limit and start < len(ranked):
        batch = ranked[start : start + limit - len(winners)]
        start += len(batch)
        winners.extend(_load(project, batch))
    return winners


# The columns ``_describe`` reads, per kind (besides the id; a project state's project is
# the recall's own): the only ones loaded. Reading another would cost a query per row
# (test_recall_usage describes every kind with no query allowed).
DESCRIBED_FIELDS: dict[str, tuple[str, ...]] = {
    "context": (
        "title", "summary", "key_decisions", "open_items", "files_touched", "commands",
        "errors", "current_state",
    ),
    "snippet": ("title", "content"),
    "decision": ("title", "decision", "rationale", "alternatives", "impact"),
    "project_state": ("phase", "progress", "summary", "blockers", "next_actions", "key_files"),
    "problem_solution": ("title", "symptom", "root_cause", "resolution", "verification"),
    "infrastructure_note": ("hostname", "environmental_notes"),
}  # fmt: skip


def _describe(kind: str, obj) -> tuple[str, str]:
    """(title, text) of a row of ``kind`` as recall shows it."""
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


def recall(
    project: Project,
    *,
    q: str = "",
    tags: list[str] | None = None,
    limit: int = 10,
    max_tokens: int | None = None,
    min_score: float = 0.0,
    now: datetime | None = None,
) -> RecallResult:
    """The best memories of ``project`` for query ``q`` within ``max_tokens``.

    A read: the caller bumps the usage of what it hands out
    (``services.bump_usage(result.recalled_ids())``), for HTTP after the response."""
    now = now or timezone.now()
    max_tokens = settings.RECALL_DEFAULT_MAX_TOKENS if max_tokens is None else max_tokens
    wanted_tags = tags or []
    terms = query_terms(q)
    candidates = _candidates(project, terms, settings.RECALL_CANDIDATE_LIMIT)
    if wanted_tags:
        _attach_tags(candidates)
    scorer = Scorer(
        query_terms=terms,
        wanted_tags=wanted_tags,
        now=now,
        half_life_days=settings.RECALL_HALF_LIFE_DAYS,
    )
    scored: list[tuple[float, Candidate]] = []
    for c in candidates:
        value = scorer(c.kind, c.title, c.body, c.importance, c.updated_at, c.usage_count, c.tags)
        if value >= min_score:
            scored.append((value, c))
    # Best first; of equal scores the newest, then by id (stable sorts, last key first).
    scored.sort(key=lambda row: row[1].object_id)
    scored.sort(key=lambda row: row[1].created_text, reverse=True)
    scored.sort(key=lambda row: row[0], reverse=True)
    for value, candidate in scored:
        candidate.score = value
    winners = _winners(project, [candidate for _, candidate in scored], limit)
    items = []
    for candidate in winners:
        title, text = _describe(candidate.kind, candidate.obj)
        items.append(
            RecallItem(
                kind=candidate.kind,
                id=str(candidate.pk),
                title=title,
                score=candidate.score,
                text=text,
                tags=tuple(sorted(candidate.tags, key=str.casefold)),
                created_at=candidate.created_at,
            )
        )
    result: PackResult = pack(items, max_tokens, header=f"## Memory: {project.name}\n")
    return RecallResult(project, result.items, result.formatted, result.token_estimate)
