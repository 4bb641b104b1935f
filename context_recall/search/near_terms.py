"""Near terms: how close a memory's words come to the query's words it lacks.

BM25 counts a query's terms only where they occur as typed (or as a thesaurus synonym);
the memory's embedding averages all of its words into one vector. Between the two, a
paraphrase ("the pool ran out" for "scope exhausted", "zones" for "VLANs") loses on
both sides. Here each typed term a memory lacks counts by the cosine between its vector
and the nearest of the memory's terms (each term embedded on its own by the configured
model), above a floor: the soft term match of embedding-based retrieval models, over the
terms BM25 already reads (``RecallDocument.term_counts``).

    near = mean over the typed terms t of
           0                                 when the memory holds t (BM25 counts it)
           0                                 when t holds a digit (a name: DC01, 4444)
           max(0, (best cosine - floor) / (1 - floor))   otherwise

Term vectors are kept per process, in half precision (a term is embedded once); the
cache is bounded and starts afresh when full.
"""

from __future__ import annotations

import re
import threading

import numpy as np

from context_recall.search import embedding

# Terms kept per process: 256 half-precision floats each, about 50 MB when full.
CACHE_SIZE = 100_000
# A document's first distinct terms compared (its title, tags and the start of its
# text, as ``term_counts`` holds them in order of first use): a long memory costs a
# recall no more than a short one.
TERMS_PER_DOCUMENT = 200
_DIGIT = re.compile(r"\d")


class _TermVectors:
    """Each term's vector, once embedded, as a row of one matrix (so that a recall reads
    the rows it needs in one indexing)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model = ""
        self._row: dict[str, int] = {}
        self._matrix = np.zeros((0, 0), dtype=np.float32)

    def matrix(self, terms: list[str]) -> np.ndarray:
        """One normalised row per term (of the configured model)."""
        embedder = embedding.get_embedder()
        with self._lock:
            missing = [term for term in dict.fromkeys(terms) if term not in self._row]
            if embedder.name != self._model or len(self._row) + len(missing) > CACHE_SIZE:
                self._row, self._model = {}, embedder.name
                self._matrix = np.zeros((1024, embedder.dim), dtype=np.float16)
                missing = list(dict.fromkeys(terms))
            if missing:
                size = len(self._row)
                needed = size + len(missing)
                if needed > len(self._matrix):
                    rows = max(needed, min(2 * len(self._matrix), CACHE_SIZE))
                    grown = np.zeros((rows, embedder.dim), dtype=np.float16)
                    grown[:size] = self._matrix[:size]
                    self._matrix = grown
                self._matrix[size : size + len(missing)] = embedder.embed(missing)
                self._row.update(zip(missing, range(size, size + len(missing)), strict=True))
            rows = self._matrix[[self._row[term] for term in terms]]
        return rows.astype(np.float32)


TERM_VECTORS = _TermVectors()


def near(typed: list[str], documents: list[list[str]], floor: float) -> list[float]:
    """The near-term feature of each document (its distinct terms) for a query's typed
    terms (stems, distinct)."""
    wanted = [t for t in typed if not _DIGIT.search(t)]
    vocabulary: dict[str, int] = {}  # term -> its row in ``words``, -1 for a name
    words: list[str] = []
    columns: list[int] = []  # every document's terms, side by side, as rows of ``words``
    spans: list[tuple[int, int]] = []
    for terms in documents:
        start = len(columns)
        for term in terms[:TERMS_PER_DOCUMENT]:
            row = vocabulary.get(term)
            if row is None:
                row = vocabulary[term] = -1 if _DIGIT.search(term) else len(words)
                if row >= 0:
                    words.append(term)
            if row >= 0:
                columns.append(row)
        spans.append((start, len(columns)))
    if not wanted or not columns:
        return [0.0] * len(documents)
    cosines = TERM_VECTORS.matrix(wanted) @ TERM_VECTORS.matrix(words).T
    best = np.full((len(wanted), len(documents)), floor, dtype=np.float32)
    filled = [n for n, (start, end) in enumerate(spans) if end > start]
    # The best cosine per typed term and document in one reduction (the spans of the
    # filled documents follow each other).
    best[:, filled] = np.maximum.reduceat(
        cosines[:, columns], [spans[n][0] for n in filled], axis=1
    )
    scaled = np.clip((best - floor) / (1 - floor), 0.0, 1.0)
    row = {term: i for i, term in enumerate(wanted)}
    for n, terms in enumerate(documents):
        for term in row.keys() & set(terms):  # BM25 counts it, wherever it stands
            scaled[row[term], n] = 0.0
    return (scaled.sum(axis=0) / len(typed)).tolist()
