"""Turning what a user typed into a safe full-text query, the same way for both backends.

A query is reduced to *terms*: runs of Unicode letters and digits, lower-cased, without
stopwords (a superset of InnoDB's default list) and without terms shorter than
``MIN_TERM_CHARS`` (InnoDB's default ``innodb_ft_min_token_size`` is 3). Punctuation,
quotes and operator characters (``" * + - ( ) : ^ ~ < > @``, ``AND``/``OR``/``NOT``/``NEAR``)
can therefore never reach either engine's query parser, and both engines search the same
terms. Each term is matched as a prefix (``dc0`` finds ``dc01``), with OR between terms:
ranking, not the engine, decides what matters most.

A query with no terms left (only punctuation or stopwords) is treated as no query.
"""

from __future__ import annotations

import re

MIN_TERM_CHARS = 3
MAX_TERM_CHARS = 84  # InnoDB's innodb_ft_max_token_size default
MAX_TERMS = 16

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# InnoDB's default stopword list (INFORMATION_SCHEMA.INNODB_FT_DEFAULT_STOPWORD) plus
# common English filler; FTS5 has no stopwords, so dropping them here keeps both alike.
STOPWORDS = frozenset(
    """a about an are as at be by com de en for from how i in is it la of on or that the
    this to was what when where who will with und www and not near but can could did do
    does had has have into its just like may more most much must our should than then
    there these they those too very via was were which while why would you your yours
    please need want show tell give get let use using all any also""".split()  # noqa: SIM905
)
OPERATORS = frozenset({"and", "or", "not", "near"})


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (the tokenizer relevance scoring uses too)."""
    return _WORD.findall(text.lower())


def terms(query: str | None) -> list[str]:
    """The distinct search terms of ``query``, in order, at most ``MAX_TERMS``."""
    if not query:
        return []
    out: list[str] = []
    for token in tokenize(query):
        if len(token) < MIN_TERM_CHARS or token in STOPWORDS or token in OPERATORS:
            continue
        token = token[:MAX_TERM_CHARS]
        if token not in out:
            out.append(token)
        if len(out) == MAX_TERMS:
            break
    return out


def fts5_expression(query_terms: list[str], columns: tuple[str, ...] = ()) -> str:
    """An FTS5 MATCH expression: ``"t1"* OR "t2"*``, optionally limited to ``columns``.

    Terms contain only letters and digits, so quoting them is enough to make any input
    a plain prefix search."""
    if not query_terms:
        raise ValueError("no search terms")
    body = " OR ".join(f'"{t}"*' for t in query_terms)
    if columns:
        return "{" + " ".join(columns) + "} : (" + body + ")"
    return body


def innodb_boolean_expression(query_terms: list[str]) -> str:
    """An InnoDB ``IN BOOLEAN MODE`` expression: ``t1* t2*`` (no operator means OR)."""
    if not query_terms:
        raise ValueError("no search terms")
    return " ".join(f"{t}*" for t in query_terms)
