"""The held-out labelled set of recall quality (context_recall/testing/eval_set.py) is
what it claims to be, and its runner measures. The quality targets themselves are in
test_recall_quality_targets.py."""

from __future__ import annotations

from collections import Counter

import pytest

from context_recall.testing import eval_runner, eval_set
from context_recall.testing.eval_set import paraphrase_violations, same_word

MINIMUM_PER_KIND = {"lexical": 30, "paraphrase": 35, "superseded": 20, "prompt": 20}


def test_paraphrases_share_no_content_word():
    assert paraphrase_violations() == []


def test_same_word_rule():
    assert same_word("printer", "printing")  # first five characters
    assert same_word("dns", "dnssec")  # all of the shorter one
    assert same_word("box", "boxes")
    assert same_word("licence", "licences")
    assert not same_word("firewall", "gateway")
    assert not same_word("fw01", "fw02")


def test_the_set_has_the_required_sizes():
    kinds = Counter(question.kind for question in eval_set.QUESTIONS)
    assert len(eval_set.MEMORIES) >= 200
    assert len(eval_set.QUESTIONS) >= 100
    for kind, minimum in MINIMUM_PER_KIND.items():
        assert kinds[kind] >= minimum, kind
    assert set(kinds) == set(eval_set.QUESTION_KINDS)
    assert len(eval_set.CLIENTS) == 3
    assert len(eval_set.PROJECTS) == 6
    assert set(eval_set.PROJECT_STATES) == set(eval_set.PROJECTS)


def test_the_set_is_consistent():
    keys = [memory.key for memory in eval_set.MEMORIES]
    assert len(keys) == len(set(keys))
    by_key = {memory.key: memory for memory in eval_set.MEMORIES}
    for memory in eval_set.MEMORIES:
        assert memory.kind in ("context", "snippet", "decision"), memory.key
        assert memory.project is not None or memory.kind == "snippet", memory.key
        assert memory.project is None or eval_set.PROJECTS[memory.project][0] == memory.client
        assert 1 <= memory.importance <= 10, memory.key
        assert 0 <= memory.days_ago <= 400, memory.key
        assert len(memory.tags) <= 3, memory.key
        assert "password is" not in memory.text.lower() or "vault" in memory.text.lower()
    for question in eval_set.QUESTIONS:
        answer = by_key[question.expected]
        client = eval_set.PROJECTS[question.project][0]
        # The answer is in the scope of the project asked from.
        assert answer.project == question.project or (
            answer.project is None and answer.client == client
        ), question.text
    # Every client has the same topics as another: near-distractors across clients.
    for tag in ("veeam", "firewall", "dns", "printer", "licensing", "defender"):
        owners = {m.client for m in eval_set.MEMORIES if any(tag in t for t in m.tags)}
        assert len(owners) >= 2, tag


def test_superseded_answers_are_newer_than_a_sibling():
    """Each superseded question's answer has an older memory in the same project with a
    title word in common (the one it changed)."""
    for question in eval_set.QUESTIONS:
        if question.kind != "superseded":
            continue
        new = next(m for m in eval_set.MEMORIES if m.key == question.expected)
        words = {w for w in new.title.lower().split() if len(w) > 3}
        older = [
            m
            for m in eval_set.MEMORIES
            if m.project == new.project
            and m.key != new.key
            and m.days_ago > new.days_ago
            and words & {w for w in m.title.lower().split()}
        ]
        assert older, question.expected


@pytest.mark.django_db(transaction=True)
def test_the_runner_loads_the_set_and_scores_a_baseline():
    data = eval_runner.load_eval_set()
    assert len(data.keys) == len(eval_set.MEMORIES) + len(eval_set.PROJECT_STATES)
    assert len(data.scope("harlow-infra")) < len(data.docs) / 2
    report = eval_runner.evaluate(data, eval_runner.bm25_baseline(data))
    assert report.overall.count == len(eval_set.QUESTIONS)
    assert report.cross_client == 0
    assert report.hit_at_3("lexical") >= 0.9  # plain BM25 finds shared words
    # A recall function that answers another client's memory is caught.
    other = data.keys["kp-cctv"]
    leaky = eval_runner.evaluate(data, lambda project, question: [other])
    assert leaky.cross_client == sum(
        1 for q in eval_set.QUESTIONS if eval_set.PROJECTS[q.project][0] != "kestrel"
    )
    table = eval_runner.format_report({"BM25": report, "leaky": leaky})
    assert "| all (" in table and "paraphrase" in table
