"""The semantic side: every document vector of a project's scope, read in one query and
compared with numpy. A project's scope is its own memories, its client's and the global
ones (hundreds to a few thousand rows), so an exact scan costs less than keeping an
approximate index in step, and works the same on every engine."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from context_recall.models import RecallDocument
from context_recall.search import embedding


@dataclass
class ScopeVectors:
    ids: np.ndarray  # document ids
    lengths: np.ndarray  # terms per document (BM25's length normalisation)
    matrix: np.ndarray  # one normalised row per document

    @property
    def count(self) -> int:
        return len(self.ids)

    def similarities(self, query: np.ndarray) -> np.ndarray:
        return self.matrix @ query if self.count else np.zeros(0, dtype=np.float32)


def scope_vectors(scopes: list[str], dim: int) -> ScopeVectors:
    rows = list(
        RecallDocument.objects.filter(scope__in=scopes).values_list("id", "length", "vector")
    )
    return ScopeVectors(
        ids=np.array([r[0] for r in rows], dtype=np.int64),
        lengths=np.array([r[1] for r in rows], dtype=np.float32),
        matrix=embedding.matrix([r[2] for r in rows], dim),
    )
