"""How a recall candidate is scored (docs/context-recall.md has the formula and defaults).

    score = (W_TEXT * text + W_TAGS * tags + W_IMPORTANCE * importance
             + W_USAGE * usage + W_KIND * kind) * (DECAY_FLOOR + (1 - DECAY_FLOOR) * decay)

every component in [0, 1], so the score is in [0, 1]:

* ``text``: share of the query terms found in the item, a term in the title counting
  1.0, in the body 0.6 (0.8 when it occurs three times or more). Prefix match, same
  tokenizer as the search query. Computed here in Python, not taken from the engine, so
  SQLite and MariaDB rank alike; the engine only finds the candidates.
* ``tags``: share of the requested tags the item carries (0 when none requested).
* ``importance``: (importance - 1) / 9 for importance 1..10.
* ``usage``: log(1 + usage_count) / log(1 + USAGE_SATURATION), at most 1.
* ``kind``: a prior per kind (the project state first when nothing else decides).
* ``decay``: 0.5 ** (age_days / half_life_days), age from the item's last update; the
  half-life comes from ``settings.RECALL_HALF_LIFE_DAYS`` (env ``MSP_RECALL_HALF_LIFE_DAYS``).
  ``DECAY_FLOOR`` keeps old but important knowledge (a client's quirks) recallable.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

W_TEXT = 0.50
W_TAGS = 0.15
W_IMPORTANCE = 0.15
W_USAGE = 0.05
W_KIND = 0.15
DECAY_FLOOR = 0.25
USAGE_SATURATION = 50
DEFAULT_HALF_LIFE_DAYS = 30.0

KIND_PRIOR: dict[str, float] = {
    "project_state": 1.0,
    "decision": 0.7,
    "context": 0.6,
    "problem_solution": 0.6,
    "snippet": 0.5,
    "infrastructure_note": 0.5,
}

TITLE_HIT = 1.0
BODY_HIT = 0.6
BODY_HIT_REPEATED = 0.8


@dataclass(frozen=True)
class ScoreInput:
    kind: str
    title: str
    body: str
    importance: int
    updated_at: datetime
    usage_count: int = 0
    tags: frozenset[str] = field(default_factory=frozenset)


_NON_TOKEN = re.compile(r"[\W_]+", re.UNICODE)
# ASCII text (most of it) is cut by a byte table that lowers case too, several times
# faster than the regex.
_ASCII_TOKENS = bytes(
    ord(chr(c).lower()) if chr(c).isascii() and chr(c).isalnum() else ord(" ") for c in range(256)
)

# A query term preceded by a space, as text and (for an ASCII term) as bytes.
Needle = tuple[str, bytes | None]


def _token_text(text: str) -> str | bytes:
    """``text``'s tokens (as ``tokenize`` cuts them) each preceded by a space: then
    " " + term occurs once per token that starts with the term, and ``count`` counts
    them in C. Bytes for ASCII text."""
    if text.isascii():
        return b" " + text.encode("ascii").translate(_ASCII_TOKENS)
    return " " + _NON_TOKEN.sub(" ", text.lower())


def _needles(query_terms: list[str]) -> list[Needle]:
    return [(" " + t, (" " + t).encode("ascii") if t.isascii() else None) for t in query_terms]


def text_relevance(query_terms: list[str], title: str, body: str) -> float:
    return _text_relevance(_needles(query_terms), title, body)


def _text_relevance(needles: list[Needle], title: str, body: str) -> float:
    if not needles:
        return 0.0
    title_tokens = _token_text(title)
    in_title = 1 if isinstance(title_tokens, bytes) else 0  # which form of a needle to use
    body_tokens: str | bytes = ""
    in_body = -1  # the body is tokenized only when a term is not in the title
    total = 0.0
    for needle in needles:
        # A term that is not ASCII (no bytes form) starts no token of ASCII text.
        form = needle[in_title]
        if form is not None and form in title_tokens:
            total += TITLE_HIT
            continue
        if in_body == -1:
            body_tokens = _token_text(body)
            in_body = 1 if isinstance(body_tokens, bytes) else 0
        form = needle[in_body]
        n = body_tokens.count(form) if form is not None else 0
        if n >= 3:
            total += BODY_HIT_REPEATED
        elif n:
            total += BODY_HIT
    return total / len(needles)


def tag_overlap(wanted: Iterable[str], have: Iterable[str]) -> float:
    wanted_set = {t.lower() for t in wanted}
    if not wanted_set:
        return 0.0
    return len(wanted_set & {t.lower() for t in have}) / len(wanted_set)


def decay(updated_at: datetime, now: datetime, half_life_days: float) -> float:
    age_days = max(0.0, (now - updated_at).total_seconds() / 86400)
    if half_life_days <= 0:
        return 1.0
    return 0.5 ** (age_days / half_life_days)


def usage(usage_count: int) -> float:
    return min(1.0, math.log1p(max(0, usage_count)) / math.log1p(USAGE_SATURATION))


def importance(value: int) -> float:
    return min(1.0, max(0.0, (value - 1) / 9))


class Scorer:
    """``score`` for every candidate of one recall: what they share (the query's
    needles, the wanted tags, now) is worked out once, and no ``ScoreInput`` is built."""

    __slots__ = ("half_life_days", "needles", "now", "wanted")

    def __init__(
        self,
        *,
        query_terms: list[str],
        wanted_tags: Iterable[str],
        now: datetime,
        half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    ):
        self.needles = _needles(query_terms)
        self.wanted = {t.lower() for t in wanted_tags}
        self.now = now
        self.half_life_days = half_life_days

    def __call__(
        self,
        kind: str,
        title: str,
        body: str,
        importance_value: int,
        updated_at: datetime,
        usage_count: int = 0,
        tags: Iterable[str] = (),
    ) -> float:
        wanted = self.wanted
        tags_part = len(wanted & {t.lower() for t in tags}) / len(wanted) if wanted else 0.0
        base = (
            W_TEXT * _text_relevance(self.needles, title, body)
            + W_TAGS * tags_part
            + W_IMPORTANCE * importance(importance_value)
            + W_USAGE * usage(usage_count)
            + W_KIND * KIND_PRIOR.get(kind, 0.5)
        )
        factor = DECAY_FLOOR + (1 - DECAY_FLOOR) * decay(updated_at, self.now, self.half_life_days)
        return round(base * factor, 6)


def score(
    item: ScoreInput,
    *,
    query_terms: list[str],
    wanted_tags: Iterable[str],
    now: datetime,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> float:
    scorer = Scorer(
        query_terms=query_terms, wanted_tags=wanted_tags, now=now, half_life_days=half_life_days
    )
    return scorer(
        item.kind,
        item.title,
        item.body,
        item.importance,
        item.updated_at,
        item.usage_count,
        item.tags,
    )
