"""Packing scored recall items into a token budget as one markdown block.

The guarantee: ``estimate_tokens(formatted) <= max_tokens`` for every input. Items are
taken best first; one that does not fit whole is *cut* at a clean boundary (paragraph,
line, sentence, then word; never inside a ``[REDACTED:...]`` marker) and marked with
``CUT_MARK`` rather than dropped, as long as at least ``MIN_CUT_CHARS`` of it fit. While
other items are waiting no single item may take more than ``MAX_SHARE`` of the budget,
so one huge context cannot crowd out everything else. ``items`` answers exactly what
``formatted`` shows (cut texts included). What is shown is redacted (``pack``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime

from context_recall.token_estimate import chars_for_tokens, estimate_tokens
from msp.redaction import MARKER_PREFIX, redact

CUT_MARK = " […]"
MIN_CUT_CHARS = 80
MAX_SHARE = 0.5
TITLE_CHARS = 120
LINK_TITLE_CHARS = 60

KIND_LABELS = {
    "project_state": "Project state",
    "decision": "Decision",
    "context": "Session",
    "snippet": "Snippet",
    "problem_solution": "Problem solved",
    "infrastructure_note": "Infrastructure note",
}


@dataclass(frozen=True)
class Link:
    """Another memory a recalled one supersedes or is superseded by (stored links,
    ``search.links``)."""

    kind: str
    id: str
    title: str
    occurred_at: datetime | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class RecallItem:
    kind: str
    id: str
    title: str
    score: float
    text: str
    tags: tuple[str, ...] = ()
    created_at: datetime | None = None
    cut: bool = False
    # The newer memory about the same subject (this one may be out of date), and the
    # older ones this one replaces (newest first).
    superseded_by: Link | None = None
    supersedes: tuple[Link, ...] = ()

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "score": self.score,
            "text": self.text,
            "tags": list(self.tags),
            "created_at": self.created_at,
            "superseded_by": self.superseded_by.as_dict() if self.superseded_by else None,
            "supersedes": [link.as_dict() for link in self.supersedes],
        }


@dataclass
class PackResult:
    items: list[RecallItem] = field(default_factory=list)
    formatted: str = ""

    @property
    def token_estimate(self) -> int:
        return estimate_tokens(self.formatted)


def _marker_safe(text: str, end: int) -> int:
    """Move ``end`` back so that it does not split a redaction marker."""
    start = text.rfind(MARKER_PREFIX, 0, end)
    if start != -1 and text.find("]", start, end) == -1:
        return start
    return end


def cut_clean(text: str, limit: int) -> str:
    """The longest clean prefix of ``text`` of at most ``limit`` characters (no marker)."""
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    window = text[:limit]
    end = -1
    for sep in ("\n\n", "\n", ". ", "; ", ", ", " "):
        pos = window.rfind(sep)
        if pos >= limit // 2:
            end = pos + (1 if sep in {". ", "; ", ", "} else 0)
            break
    if end == -1:
        end = limit
    end = _marker_safe(text, end)
    return text[:end].rstrip()


def _title(title: str) -> str:
    title = " ".join(title.split())
    if len(title) > TITLE_CHARS:
        title = cut_clean(title, TITLE_CHARS - 1) + "…"
    return title


def _heading(kind: str, title: str) -> str:
    label = KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())
    return f"\n### {label}: {title}\n"


def _link_title(link: Link) -> str:
    title = " ".join(link.title.split())
    if len(title) > LINK_TITLE_CHARS:
        title = cut_clean(title, LINK_TITLE_CHARS - 1) + "…"
    when = f"{link.occurred_at:%Y-%m-%d}" if link.occurred_at else ""
    if not title:
        label = KIND_LABELS.get(link.kind, "memory").lower()
        return f"an older {label} of {when}" if when else f"an older {label}"
    return f'"{title}", {when}' if when else f'"{title}"'


def links_line(item: RecallItem) -> str:
    """One short line under the heading: what replaced this memory (it may be out of
    date), else what it replaces. Empty without links."""
    if item.superseded_by is not None:
        return f"(Superseded by the newer {_link_title(item.superseded_by)}.)\n"
    if item.supersedes:
        more = len(item.supersedes) - 1
        others = f" and {more} older" if more else ""
        return f"(Supersedes {_link_title(item.supersedes[0])}{others}.)\n"
    return ""


def _unchanged(text: str) -> str:
    return text


def _pack(
    items: Sequence[RecallItem],
    max_tokens: int,
    header: str,
    redactor: Callable[[str], str],
) -> tuple[PackResult, list[str]]:
    """Best-first packing with ``redactor`` on every piece (header, titles, texts); also
    answers the pieces that were measured but are not shown as they are (cut, reflowed,
    or left out for their length)."""
    budget = chars_for_tokens(max_tokens)
    header = redactor(header)
    if len(header) > budget:
        return PackResult(), [header]
    out = [header]
    used = len(header)
    kept: list[RecallItem] = []
    unshown: list[str] = []
    for n, item in enumerate(items):
        redacted_title = redactor(item.title)
        title = _title(redacted_title)
        if title != redacted_title:
            unshown.append(redacted_title)
        heading = _heading(item.kind, title)
        note = links_line(item)
        if note:
            redacted_note = redactor(note)
            if redacted_note != note:
                unshown.append(note)  # a changed length might have fitted otherwise
            heading += redacted_note
        remaining = budget - used
        others_waiting = n < len(items) - 1
        cap = remaining
        if others_waiting:
            cap = min(remaining, max(MIN_CUT_CHARS + len(heading), int(budget * MAX_SHARE)))
        if len(heading) + 1 > cap:
            unshown.append(redacted_title)
            continue  # it fits neither whole nor cut: its text need not be redacted
        text = redactor(item.text)
        section = heading + text + "\n"
        if len(section) <= cap:
            out.append(section)
            used += len(section)
            if title != item.title or text is not item.text:  # clean text comes back as is
                item = replace(item, title=title, text=text)
            kept.append(item)
            continue
        unshown.append(text)
        room = cap - len(heading) - len(CUT_MARK) - 1
        if room < MIN_CUT_CHARS:
            continue  # not even a useful part fits; a shorter item further down may
        text = cut_clean(text, room)
        if len(text) < MIN_CUT_CHARS // 2:
            continue
        text += CUT_MARK
        section = heading + text + "\n"
        out.append(section)
        used += len(section)
        kept.append(replace(item, title=title, text=text, cut=True))
    formatted = "".join(out).strip("\n") + "\n" if kept or header else ""
    if len(formatted) > budget:  # only the trailing newline can tip it over
        formatted = formatted[:budget]
    return PackResult(items=kept, formatted=formatted), unshown


def pack(
    items: Sequence[RecallItem],
    max_tokens: int,
    *,
    header: str = "",
    redactor: Callable[[str], str] = redact,
) -> PackResult:
    """Best-first packing of ``items`` (already sorted) within ``max_tokens``.

    Texts are redacted when they are saved, so the block is nearly always clean: it is
    first packed from the header, titles and texts as they are, and redacted as a whole,
    which finds a secret wherever it sits in the block (the redactor's property tests
    plant secrets behind and before any text, space and newline, which is what surrounds
    a piece here). If that changes nothing, and the pieces not shown as they are were
    clean (a cut could leave half a token that no rule knows any more, a title is
    reflowed onto one line, and a redacted piece has another length: it might have
    fitted), the block is what it would have been with every piece redacted first -- at
    half the cost. Otherwise every piece is redacted first, then the block again: a
    secret can span two pieces (a title "<password>" over a text "s3cret</password>")."""
    result, unshown = _pack(items, max_tokens, header, _unchanged)
    if redactor(result.formatted) == result.formatted and all(
        redactor(piece) == piece for piece in unshown
    ):
        return result
    result, _ = _pack(items, max_tokens, header, redactor)
    budget = chars_for_tokens(max_tokens)
    checked = redactor(result.formatted)
    if checked != result.formatted:
        result.formatted = cut_clean(checked, budget)
    return result
