"""Ranking's parts: BM25, recency, the weighted score, newest fact wins; and the query
analysis that feeds them (the same stems on both sides, operators never passed on)."""

from __future__ import annotations

import datetime

import numpy as np
import pytest

from context_recall import scoring
from context_recall.scoring import Features, Weights, bm25, counted, rank, recency, score
from context_recall.search import analysis

NOW = datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC)


def days_ago(n: float) -> datetime.datetime:
    return NOW - datetime.timedelta(days=n)


def features(object_id: str, **values) -> Features:
    defaults = {
        "doc_id": 1, "kind": "context", "object_id": object_id, "importance": 5,
        "usage_count": 0, "occurred_at": NOW, "entities": frozenset(),
    }  # fmt: skip
    return Features(**{**defaults, **values})


def test_recency_halves_every_half_life():
    assert recency(NOW, NOW, 30) == pytest.approx(1.0)
    assert recency(days_ago(30), NOW, 30) == pytest.approx(0.5)
    assert recency(days_ago(60), NOW, 30) == pytest.approx(0.25)
    assert recency(days_ago(-5), NOW, 30) == pytest.approx(1.0)  # the future is now
    assert recency(days_ago(999), NOW, 0) == 1.0  # no half-life: no decay


def test_bm25_weighs_rare_terms_more_and_normalises_length():
    docs = [counted(d) for d in (["veeam", "backup", "fail"], ["backup", "ok"], ["backup", "nas"],
                                ["printer"])]  # fmt: skip
    scores, ideal = bm25({"veeam": 1.0, "backup": 1.0}, docs, scope_size=4, average_length=2.5)
    assert scores[0] > scores[1] > 0 and scores[3] == 0
    assert 0 < scores[1] / ideal < 0.5 < scores[0] / ideal  # the share of the query covered
    rare = bm25({"veeam": 1.0}, docs, 4, 2.5)[0][0]
    common = bm25({"backup": 1.0}, docs, 4, 2.5)[0][0]
    assert rare > 2 * common  # the rare command name outweighs the common word
    (short, long), _ = bm25(
        {"nas": 1.0}, [counted(["nas"]), counted(["nas"] + ["x"] * 20)], 2, 10.5
    )
    assert (
        bm25({"nas": 1.0}, [counted(["nas", "nas"])], 1, 2)[0][0]
        > bm25({"nas": 1.0}, [counted(["nas", "san"])], 1, 2)[0][0]
    )  # term frequency counts
    assert short > long
    weighted, synonym_ideal = bm25({"veeam": 0.5}, docs, 4, 2.5)
    assert weighted[0] == pytest.approx(rare / 2) and synonym_ideal == 0  # typed terms only


def test_score_counts_each_signal_and_recency_keeps_a_floor():
    weights = Weights()
    base = features("a")
    assert score(base, NOW, weights) > 0
    for name in ("lexical", "semantic_typed", "semantic_expanded", "tags"):
        assert score(features("a", **{name: 1.0}), NOW, weights) > score(base, NOW, weights)
    assert score(features("a", importance=9), NOW, weights) > score(base, NOW, weights)
    old = features("a", lexical=1.0, occurred_at=days_ago(3650))
    assert (
        score(old, NOW, weights)
        >= weights.recency_floor * score(features("a", lexical=1.0), NOW, weights) - 1e-9
    )


def test_the_project_state_leads_only_without_a_query():
    state, context = features("s", kind="project_state"), features("c")
    assert score(state, NOW, Weights(), has_query=False) > score(
        context, NOW, Weights(), has_query=False
    )
    assert score(state, NOW, Weights()) < score(context, NOW, Weights())


def _vector(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_newest_fact_wins_and_is_never_shown_twice():
    same = _vector(1, 0.05, 0)
    old = features("old", lexical=1.0, occurred_at=days_ago(40), importance=9,
                   entities=frozenset({"nas01"}), vector=same)  # fmt: skip
    new = features("new", lexical=0.7, occurred_at=days_ago(2),
                   entities=frozenset({"nas01"}), vector=_vector(1, 0, 0))  # fmt: skip
    other = features("other", lexical=0.5, entities=frozenset({"print01"}),
                     vector=_vector(0, 1, 0))  # fmt: skip
    ranked = rank([old, new, other], NOW, Weights())
    assert [c.object_id for c in ranked] == ["new", "other"]
    assert old.superseded_by == "new"
    # Close but not near-duplicates, and no name in common: two memories, both shown.
    old.entities, old.vector = frozenset({"nas02"}), _vector(1, 0.6, 0)
    assert {c.object_id for c in rank([old, new], NOW, Weights())} == {"old", "new"}


def test_ties_break_by_recency_then_id():
    a = features("a", occurred_at=days_ago(1), lexical=0.5)
    b = features("b", occurred_at=days_ago(1), lexical=0.5)
    c = features("c", occurred_at=NOW, lexical=0.5)
    weights = Weights(recency_floor=1.0)
    assert [x.object_id for x in rank([b, a, c], NOW, weights)] == ["c", "a", "b"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"unbalanced quote', ["unbalanc", "quot"]),
        ("NEAR(vpn AND -ipsec) OR *", ["vpn", "ipsec"]),
        ("the of and is", []),
        ("!!! ??? ()", []),
        ("acme-dc01.acme.local:3389", ["acm", "dc01", "local", "3389"]),
        ("col:value ^x ~y", ["col", "valu"]),
        ("AV on the DC", ["av", "dc"]),
        ("", []),
        (None, []),
    ],
)
def test_query_terms_are_stems_without_operators_punctuation_or_stopwords(query, expected):
    assert analysis.analyse(query).typed == expected


def test_the_same_stems_index_and_query_a_long_prompt_keeps_many_terms():
    assert analysis.terms("Renewed licences, licensing") == ["renew", "licens", "licens"]
    assert analysis.terms("renewal licence license") == ["renew", "licens", "licens"]
    long_prompt = " ".join(f"word{i}" for i in range(200))
    assert len(analysis.analyse(long_prompt).terms) == analysis.MAX_QUERY_TERMS


def test_weights_are_a_frozen_record():
    with pytest.raises(AttributeError):
        scoring.WEIGHTS.lexical = 1.0  # type: ignore[misc]
    assert scoring.WEIGHTS.with_(lexical=0.1).lexical == 0.1


def test_bm25_counts_whole_terms_of_the_stored_counts(monkeypatch):
    # A term another one starts or ends with is not counted.
    text, length = counted(["nas", "nas", "nasx", "xnas", "9ab", "nas9", "backup", "nas"])
    assert text == " nas:3 nasx:1 xnas:1 9ab:1 nas9:1 backup:1 " and length == 8
    assert scoring.parse_counts(text) == {
        "nas": 3, "nasx": 1, "xnas": 1, "9ab": 1, "nas9": 1, "backup": 1,
    }  # fmt: skip
    exactly_three = counted(["nas", "nas", "nas", "a", "b", "c", "d", "e"])
    for counted_terms in (12, 0):  # looked up per query term, and the counts read once
        monkeypatch.setattr(scoring, "COUNTED_TERMS", counted_terms)
        (found,), _ = bm25({"nas": 1.0}, [(text, length)], 1, 8)
        (expected,), _ = bm25({"nas": 1.0}, [exactly_three], 1, 8)
        assert found == pytest.approx(expected) and found > 0
        assert bm25({"ab": 1.0}, [(text, length)], 1, 8)[0] == [0.0]
        assert bm25({"as": 1.0, "na": 1.0}, [(text, length)], 1, 8)[0] == [0.0]
        assert bm25({"9ab": 1.0}, [(text, length)], 1, 8)[0][0] > 0  # a term of its own
        assert bm25({"nas": 1.0}, [counted([])], 1, 1)[0] == [0.0]
