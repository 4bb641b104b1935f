"""The near-term feature (``search/near_terms.py``): what it counts, what it leaves to
BM25, its term vectors kept per process, and where recall uses it.

Transactional: InnoDB FULLTEXT sees committed rows only."""

from __future__ import annotations

import numpy as np
import pytest

from context_recall import scoring, selectors
from context_recall.search import embedding, near_terms
from context_recall.testing.factories import ConversationContextFactory
from tracking.testing.factories import ProjectFactory

FLOOR = scoring.WEIGHTS.near_floor


def cosine(a: str, b: str) -> float:
    first, second = near_terms.TERM_VECTORS.matrix([a, b])
    return float(first @ second)


def test_a_lacking_term_counts_by_the_nearest_term_of_the_document():
    # "laptop" and "notebook" are close in the default model; "banana" is not.
    assert cosine("laptop", "notebook") > FLOOR + 0.2
    assert cosine("laptop", "banana") < cosine("laptop", "notebook")
    close, far, holding, empty = near_terms.near(
        ["laptop"], [["notebook", "docking"], ["banana"], ["laptop", "banana"], []], FLOOR
    )
    expected = (cosine("laptop", "notebook") - FLOOR) / (1 - FLOOR)
    assert close == pytest.approx(max(expected, 0.0), abs=1e-5)
    assert close > far >= 0.0
    assert holding == 0.0  # BM25 counts a term held
    assert empty == 0.0


def test_every_typed_term_weighs_the_same_and_names_are_left_to_bm25():
    (alone,) = near_terms.near(["laptop"], [["notebook"]], FLOOR)
    # A name with a digit is never compared (DC01 is no neighbour of DC02), but it is
    # part of what was asked.
    (with_name,) = near_terms.near(["laptop", "dc01"], [["notebook", "dc02"]], FLOOR)
    assert with_name == pytest.approx(alone / 2)
    assert near_terms.near(["dc01"], [["dc02"]], FLOOR) == [0.0]
    assert near_terms.near([], [["notebook"]], FLOOR) == [0.0]
    assert near_terms.near(["laptop"], [], FLOOR) == []


def test_a_long_memory_is_compared_by_its_first_terms(monkeypatch):
    monkeypatch.setattr(near_terms, "TERMS_PER_DOCUMENT", 2)
    (late,) = near_terms.near(["laptop"], [["banana", "toner", "notebook"]], FLOOR)
    (early,) = near_terms.near(["laptop"], [["notebook", "banana", "toner"]], FLOOR)
    assert late < early
    # A term held counts 0 wherever it stands: BM25 reads every term.
    assert near_terms.near(["laptop"], [["banana", "toner", "laptop"]], FLOOR) == [0.0]


def test_values_stay_between_0_and_1():
    values = near_terms.near(
        ["printer", "toner", "scanner"],
        [["printer", "toner", "scanner"], ["copier", "cartridge"], ["zebra", "label"]],
        FLOOR,
    )
    assert values[0] == 0.0 and all(0.0 <= v <= 1.0 for v in values)


class CountingEmbedder:
    """The configured model, counting the texts it is given."""

    def __init__(self, name: str = "counting") -> None:
        self.real = embedding.get_embedder()
        self.name = name
        self.dim = self.real.dim
        self.texts: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self.real.embed(texts)


def test_term_vectors_are_embedded_once_and_start_afresh(monkeypatch):
    counting = CountingEmbedder()
    monkeypatch.setattr(embedding, "get_embedder", lambda: counting)
    monkeypatch.setattr(near_terms, "TERM_VECTORS", near_terms._TermVectors())
    first = near_terms.TERM_VECTORS.matrix(["laptop", "notebook", "laptop"])
    again = near_terms.TERM_VECTORS.matrix(["notebook", "laptop"])
    assert counting.texts == ["laptop", "notebook"]
    assert np.array_equal(first[0], again[1]) and np.array_equal(first[0], first[2])
    assert first.dtype == np.float32  # kept in half precision, handed out in single
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-2)
    # Another model: its own vectors.
    other = CountingEmbedder("another model")
    monkeypatch.setattr(embedding, "get_embedder", lambda: other)
    near_terms.TERM_VECTORS.matrix(["laptop"])
    assert other.texts == ["laptop"]
    # Full: it starts afresh rather than grow past its bound.
    monkeypatch.setattr(near_terms, "CACHE_SIZE", 3)
    near_terms.TERM_VECTORS.matrix(["printer", "toner"])
    assert other.texts == ["laptop", "printer", "toner"]
    near_terms.TERM_VECTORS.matrix(["scanner"])
    near_terms.TERM_VECTORS.matrix(["laptop"])
    assert other.texts[-2:] == ["scanner", "laptop"]
    # Many new terms at once: the matrix grows (it starts with room for 1,024).
    monkeypatch.setattr(near_terms, "CACHE_SIZE", 5000)
    many = [f"term{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}" for n in range(600)]
    near_terms.TERM_VECTORS.matrix(many)
    more = [f"word{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}" for n in range(600)]
    rows = near_terms.TERM_VECTORS.matrix([*more, many[0]])
    assert rows.shape == (601, counting.dim)
    assert np.array_equal(rows[-1], near_terms.TERM_VECTORS.matrix([many[0]])[0])


@pytest.mark.django_db(transaction=True)
def test_recall_sets_the_feature_on_its_best_candidates_and_weighs_it():
    project = ProjectFactory()
    notebooks = ConversationContextFactory(
        project=project,
        title="Notebook docking stations replaced",
        summary="Goal: swap the docking stations of the accounts team's notebooks.",
    )
    laptops = ConversationContextFactory(
        project=project,
        title="Laptop docking stations replaced at reception",
        summary="Goal: swap the laptop docking stations at reception.",
    )
    retrieval = selectors.retrieve(project, "laptop docking stations")
    near_of = {c.object_id: c for c in retrieval.candidates}
    lacking, holding = near_of[notebooks.pk.hex], near_of[laptops.pk.hex]
    assert lacking.near > 0.0 and holding.near == 0.0
    weights = scoring.WEIGHTS
    assert scoring.relevance(lacking, weights) - scoring.relevance(
        lacking, weights.with_(near=0.0)
    ) == pytest.approx(weights.near * lacking.near)


@pytest.mark.django_db(transaction=True)
def test_only_the_best_candidates_get_the_feature(monkeypatch):
    project = ProjectFactory()
    for n in range(6):
        ConversationContextFactory(
            project=project,
            title=f"Notebook fleet batch {n} imaged",
            summary=f"Goal: image batch {n} of the notebooks for the laptop refresh.",
        )
    monkeypatch.setattr(selectors, "NEAR_CANDIDATES", 2)
    retrieval = selectors.retrieve(project, "laptop imaging toner")
    assert len(retrieval.candidates) == 6
    assert sum(1 for c in retrieval.candidates if c.near > 0) <= 2
