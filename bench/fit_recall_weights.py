"""Fit recall's ranking weights (context_recall/scoring.py) on the labelled set, and print
them with the figures they give on the questions they were fitted on and on the others.

    .venv/bin/python bench/fit_recall_weights.py

The questions of context_recall/testing/eval_set.py are split in two by a hash of their
text: the weights are fitted on one half (coordinate ascent over a grid per weight) and
reported on both halves and on all. Candidates and their features are retrieved once per
question (``selectors.retrieve``); each trial only re-ranks them (``scoring.rank``). The
objective is the mean, over the four question kinds, of hit@3 (lexical, paraphrase) or
hit@1 (superseded, prompt), with MRR breaking ties. Creates and drops a throwaway test
database, like the other benches.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msp.settings")
os.environ.setdefault("MSP_VAR_DIR", tempfile.mkdtemp(prefix="recall-fit-"))
os.environ.setdefault("DJANGO_DEBUG", "0")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from context_recall import scoring, selectors  # noqa: E402
from context_recall.testing import eval_runner, eval_set  # noqa: E402

GRID: dict[str, list[float]] = {
    "lexical": [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
    "semantic": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8],
    "importance": [0.0, 0.02, 0.04, 0.06, 0.1],
    "kind": [0.0, 0.02, 0.04, 0.08],
    "recency_floor": [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0],
    "half_life_days": [7, 14, 30, 60, 120, 365],
    "subject_cosine": [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8],
    "relevance_ratio": [0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
    "superseded_factor": [0.3, 0.4, 0.5, 0.6, 0.7, 0.8],
    "duplicate_cosine": [0.85, 0.9, 0.92, 0.95, 0.98],
    "min_relevance": [0.0, 0.02, 0.05, 0.08, 0.12],
}
ROUNDS = 3
TARGET_METRIC = {"lexical": 3, "paraphrase": 3, "superseded": 1, "prompt": 1}


def in_fit_half(question: eval_set.Question) -> bool:
    return hashlib.sha256(question.text.encode()).digest()[0] % 2 == 0


def evaluate(cases, weights: scoring.Weights) -> tuple[float, dict[str, tuple[float, float]]]:
    """(objective, {kind: (hit@k of its target metric, MRR)})."""
    per_kind: dict[str, list[tuple[int, float]]] = {}
    for kind, retrieval, expected in cases:
        ranked = scoring.rank(
            retrieval.candidates, eval_runner.REFERENCE_NOW, weights, has_query=retrieval.has_query
        )
        ids = [c.object_id for c in ranked[:10]]
        position = ids.index(expected) + 1 if expected in ids else None
        hit = int(position is not None and position <= TARGET_METRIC[kind])
        per_kind.setdefault(kind, []).append((hit, 1 / position if position else 0.0))
    figures = {
        kind: (sum(h for h, _ in rows) / len(rows), sum(r for _, r in rows) / len(rows))
        for kind, rows in per_kind.items()
    }
    objective = sum(h for h, _ in figures.values()) / len(figures)
    mrr = sum(r for _, r in figures.values()) / len(figures)
    return objective + mrr / 1000, figures


def fit(cases, start: scoring.Weights) -> scoring.Weights:
    best, best_value = start, evaluate(cases, start)[0]
    for _ in range(ROUNDS):
        improved = False
        for name, values in GRID.items():
            for value in values:
                trial = best.with_(**{name: value})
                trial_value = evaluate(cases, trial)[0]
                if trial_value > best_value + 1e-9:
                    best, best_value, improved = trial, trial_value, True
        if not improved:
            break
    return best


def table(title: str, figures: dict[str, tuple[float, float]]) -> str:
    cells = ", ".join(
        f"{kind} {'hit@3' if TARGET_METRIC[kind] == 3 else 'hit@1'} {hit:.2f}"
        for kind, (hit, _) in sorted(figures.items())
    )
    return f"  {title}: {cells}"


def main() -> None:
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        data = eval_runner.load_eval_set()
        fit_cases, held_cases = [], []
        for question in data.questions:
            project = data.projects[question.project]
            retrieval = selectors.retrieve(project, question.text)
            expected = uuid.UUID(data.keys[question.expected][1]).hex
            case = (question.kind, retrieval, expected)
            (fit_cases if in_fit_half(question) else held_cases).append(case)
        print(f"== Fitting on {len(fit_cases)} questions, {len(held_cases)} held out ==")
        before = scoring.WEIGHTS
        fitted = fit(fit_cases, before)
        for label, weights in (("current", before), ("fitted", fitted)):
            print(f"{label}: {weights}")
            print(table("fit half", evaluate(fit_cases, weights)[1]))
            print(table("held-out half", evaluate(held_cases, weights)[1]))
            print(table("all", evaluate(fit_cases + held_cases, weights)[1]))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
