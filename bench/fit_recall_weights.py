"""Fit recall's ranking weights (context_recall/scoring.py) on the labelled set, and print
them with the figures they give on the questions they were fitted on and on the others.

    .venv/bin/python bench/fit_recall_weights.py

The questions of context_recall/testing/eval_set.py are split in two by a hash of their
text. Two-fold cross-validation tells what fitting is worth on questions it has not seen
(fit on one half, measure on the other, and the other way round); the weights printed
last are fitted on all the questions (coordinate ascent over a grid per weight).
Candidates and their features are retrieved once per question (``selectors.retrieve``);
each trial only re-ranks them (``scoring.rank``). The objective is the mean, over the
four question kinds, of hit@3 (lexical, paraphrase) or hit@1 (superseded, prompt), with
MRR breaking ties. Creates and drops a throwaway test database, like the other benches.
"""

from __future__ import annotations

import hashlib
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from standalone import setup_django, throwaway_database

setup_django("recall-fit-")


from context_recall import scoring, selectors  # noqa: E402
from context_recall.testing import eval_runner, eval_set  # noqa: E402

# A few weights only, on coarse grids: with a hundred questions, freeing every constant
# fits the noise of one half and loses on the other (the cross-validation shows it).
GRID: dict[str, list[float]] = {
    "lexical": [0.3, 0.45, 0.55, 0.7],
    "semantic": [0.15, 0.3, 0.45, 0.6],
    "near": [0.0, 0.3, 0.5, 0.8],
    "synonym": [0.3, 0.5, 0.8],
    "expanded_embedding": [0.0, 0.5, 1.0],
    "recency_floor": [0.6, 0.8, 0.9],
    "subject_cosine": [0.55, 0.6, 0.65],
    "semantic_terms": [6, 12, 24, 1000],
}
ROUNDS = 3
TARGET_METRIC = {"lexical": 3, "paraphrase": 3, "superseded": 1, "prompt": 1}


def in_fit_half(question: eval_set.Question) -> bool:
    return hashlib.sha256(question.text.encode()).digest()[0] % 2 == 0


def evaluate(cases, weights: scoring.Weights) -> tuple[float, dict[str, tuple[float, float]]]:
    """(objective, {kind: (hit@k of its target metric, MRR)})."""
    per_kind: dict[str, list[tuple[int, float]]] = {}
    for kind, retrieval, expected in cases:
        retrieval.set_lexical(weights.synonym)
        ranked = scoring.rank(
            retrieval.candidates,
            eval_runner.REFERENCE_NOW,
            weights,
            has_query=retrieval.has_query,
            query_terms=retrieval.query_terms,
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
    with throwaway_database():
        data = eval_runner.load_eval_set()
        fit_cases, held_cases = [], []
        for question in data.questions:
            project = data.projects[question.project]
            retrieval = selectors.retrieve(project, question.text)
            expected = uuid.UUID(data.keys[question.expected][1]).hex
            case = (question.kind, retrieval, expected)
            (fit_cases if in_fit_half(question) else held_cases).append(case)
        print(f"== Two-fold cross-validation: halves of {len(fit_cases)} and {len(held_cases)} ==")
        start = scoring.WEIGHTS
        for name, train, test in (("A", fit_cases, held_cases), ("B", held_cases, fit_cases)):
            fitted = fit(train, start)
            print(table(f"current weights on half {name}", evaluate(test, start)[1]))
            print(table(f"fitted on the other half, on half {name}", evaluate(test, fitted)[1]))
        everything = fit_cases + held_cases
        fitted = fit(everything, start)
        print("== Fitted on all questions ==")
        print(f"current: {start}")
        print(table("current weights, all", evaluate(everything, start)[1]))
        print(f"fitted:  {fitted}")
        print(table("fitted weights, all (fitted on these)", evaluate(everything, fitted)[1]))


if __name__ == "__main__":
    main()
