"""How recall ranks its candidates (docs/context-recall.md has the pipeline).

Every candidate gets features in [0, 1]:

* ``lexical``: BM25 of the query's weighted stems against the document's terms (IDF over
  the project's scope, length-normalised), divided by the best BM25 of this query.
* ``semantic``: cosine of the query's and the document's embeddings, rescaled so that
  the scope's mean is 0 and the best candidate 1.
* ``tags`` (share of the wanted tags it carries), ``importance`` ((i - 1) / 9),
  ``usage`` (log-saturated), ``kind`` (a prior per kind).
* ``recency``: 0.5 ** (age / half-life), the age counted from when the work happened
  (``occurred_at``).

    score = (W.lexical * lexical + W.semantic * semantic + W.tags * tags
             + W.importance * importance + W.usage * usage + W.kind * kind)
            * (W.recency_floor + (1 - W.recency_floor) * recency)

Then "newest fact wins": of two candidates about the same subject (cosine of their
vectors >= ``W.duplicate_cosine`` and a shared name or most title terms), the older is
multiplied by ``W.superseded_factor`` and never shown beside the newer.

The weights are fitted on the labelled sets by ``bench/fit_recall_weights.py`` (which
prints the ones below), not guessed. The tags weight has no labelled data to fit and
keeps its earlier value.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

import numpy as np

BM25_K1 = 1.2
BM25_B = 0.75
USAGE_SATURATION = 50
DEFAULT_HALF_LIFE_DAYS = 30.0


@dataclass(frozen=True)
class Weights:
    lexical: float = 0.55
    semantic: float = 0.30
    tags: float = 0.15
    importance: float = 0.06
    usage: float = 0.02
    kind: float = 0.04
    recency_floor: float = 0.80
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    duplicate_cosine: float = 0.80
    superseded_factor: float = 0.50

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
    title_terms: frozenset[str] = frozenset()
    lexical: float = 0.0
    semantic: float = 0.0
    tags: float = 0.0
    vector: np.ndarray | None = None
    score: float = 0.0
    superseded_by: str | None = None  # object id of the newer candidate
    extra: dict = field(default_factory=dict)


def bm25(
    query_weights: dict[str, float],
    documents: list[list[str]],
    scope_size: int,
    average_length: float,
) -> list[float]:
    """BM25 of each document (its terms) for the weighted query terms. Document
    frequencies are counted over ``documents`` (every scope document holding a query
    term, as long as the engine's candidate limit is not reached) and ``scope_size``."""
    counts = [Counter(terms) for terms in documents]
    frequency: Counter[str] = Counter()
    for counter in counts:
        frequency.update(term for term in query_weights if term in counter)
    n = max(scope_size, len(documents), 1)
    idf = {
        term: math.log(1 + (n - frequency[term] + 0.5) / (frequency[term] + 0.5))
        for term in query_weights
    }
    average_length = max(average_length, 1.0)
    scores = []
    for terms, counter in zip(documents, counts, strict=True):
        norm = BM25_K1 * (1 - BM25_B + BM25_B * len(terms) / average_length)
        total = 0.0
        for term, weight in query_weights.items():
            tf = counter.get(term)
            if tf:
                total += weight * idf[term] * tf * (BM25_K1 + 1) / (tf + norm)
        scores.append(total)
    return scores


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
    candidate: Features, now: datetime, weights: Weights, *, has_query: bool = True
) -> float:
    prior = (KIND_PRIOR if has_query else KIND_PRIOR_WITHOUT_QUERY).get(candidate.kind, 0.5)
    base = (
        weights.lexical * candidate.lexical
        + weights.semantic * candidate.semantic
        + weights.tags * candidate.tags
        + weights.importance * importance(candidate.importance)
        + weights.usage * usage(candidate.usage_count)
        + weights.kind * prior
    )
    fresh = recency(candidate.occurred_at, now, weights.half_life_days)
    return base * (weights.recency_floor + (1 - weights.recency_floor) * fresh)


def same_subject(a: Features, b: Features, cosine: float, weights: Weights) -> bool:
    if cosine < weights.duplicate_cosine:
        return False
    if a.entities & b.entities:
        return True
    shared = len(a.title_terms & b.title_terms)
    return shared * 2 >= max(1, min(len(a.title_terms), len(b.title_terms)))


def rank(
    candidates: list[Features],
    now: datetime,
    weights: Weights = WEIGHTS,
    *,
    has_query: bool = True,
    window: int = 30,
) -> list[Features]:
    """``candidates`` best first, near-duplicates of a better one left out, scores set.
    Of two about the same subject the one whose work happened later wins."""
    for candidate in candidates:
        candidate.score = score(candidate, now, weights, has_query=has_query)
        candidate.superseded_by = None
    ordered = sorted(candidates, key=_order)
    top = [c for c in ordered[:window] if c.vector is not None]
    for i, a in enumerate(top):
        for b in top[i + 1 :]:
            cosine = float(a.vector @ b.vector)
            if not same_subject(a, b, cosine, weights):
                continue
            older, newer = (a, b) if a.occurred_at < b.occurred_at else (b, a)
            if older.occurred_at == newer.occurred_at:
                continue
            if older.superseded_by is None:
                older.superseded_by = newer.object_id
                older.score *= weights.superseded_factor
    ordered.sort(key=_order)
    # Never both: the older leaves the answer (a chain leaves its newest).
    present = {c.object_id for c in ordered}
    return [c for c in ordered if c.superseded_by not in present]


def _order(candidate: Features) -> tuple:
    # Best first; of equal scores the newest, then by id, so that answers are stable.
    return (-round(candidate.score, 9), -candidate.occurred_at.timestamp(), candidate.object_id)
