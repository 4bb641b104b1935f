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
# ASCII text (most of it) is cut by a byte table, several times faster than the regex.
_ASCII_SPACES = bytes(c if chr(c).isascii() and chr(c).isalnum() else ord(" ") for c in range(256))


def _token_text(text: str) -> str:
    """``text``'s tokens (as ``tokenize`` cuts them) each preceded by a space: then
    " " + term occurs once per token that starts with the term, and ``str.count``
    counts them in C."""
    text = text.lower()
    if text.isascii():
        return " " + text.encode("ascii").translate(_ASCII_SPACES).decode("ascii")
    return " " + _NON_TOKEN.sub(" ", text)


def text_relevance(query_terms: list[str], title: str, body: str) -> float:
    if not query_terms:
        return 0.0
    title = _token_text(title)
    body = _token_text(body)
    total = 0.0
    for term in query_terms:
        needle = " " + term
        if needle in title:
            total += TITLE_HIT
            continue
        n = body.count(needle)
        if n >= 3:
            total += BODY_HIT_REPEATED
        elif n:
            total += BODY_HIT
    return total / len(query_terms)


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


def score(
    item: ScoreInput,
    *,
    query_terms: list[str],
    wanted_tags: Iterable[str],
    now: datetime,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
) -> float:
    base = (
        W_TEXT * text_relevance(query_terms, item.title, item.body)
        + W_TAGS * tag_overlap(wanted_tags, item.tags)
        + W_IMPORTANCE * importance(item.importance)
        + W_USAGE * usage(item.usage_count)
        + W_KIND * KIND_PRIOR.get(item.kind, 0.5)
    )
    factor = DECAY_FLOOR + (1 - DECAY_FLOOR) * decay(item.updated_at, now, half_life_days)
    return round(base * factor, 6)
