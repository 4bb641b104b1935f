"""Text analysis shared by indexing and querying: the same tokenizer, spelling map and
stemmer on both sides, so "licence", "licenses" and "licensing" meet as one term on
every engine (the engines index the stems this module writes; neither stems itself).

A query additionally gets the domain thesaurus (``thesaurus.expand``): the other names
of what it mentions ("management console" also asks for "web ui", "admin page" ...),
weighed below the words typed (``scoring.Weights.synonym``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import snowballstemmer

from context_recall.search import thesaurus

MIN_TERM_CHARS = 2  # "ad", "av", "dc": scoped index tokens are long whatever the word
MAX_TERM_CHARS = 50
# A long prompt keeps this many distinct typed terms (then expansions): all of them reach
# the engine, and BM25's IDF decides which count, not their position in the prompt.
MAX_QUERY_TERMS = 64
MAX_EXPANSION_TERMS = 32

# Words that say nothing about what is asked (InnoDB's default stopwords and common
# English filler): dropped on both sides, so neither engine weighs them.
STOPWORDS = frozenset(
    """a about an are as at be by com de en for from how i in is it la of on or that the
    this to was what when where who will with und www and not near but can could did do
    does had has have into its just like may more most much must our should than then
    there these they those too very via was were which while why would you your yours
    please need want show tell give get let use using all any also""".split()  # noqa: SIM905
)
OPERATORS = frozenset({"and", "or", "not", "near"})

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STEMMER = snowballstemmer.stemmer("english")


def tokenize(text: str) -> list[str]:
    """Lower-cased runs of letters and digits."""
    return _WORD.findall(text.lower())


@functools.lru_cache(maxsize=100_000)
def stem(token: str) -> str:
    """The index form of a lower-case token: British spellings mapped to American, then
    the Snowball (Porter 2) stem. Tokens with digits (dc01, 4444, 2019) stay whole."""
    token = thesaurus.canonical_spelling(token)
    if any(c.isdigit() for c in token):
        return token[:MAX_TERM_CHARS]
    return _STEMMER.stemWord(token)[:MAX_TERM_CHARS]


def is_content(token: str) -> bool:
    return len(token) >= MIN_TERM_CHARS and token not in STOPWORDS and token not in OPERATORS


def terms(text: str) -> list[str]:
    """The stems of ``text``'s content words, in order, repeats kept (term frequency)."""
    return [stem(t) for t in tokenize(text) if is_content(t)]


_ENTITY = re.compile(r"\b(?:[A-Za-z]*\d[\w.-]*|[A-Z]{2,}\w*|[A-Z][a-z]+[A-Z]\w*)\b")


def entities(text: str) -> set[str]:
    """What a memory is about, as names: host names and identifiers with digits (DC01,
    4444, v12.1), acronyms (NAS, VPN) and CamelCase product names (SentinelOne)."""
    return {stem(match.lower()) for match in _ENTITY.findall(text) if len(match) >= 2}


@dataclass
class Query:
    text: str
    typed: list[str] = field(default_factory=list)  # stems of the words typed, in order
    synonyms: list[str] = field(default_factory=list)  # stems the thesaurus added
    expansion_text: str = ""  # the synonyms as words, for the query's embedding

    @property
    def terms(self) -> list[str]:
        return [*self.typed, *self.synonyms]

    def weights(self, synonym_weight: float) -> dict[str, float]:
        """stem -> weight: 1.0 for a word typed, ``synonym_weight`` for a synonym."""
        return {**dict.fromkeys(self.synonyms, synonym_weight), **dict.fromkeys(self.typed, 1.0)}

    def __bool__(self) -> bool:
        return bool(self.typed or self.synonyms)


def analyse(text: str | None) -> Query:
    """A query's weighted stems. Operators and punctuation never reach an engine: terms
    are letters and digits only."""
    query = Query(text=text or "")
    if not text:
        return query
    tokens = tokenize(text)
    seen: set[str] = set()
    for token in tokens:
        if is_content(token):
            term = stem(token)
            if term not in seen:
                seen.add(term)
                query.typed.append(term)
                if len(query.typed) == MAX_QUERY_TERMS:
                    break
    words: list[str] = []
    for phrase in thesaurus.expand(tokens):
        for token in phrase:
            if len(query.synonyms) == MAX_EXPANSION_TERMS:
                break
            words.append(token)
            if is_content(token):
                term = stem(token)
                if term not in seen:
                    seen.add(term)
                    query.synonyms.append(term)
    query.expansion_text = " ".join(words)
    return query
