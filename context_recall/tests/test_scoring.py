"""Scoring components, decay ordering and the search-query sanitiser."""

from __future__ import annotations

import datetime

import pytest

from context_recall import scoring
from context_recall.scoring import ScoreInput, decay, score, tag_overlap, text_relevance
from context_recall.search_query import (
    fts5_expression,
    innodb_boolean_expression,
    terms,
)

NOW = datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC)


def days_ago(n: float) -> datetime.datetime:
    return NOW - datetime.timedelta(days=n)


def test_decay_halves_every_half_life():
    assert decay(NOW, NOW, 30) == 1.0
    assert decay(days_ago(30), NOW, 30) == pytest.approx(0.5)
    assert decay(days_ago(60), NOW, 30) == pytest.approx(0.25)
    assert decay(days_ago(-5), NOW, 30) == 1.0  # clock skew: never above 1


def test_newer_of_two_equal_items_ranks_first_and_half_life_matters():
    def s(age, half_life):
        item = ScoreInput("context", "VPN", "tunnel", 5, days_ago(age))
        return score(item, query_terms=["vpn"], wanted_tags=[], now=NOW, half_life_days=half_life)

    assert s(1, 30) > s(10, 30) > s(100, 30) > 0
    assert s(10, 300) > s(10, 3)
    # The floor keeps a year-old item recallable.
    assert s(365, 30) > 0.2 * s(0, 30)


def test_text_relevance_prefix_title_and_body():
    assert text_relevance(["dc0"], "DC01 quirks", "") == 1.0
    assert text_relevance(["vpn", "ipsec"], "", "vpn tunnel") == pytest.approx(0.3)
    assert text_relevance(["vpn"], "", "vpn vpn vpn") == pytest.approx(0.8)
    assert text_relevance([], "x", "y") == 0.0


def test_tag_overlap_case_insensitive():
    assert tag_overlap(["VPN", "firewall"], {"vpn"}) == 0.5
    assert tag_overlap([], {"vpn"}) == 0.0


def test_score_is_bounded_and_each_component_counts():
    base = ScoreInput("snippet", "t", "b", 1, NOW)
    low = score(base, query_terms=["zzz"], wanted_tags=["x"], now=NOW)
    best = ScoreInput(
        "project_state", "zzz", "b", 10, NOW, usage_count=10_000, tags=frozenset({"x"})
    )
    high = score(best, query_terms=["zzz"], wanted_tags=["x"], now=NOW)
    assert 0 <= low < high <= 1
    assert high == pytest.approx(1.0)
    more_used = ScoreInput("snippet", "t", "b", 1, NOW, usage_count=5)
    assert score(more_used, query_terms=[], wanted_tags=[], now=NOW) > score(
        base, query_terms=[], wanted_tags=[], now=NOW
    )
    weights = [scoring.W_TEXT, scoring.W_TAGS, scoring.W_IMPORTANCE, scoring.W_USAGE]
    assert sum(weights) + scoring.W_KIND == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"unbalanced quote', ["unbalanced", "quote"]),
        ("NEAR(vpn AND -ipsec) OR *", ["vpn", "ipsec"]),
        ("the of and is", []),
        ("!!! ??? ()", []),
        ("acme-dc01.acme.local:3389", ["acme", "dc01", "local", "3389"]),
        ("Straße über", ["straße", "über"]),
        ("col:value ^x ~y", ["col", "value"]),
        ("", []),
        (None, []),
    ],
)
def test_terms_strip_operators_punctuation_and_stopwords(query, expected):
    assert terms(query) == expected


def test_expressions_quote_terms():
    assert fts5_expression(["vpn", "dc01"]) == '"vpn"* OR "dc01"*'
    assert fts5_expression(["vpn"], ("title", "body")) == '{title body} : ("vpn"*)'
    assert innodb_boolean_expression(["vpn", "dc01"]) == "vpn* dc01*"
    with pytest.raises(ValueError):
        fts5_expression([])
    assert len(terms(" ".join(f"word{i}" for i in range(100)))) == 16
