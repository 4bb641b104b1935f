"""Load the held-out labelled set (``eval_set``) into the database and measure recall on
it, beside two baselines scoped the same way: plain BM25 (SQLite FTS5, no stemming, no
synonyms) and cosine similarity of static wordllama embeddings.

    data = load_eval_set()
    reports = {
        "this server": evaluate(data, server_recall),
        "BM25": evaluate(data, bm25_baseline(data)),
        "embedding": evaluate(data, embedding_baseline(data)),
    }
    print(format_report(reports))

A recall function takes ``(project, question)`` and answers ``[(kind, id), ...]``, best
first, ``kind`` being a recall item kind ("context", "snippet", "decision",
"project_state", ...) and ``id`` the row's primary key as a string.
"""

from __future__ import annotations

import inspect
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from context_recall.testing import eval_set

# Every "when" of the set is counted back from this moment, and recall is asked at it.
REFERENCE_NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
SYSTEMS = ("this server", "BM25", "embedding")

RecallFn = Callable[[object, str], list[tuple[str, str]]]


@dataclass
class Doc:
    """What a baseline searches: one recallable row of the set, as stored."""

    kind: str
    id: str
    title: str
    body: str
    client: str
    project: str | None  # None: a client-wide snippet


@dataclass
class EvalData:
    clients: dict[str, object]  # client key -> msp.models.Client
    projects: dict[str, object]  # slug -> tracking.models.Project
    keys: dict[str, tuple[str, str]]  # memory key -> (kind, id)
    owners: dict[tuple[str, str], str]  # (kind, id) -> client key
    docs: list[Doc]
    questions: list[eval_set.Question]

    def scope(self, slug: str) -> list[Doc]:
        """The docs recall may return for project ``slug``: the project's own, its
        client's client-wide snippets and global snippets."""
        client = eval_set.PROJECTS[slug][0]
        return [
            doc
            for doc in self.docs
            if doc.project == slug or (doc.project is None and doc.client in (client, None))
        ]


@dataclass
class KindStats:
    count: int = 0
    hit1: int = 0
    hit3: int = 0
    rr: float = 0.0

    def add(self, rank: int | None) -> None:
        self.count += 1
        if rank is not None:
            self.hit1 += rank == 1
            self.hit3 += rank <= 3
            self.rr += 1 / rank

    @property
    def hit_at_1(self) -> float:
        return self.hit1 / self.count if self.count else 0.0

    @property
    def hit_at_3(self) -> float:
        return self.hit3 / self.count if self.count else 0.0

    @property
    def mrr(self) -> float:
        return self.rr / self.count if self.count else 0.0


@dataclass
class Miss:
    kind: str
    project: str
    question: str
    expected: str
    rank: int | None
    top: list[str]  # memory keys (or kind:id) of the first three answers


@dataclass
class Report:
    by_kind: dict[str, KindStats] = field(default_factory=dict)
    overall: KindStats = field(default_factory=KindStats)
    cross_client: int = 0
    cross_client_examples: list[str] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)

    def hit_at_3(self, kind: str | None = None) -> float:
        return (self.by_kind[kind] if kind else self.overall).hit_at_3

    def hit_at_1(self, kind: str | None = None) -> float:
        return (self.by_kind[kind] if kind else self.overall).hit_at_1


def _when(days_ago: float) -> datetime:
    return REFERENCE_NOW - timedelta(days=days_ago)


def _set_time(obj, moment: datetime) -> None:
    """Backdate ``obj``: created/updated at ``moment``, and ``occurred_at`` when the model
    has it (when the work happened)."""
    model = type(obj)
    fields = {"created_at": moment, "updated_at": moment}
    if any(f.name == "occurred_at" for f in model._meta.get_fields()):
        fields["occurred_at"] = moment
    model.objects.filter(pk=obj.pk).update(**fields)


def load_eval_set() -> EvalData:
    """Create the set's clients, projects, memories and project states; answer what
    :func:`evaluate` needs to map results back to the set."""
    from context_recall.models import (
        ContextSnippet,
        ConversationContext,
        DecisionLog,
        ProjectState,
    )
    from msp.models import Client
    from tracking.models import Project

    clients = {key: Client.objects.create(name=name) for key, name in eval_set.CLIENTS.items()}
    projects = {
        slug: Project.objects.create(name=name, slug=slug, client=clients[client_key])
        for slug, (client_key, name) in eval_set.PROJECTS.items()
    }
    keys: dict[str, tuple[str, str]] = {}
    owners: dict[tuple[str, str], str] = {}
    docs: list[Doc] = []
    for memory in eval_set.MEMORIES:
        project = projects[memory.project] if memory.project else None
        if memory.kind == "context":
            obj = ConversationContext.objects.create(
                project=project,
                client=project.client,
                title=memory.title,
                summary=memory.text,
                importance=memory.importance,
            )
        elif memory.kind == "snippet":
            obj = ContextSnippet.objects.create(
                project=project,
                client=clients[memory.client],
                title=memory.title,
                content=memory.text,
                importance=memory.importance,
            )
        elif memory.kind == "decision":
            obj = DecisionLog.objects.create(
                project=project,
                title=memory.title,
                decision=memory.text,
                importance=memory.importance,
            )
        else:
            raise ValueError(f"unknown kind {memory.kind!r}")
        if memory.tags:
            obj.tags.add(*memory.tags)
        _set_time(obj, _when(memory.days_ago))
        ref = (memory.kind, str(obj.pk))
        keys[memory.key] = ref
        owners[ref] = memory.client
        docs.append(
            Doc(
                memory.kind,
                str(obj.pk),
                memory.title,
                " ".join((memory.text, *memory.tags)),
                memory.client,
                memory.project,
            )
        )
    for slug, state in eval_set.PROJECT_STATES.items():
        obj = ProjectState.objects.create(
            project=projects[slug],
            phase=state.phase,
            progress=state.progress,
            summary=state.summary,
            next_actions=list(state.next_actions),
        )
        _set_time(obj, _when(1))
        ref = ("project_state", str(obj.pk))
        keys[f"state:{slug}"] = ref
        owners[ref] = eval_set.PROJECTS[slug][0]
        docs.append(
            Doc(
                "project_state",
                str(obj.pk),
                "Project state",
                " ".join((state.summary, *state.next_actions)),
                eval_set.PROJECTS[slug][0],
                slug,
            )
        )
    # The backdating above bypassed save(): build the search documents from the rows as
    # they now are, as reindex_search does after an import.
    from context_recall import search

    search.rebuild_index()
    return EvalData(clients, projects, keys, owners, docs, list(eval_set.QUESTIONS))


def evaluate(data: EvalData, recall_fn: RecallFn) -> Report:
    """hit@1, hit@3 and MRR per question kind and overall, and every answer that belongs
    to another client than the project's."""
    names = {ref: key for key, ref in data.keys.items()}
    report = Report(by_kind={kind: KindStats() for kind in eval_set.QUESTION_KINDS})
    for question in data.questions:
        project = data.projects[question.project]
        client = eval_set.PROJECTS[question.project][0]
        results = [(kind, str(pk)) for kind, pk in recall_fn(project, question.text)]
        for ref in results:
            owner = data.owners.get(ref)
            if owner is not None and owner != client:
                report.cross_client += 1
                if len(report.cross_client_examples) < 10:
                    report.cross_client_examples.append(
                        f"{question.project}: {question.text!r} -> {names.get(ref, ref)}"
                    )
        expected = data.keys[question.expected]
        rank = results.index(expected) + 1 if expected in results else None
        report.by_kind[question.kind].add(rank)
        report.overall.add(rank)
        if rank != 1:
            report.misses.append(
                Miss(
                    question.kind,
                    question.project,
                    question.text,
                    question.expected,
                    rank,
                    [names.get(ref, ":".join(ref)) for ref in results[:3]],
                )
            )
    return report


def server_recall(project, question: str) -> list[tuple[str, str]]:
    """This server's recall, as the API would answer it, at ``REFERENCE_NOW`` and without
    recording usage (when recall can be told not to)."""
    from context_recall.selectors import recall

    kwargs = {}
    if "record_usage" in inspect.signature(recall).parameters:
        kwargs["record_usage"] = False
    result = recall(project, q=question, limit=10, now=REFERENCE_NOW, **kwargs)
    return [(item.kind, str(item.id)) for item in result.items]


# --------------------------------------------------------------------------------------
# Baselines
# --------------------------------------------------------------------------------------
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _query_words(question: str) -> list[str]:
    from context_recall.search.analysis import STOPWORDS

    words = []
    for word in _WORD.findall(question.lower()):
        if len(word) >= 2 and word not in STOPWORDS and word not in words:
            words.append(word)
    return words


def bm25_baseline(data: EvalData, limit: int = 10) -> RecallFn:
    """Plain BM25: an in-memory SQLite FTS5 table per project scope (unicode61 tokenizer,
    no stemming, no synonyms), the question's words quoted and OR-ed, ``ORDER BY bm25``."""
    tables: dict[str, tuple[sqlite3.Connection, list[Doc]]] = {}

    def table(slug: str) -> tuple[sqlite3.Connection, list[Doc]]:
        if slug not in tables:
            docs = data.scope(slug)
            db = sqlite3.connect(":memory:")
            db.execute("CREATE VIRTUAL TABLE t USING fts5(title, body)")
            db.executemany(
                "INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)",
                [(i, doc.title, doc.body) for i, doc in enumerate(docs)],
            )
            tables[slug] = (db, docs)
        return tables[slug]

    def recall_fn(project, question: str) -> list[tuple[str, str]]:
        words = _query_words(question)
        if not words:
            return []
        db, docs = table(project.slug)
        match = " OR ".join('"' + word.replace('"', '""') + '"' for word in words)
        rows = db.execute(
            "SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT ?", (match, limit)
        ).fetchall()
        return [(docs[rowid].kind, docs[rowid].id) for (rowid,) in rows]

    return recall_fn


_WORDLLAMA = None


def wordllama_model():
    """The 256-dimension wordllama model that ships in its wheel (no download)."""
    global _WORDLLAMA
    if _WORDLLAMA is None:
        import pathlib

        import wordllama
        from wordllama import WordLlama

        _WORDLLAMA = WordLlama.load(
            cache_dir=pathlib.Path(wordllama.__file__).parent, disable_download=True
        )
    return _WORDLLAMA


def embedding_baseline(data: EvalData, limit: int = 10) -> RecallFn:
    """Cosine similarity of wordllama embeddings, question against title + text, over the
    same scope as recall."""
    model = wordllama_model()
    vectors = model.embed([f"{doc.title}\n{doc.body}" for doc in data.docs], norm=True)
    index = {(doc.kind, doc.id): i for i, doc in enumerate(data.docs)}
    scopes: dict[str, list[int]] = {}

    def recall_fn(project, question: str) -> list[tuple[str, str]]:
        rows = scopes.setdefault(
            project.slug, [index[(d.kind, d.id)] for d in data.scope(project.slug)]
        )
        query = model.embed([question], norm=True)[0]
        scores = vectors[rows] @ query
        order = sorted(range(len(rows)), key=lambda i: -float(scores[i]))[:limit]
        return [(data.docs[rows[i]].kind, data.docs[rows[i]].id) for i in order]

    return recall_fn


def run_all(data: EvalData) -> dict[str, Report]:
    return {
        "this server": evaluate(data, server_recall),
        "BM25": evaluate(data, bm25_baseline(data)),
        "embedding": evaluate(data, embedding_baseline(data)),
    }


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------
_LABELS = {
    "lexical": "lexical: share a distinctive word",
    "paraphrase": "paraphrase: no content word shared",
    "superseded": "superseded: a later memory changed the fact",
    "prompt": "prompt: long, messy, as typed into Claude Code",
}


def _cell(report: Report, kind: str | None) -> str:
    stats = report.by_kind[kind] if kind else report.overall
    cell = f"{stats.hit_at_3:.2f}"
    if kind in ("superseded", "prompt"):
        cell += f" (hit@1 {stats.hit_at_1:.2f})"
    return cell


def format_report(reports: dict[str, Report]) -> str:
    """A markdown table: one row per question kind and "all", one column per system,
    hit@3 (and hit@1 for superseded and prompt), then cross-client counts."""
    systems = list(reports)
    first = reports[systems[0]]
    lines = [
        "| questions | " + " | ".join(f"{name} hit@3" for name in systems) + " |",
        "|---|" + "---:|" * len(systems),
    ]
    for kind in eval_set.QUESTION_KINDS:
        label = f"{_LABELS[kind]} ({first.by_kind[kind].count})"
        lines.append(f"| {label} | " + " | ".join(_cell(reports[s], kind) for s in systems) + " |")
    lines.append(
        f"| all ({first.overall.count}) | "
        + " | ".join(_cell(reports[s], None) for s in systems)
        + " |"
    )
    lines.append("")
    lines.append(
        "cross-client results: "
        + ", ".join(f"{name} {reports[name].cross_client}" for name in systems)
    )
    return "\n".join(lines)


def format_misses(report: Report, limit: int = 40) -> str:
    """The questions whose answer was not first, with what came first instead."""
    lines = []
    for miss in report.misses[:limit]:
        rank = miss.rank if miss.rank is not None else "-"
        lines.append(
            f"[{miss.kind}] {miss.question[:70]!r}: {miss.expected} at {rank}; top "
            + ", ".join(miss.top)
        )
    return "\n".join(lines)
