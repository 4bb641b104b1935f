"""Ways of turning WordLlama's token vectors into a memory's and a question's vector,
each measured embedding-only on the labelled set (context_recall/testing/eval_set.py):
why recall keeps the model's plain mean (docs/benchmarks.md, "Context recall").

    .venv/bin/python bench/embedding_variants.py

No database: each question ranks the memories of its project and its client's
client-wide snippets by cosine alone. Variants:

* ``mean``: the model's own average of token vectors (what recall stores);
* ``sentence max``: the best cosine over the title and each sentence of a memory;
* ``SIF``: tokens weighed a / (a + p), p from the token's rank in the vocabulary (Zipf);
* ``all-but-the-top d``: the vocabulary's mean and first d principal directions removed;
* ``RCA``: a metric that shrinks the directions along which the thesaurus' synonyms
  differ (the inverse square root of their within-group covariance).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import wordllama
from wordllama import WordLlama

from context_recall.search import thesaurus
from context_recall.search.documents import EMBEDDED_CHARS
from context_recall.testing import eval_set

MODEL = WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True, dim=256)
TOKENS = MODEL.embedding.astype(np.float32)
SENTENCE = re.compile(r"(?<=[.;:!?])\s+")


def normalised(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.maximum(np.linalg.norm(matrix, axis=-1, keepdims=True), 1e-9)


def mean(texts: list[str]) -> np.ndarray:
    return normalised(np.asarray(MODEL.embed(texts), dtype=np.float32))


def weighted(texts: list[str], weights: np.ndarray) -> np.ndarray:
    rows = []
    for encoding in MODEL.tokenize(texts):
        pairs = zip(encoding.ids, encoding.attention_mask, strict=True)
        ids = np.array([i for i, kept in pairs if kept], dtype=int)
        w = weights[ids][:, None]
        rows.append((TOKENS[ids] * w).sum(0) / max(float(w.sum()), 1e-9))
    return normalised(np.array(rows, dtype=np.float32))


def document_text(memory: eval_set.Memory) -> str:
    return f"{memory.title}. {' '.join(memory.tags)}. {memory.text}"[:EMBEDDED_CHARS]


def evaluate(name: str, score: Callable[[str, list[int]], np.ndarray]) -> None:
    memories = eval_set.MEMORIES
    client_of = {slug: client for slug, (client, _) in eval_set.PROJECTS.items()}
    ranks: dict[str, list[int]] = {}
    for question in eval_set.QUESTIONS:
        client = client_of[question.project]
        scope = [
            i
            for i, m in enumerate(memories)
            if m.project == question.project or (m.project is None and m.client == client)
        ]
        order = [memories[scope[j]].key for j in np.argsort(-score(question.text, scope))]
        ranks.setdefault(question.kind, []).append(order.index(question.expected) + 1)
    cells = []
    for kind in eval_set.QUESTION_KINDS:
        r = np.array(ranks[kind])
        cells.append(f"{(r <= 1).mean():.2f} / {(r <= 3).mean():.2f}")
    print(f"| {name} | " + " | ".join(cells) + " |")


def main() -> None:
    memories = eval_set.MEMORIES
    texts = [document_text(m) for m in memories]
    print("hit@1 / hit@3, embedding only\n")
    print("| variant | " + " | ".join(eval_set.QUESTION_KINDS) + " |")
    print("|---|" + "---:|" * len(eval_set.QUESTION_KINDS))

    def by_vectors(embed: Callable[[list[str]], np.ndarray]) -> Callable:
        documents = embed(texts)
        return lambda q, scope: documents[scope] @ embed([q])[0]

    evaluate("mean (kept)", by_vectors(mean))

    pieces, owner = [], []
    for i, m in enumerate(memories):
        for piece in [m.title, *(s for s in SENTENCE.split(m.text) if len(s.split()) >= 3)]:
            pieces.append(piece)
            owner.append(i)
    piece_vectors, owner_index = mean(pieces), np.array(owner)

    def sentence_max(q: str, scope: list[int]) -> np.ndarray:
        best = np.full(len(memories), -1.0)
        np.maximum.at(best, owner_index, piece_vectors @ mean([q])[0])
        return best[scope]

    evaluate("sentence max", sentence_max)

    rank = np.arange(TOKENS.shape[0], dtype=np.float64)
    zipf = 1.0 / (rank + 50)
    zipf /= zipf.sum()
    for a in (1e-3, 1e-4):
        evaluate(f"SIF a={a:g}", by_vectors(lambda t, w=a / (a + zipf): weighted(t, w)))

    centre = TOKENS.mean(0)
    _, _, directions = np.linalg.svd(TOKENS - centre, full_matrices=False)
    for d in (1, 2, 4):
        keep = np.eye(TOKENS.shape[1]) - directions[:d].T @ directions[:d]
        evaluate(
            f"all-but-the-top d={d}",
            by_vectors(lambda t, p=keep: normalised((mean(t) - centre) @ p)),
        )

    differences = []
    for group in thesaurus.CONCEPTS:
        if len(group) > 1:
            vectors = mean(list(group))
            differences.append(vectors - vectors.mean(0))
    stacked = np.concatenate(differences)
    values, vectors = np.linalg.eigh(stacked.T @ stacked / len(stacked))
    for eps in (0.1, 1.0):
        metric = (vectors * (values + eps * values.mean()) ** -0.25) @ vectors.T
        evaluate(f"RCA eps={eps:g}", by_vectors(lambda t, m=metric: normalised(mean(t) @ m)))


if __name__ == "__main__":
    main()
