"""How recall ranks its candidates (docs/context-recall.md has the pipeline).

Every candidate gets features in [0, 1]:

* ``lexical``: BM25 of the query's weighted stems against the document's terms (IDF over
  the project's scope, length-normalised), as a share of what holding every typed term
  would give (capped at 1): matching only a common word of a long question counts
  little, matching its rare terms counts a lot.
* ``near``: for each typed term the document lacks, how close its nearest term comes
  (``search.near_terms``), averaged over the typed terms.
* ``semantic``: how far the cosine of the query's and the document's embeddings lies
  above the scope's mean cosine, as a share of the way from that mean to 1.
* ``tags`` (share of the wanted tags it carries), ``importance`` ((i - 1) / 9),
  ``usage`` (log-saturated), ``kind`` (a prior per kind).
* ``recency``: 0.5 ** (age / half-life), the age counted from when the work happened
  (``occurred_at``).

    score = (W.lexical * lexical + W.near * near + W.semantic * semantic + W.tags * tags
             + W.importance * importance + W.usage * usage + W.kind * kind)
            * (W.recency_floor + (1 - W.recency_floor) * recency)

Then "newest fact wins": of two candidates about the same subject (their vectors close
and a name in common) that answer the query about as well, the one whose work happened
earlier is multiplied by ``W.superseded_factor``; of two near-duplicates only the newer
is shown.

The weights are fitted on the labelled sets by ``bench/fit_recall_weights.py`` (which
prints the ones below), not guessed. The tags weight has no labelled data to fit and
keeps its earlier value.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

import numpy as np

BM25_K1 = 1.2
BM25_B = 0.75
USAGE_SATURATION = 50
# Up to this many query terms, BM25 counts each in a document's text; beyond, it counts
# the document's terms once.
COUNTED_TERMS = 12
DEFAULT_HALF_LIFE_DAYS = 30.0


@dataclass(frozen=True)
class Weights:
    lexical: float = 0.55
    semantic: float = 0.45
    # The typed terms a candidate lacks, by how close its own terms come to them
    # (``search.near_terms``), counted from ``near_floor`` (a cosine) up.
    near: float = 0.5
    near_floor: float = 0.15
    # A thesaurus synonym's weight in the lexical query (a word typed weighs 1), and the
    # share of the semantic signal taken from the query embedded with its synonyms
    # (the rest from the query as typed).
    synonym: float = 0.3
    expanded_embedding: float = 0.5
    # A long prompt's embedding averages many words into little; its rare terms say
    # more. Past this many typed terms the semantic weight shrinks in proportion.
    semantic_terms: float = 12.0
    tags: float = 0.15
    importance: float = 0.06
    usage: float = 0.02
    kind: float = 0.04
    recency_floor: float = 0.80
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    # Newest fact wins: two candidates are about the same subject when their vectors are
    # this close and they share a name; the older is demoted when the newer answers the
    # query at least ``relevance_ratio`` as well, and left out when the two are
    # near-duplicates (``duplicate_cosine``).
    subject_cosine: float = 0.60
    relevance_ratio: float = 0.70
    superseded_factor: float = 0.50
    duplicate_cosine: float = 0.92
    # With a query, a candidate that answers it less than this (``relevance``) is not an
    # answer at all, whatever its importance or age: nothing is better than noise.
    min_relevance: float = 0.05

    def with_(self, **changes: float) -> Weights:
        return replace(self, **changes)


# Fitted by bench/fit_recall_weights.py (see docs/context-recall.md, "Fitted weights").
WEIGHTS = Weights()

# A prompt's answer is what matches it: priors only break near-ties. Without a query
# (SessionStart) the project state leads, then decisions.
KIND_PRIOR: dict[str, float] = {
    "decision": 1.0,
    "context": 0.8,
    "problem_solution": 0.8,
    "snippet": 0.7,
    "infrastructure_note": 0.6,
    "project_state": 0.0,
}
KIND_PRIOR_WITHOUT_QUERY: dict[str, float] = {
    "project_state": 1.0,
    "decision": 0.7,
    "context": 0.6,
    "problem_solution": 0.6,
    "snippet": 0.5,
    "infrastructure_note": 0.5,
}


@dataclass(slots=True)
class Features:
    """What ranking knows of a candidate before its row is loaded."""

    doc_id: int
    kind: str
    object_id: str
    importance: int
    usage_count: int
    occurred_at: datetime
    entities: frozenset[str]
    tag_names: tuple[str, ...] = ()  # as the document stores them
    lexical: float = 0.0
    near: float = 0.0
    semantic_typed: float = 0.0
    semantic_expanded: float = 0.0
    tags: float = 0.0
    vector: np.ndarray | None = None
    score: float = 0.0
    superseded_by: str | None = None  # object id of the newer candidate
    # The stored link (``search.links``): the document id of the newer memory, and that
    # memory's kind, object id, date and title ("" when its document has none) as its
    # document says, read in the same row.
    newer_doc: int | None = None
    newer: tuple[str, str, datetime, str] | None = None


def bm25(
    query_weights: dict[str, float],
    documents: list[tuple[str, int]],
    scope_size: int,
    average_length: float,
) -> tuple[list[float], float]:
    """BM25 of each document for the weighted query terms, and what a document of average
    length holding each typed term once would score: the scale that turns a BM25 into the
    share of the query's weight a document covers.

    A document is (its term counts as stored, ``term_counts``; its number of terms): see
    ``counted``. Up to ``COUNTED_TERMS`` query terms, each is looked up in that short
    text (`` <term>:``, a term holds neither ``:`` nor a space); past them, reading the
    document's counts once costs less. Document frequencies are counted over
    ``documents`` (every scope document holding a query term, as long as the engine's
    candidate limit is not reached) and ``scope_size``."""
    frequencies: list[dict[str, int]] = []
    needles = {term: f" {term}:" for term in query_weights}
    for text, _ in documents:
        if len(query_weights) <= COUNTED_TERMS:
            found = {}
            for term, needle in needles.items():
                start = text.find(needle)
                if start >= 0:
                    start += len(needle)
                    found[term] = int(text[start : text.index(" ", start)])
        else:  # a long prompt: one pass over the document's counts instead of one per term
            held = parse_counts(text)
            found = {term: held[term] for term in query_weights if term in held}
        frequencies.append(found)
    document_frequency: Counter[str] = Counter()
    for found in frequencies:
        document_frequency.update(found.keys())
    n = max(scope_size, len(documents), 1)
    idf = {
        term: math.log(1 + (n - document_frequency[term] + 0.5) / (document_frequency[term] + 0.5))
        for term in query_weights
    }
    average_length = max(average_length, 1.0)
    scores = []
    for (_, length), found in zip(documents, frequencies, strict=True):
        norm = BM25_K1 * (1 - BM25_B + BM25_B * length / average_length)
        scores.append(
            sum(
                query_weights[term] * idf[term] * tf * (BM25_K1 + 1) / (tf + norm)
                for term, tf in found.items()
            )
        )
    ideal = sum(idf[term] for term, weight in query_weights.items() if weight >= 1.0)
    return scores, ideal


def term_counts(terms: Iterable[str]) -> str:
    """A document's terms as BM25 reads them: each distinct term with its count,
    `` <term>:<count>`` in order of first use, then a space (`` vpn:2 licens:1 ``): far
    shorter than its indexed words, which repeat every term behind its scope's key."""
    return " " + "".join(f"{term}:{count} " for term, count in Counter(terms).items())


_TERM = re.compile(r" ([^ :]+):")


def stored_terms(text: str) -> list[str]:
    """The distinct terms of ``term_counts``, in order of first use (their counts
    unread)."""
    return _TERM.findall(text)


def parse_counts(text: str) -> dict[str, int]:
    """``term_counts`` read back."""
    return {term: int(count) for term, _, count in (pair.rpartition(":") for pair in text.split())}


def counted(terms: list[str]) -> tuple[str, int]:
    """A document of ``terms`` as ``bm25`` takes it."""
    return term_counts(terms), len(terms)


def usage(usage_count: int) -> float:
    return min(1.0, math.log1p(max(0, usage_count)) / math.log1p(USAGE_SATURATION))


def importance(value: int) -> float:
    return min(1.0, max(0.0, (value - 1) / 9))


def recency(occurred_at: datetime, now: datetime, half_life_days: float) -> float:
    if half_life_days <= 0:
        return 1.0
    age_days = max(0.0, (now - occurred_at).total_seconds() / 86400)
    return 0.5 ** (age_days / half_life_days)


def tag_overlap(wanted: Iterable[str], have: Iterable[str]) -> float:
    wanted_set = {t.lower() for t in wanted}
    if not wanted_set:
        return 0.0
    return len(wanted_set & {t.lower() for t in have}) / len(wanted_set)


def score(
    candidate: Features,
    now: datetime,
    weights: Weights,
    *,
    has_query: bool = True,
    query_terms: int = 1,
    answer: float | None = None,
) -> float:
    """``answer``: ``relevance(candidate, weights, query_terms)`` when already known."""
    prior = (KIND_PRIOR if has_query else KIND_PRIOR_WITHOUT_QUERY).get(candidate.kind, 0.5)
    base = (
        (relevance(candidate, weights, query_terms) if answer is None else answer)
        + weights.tags * candidate.tags
        + weights.importance * importance(candidate.importance)
        + weights.usage * usage(candidate.usage_count)
        + weights.kind * prior
    )
    fresh = recency(candidate.occurred_at, now, weights.half_life_days)
    return base * (weights.recency_floor + (1 - weights.recency_floor) * fresh)


def relevance(candidate: Features, weights: Weights, query_terms: int = 1) -> float:
    """How well a candidate answers a query of ``query_terms`` typed terms, by its text
    alone."""
    share = weights.expanded_embedding
    semantic = (1 - share) * candidate.semantic_typed + share * candidate.semantic_expanded
    scale = min(1.0, weights.semantic_terms / max(query_terms, 1))
    return (
        weights.lexical * candidate.lexical
        + weights.near * candidate.near
        + weights.semantic * scale * semantic
    )


def same_subject(a: Features, b: Features, cosine: float, weights: Weights) -> bool:
    return same_subject_of(a.entities, b.entities, cosine, weights)


def same_subject_of(a: frozenset[str], b: frozenset[str], cosine: float, weights: Weights) -> bool:
    """Two memories whose vectors have ``cosine`` and whose names are ``a`` and ``b`` are
    about the same subject (also the test of the stored links, ``search.links``)."""
    if cosine >= weights.duplicate_cosine:
        return True
    return cosine >= weights.subject_cosine and bool(a & b)


def rank(
    candidates: list[Features],
    now: datetime,
    weights: Weights = WEIGHTS,
    *,
    has_query: bool = True,
    query_terms: int = 1,
    window: int = 30,
) -> list[Features]:
    """``candidates`` best first with their scores set. Of two about the same subject
    that answer the query about as well, the one whose work happened later wins; of two
    near-duplicates only that one is shown."""
    answers: dict[int, float] = {}  # how well each answers the query (by doc id)
    for candidate in candidates:
        answers[candidate.doc_id] = relevance(candidate, weights, query_terms)
        candidate.score = score(
            candidate,
            now,
            weights,
            has_query=has_query,
            query_terms=query_terms,
            answer=answers[candidate.doc_id],
        )
        candidate.superseded_by = None
    ordered = sorted(candidates, key=_order)
    top = [c for c in ordered[:window] if c.vector is not None]
    # Every pair's cosine in one product.
    stacked = np.stack([c.vector for c in top]) if top else np.zeros((0, 0), dtype=np.float32)
    cosines = (stacked @ stacked.T).tolist()
    hidden: set[str] = set()
    for i, a in enumerate(top):
        row = cosines[i]
        for j in range(i + 1, len(top)):
            b = top[j]
            if a.occurred_at == b.occurred_at:
                continue
            cosine = row[j]
            if not same_subject(a, b, cosine, weights):
                continue
            older, newer = (a, b) if a.occurred_at < b.occurred_at else (b, a)
            if cosine >= weights.duplicate_cosine:
                # Near-duplicates are never shown twice, whichever answers better.
                hidden.add(older.object_id)
            if has_query and answers[newer.doc_id] < (
                weights.relevance_ratio * answers[older.doc_id]
            ):
                continue  # the query asks about what the older one says
            if older.superseded_by is None:
                older.superseded_by = newer.object_id
                older.score *= weights.superseded_factor
    ordered.sort(key=_order)
    return [
        c
        for c in ordered
        if c.object_id not in hidden
        and (not has_query or answers[c.doc_id] >= weights.min_relevance)
    ]


def _order(candidate: Features) -> tuple:
    # Best first; of equal scores the newest, then by id, so that answers are stable.
    return (-round(candidate.score, 9), -candidate.occurred_at.timestamp(), candidate.object_id)
