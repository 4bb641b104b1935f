"""Sentence embeddings for recall's semantic side: one interface, a default model that
works offline out of the box, and an optional stronger one.

* ``wordllama`` (default): WordLlama's 256-dimension ``l2_supercat`` model, whose weights
  ship inside its PyPI wheel. Loaded from the package directory with downloads disabled,
  so a server with no network embeds from the first request. About 0.1 ms per text.
* ``sentence-transformers:<name or path>``: any sentence-transformers model, for
  deployments that can install ``sentence-transformers`` (and PyTorch) and fetch the
  model once (docs/context-recall.md, "Switching the embedding model").

``MSP_RECALL_EMBEDDING_MODEL`` picks one; documents remember which model embedded them and
``reindex_search`` re-embeds after a switch. Vectors are stored L2-normalised float32, so
a dot product is the cosine.
"""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path
from typing import Protocol

import numpy as np
from django.conf import settings

DEFAULT_MODEL = "wordllama"


class Embedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""
        ...


def _normalised(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class WordLlamaEmbedder:
    dim = 256

    def __init__(self) -> None:
        # The hub client must never be asked for the model: its weights are in the wheel.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import wordllama
        from wordllama import WordLlama

        package = Path(wordllama.__file__).parent
        self._model = WordLlama.load(cache_dir=package, disable_download=True, dim=self.dim)
        self.name = model_name(DEFAULT_MODEL)

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalised(self._model.embed(texts))


class SentenceTransformerEmbedder:
    def __init__(self, model: str) -> None:
        from sentence_transformers import SentenceTransformer  # optional dependency

        self._model = SentenceTransformer(model, device="cpu")
        self.dim = int(self._model.get_sentence_embedding_dimension())
        self.name = model_name(f"sentence-transformers:{model}")

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalised(self._model.encode(texts, normalize_embeddings=True))


def model_name(spec: str) -> str:
    """What documents record of the model that embedded them (without loading it)."""
    if spec == DEFAULT_MODEL:
        return "wordllama-l2_supercat-256"
    return spec[:60]


_lock = threading.Lock()


@functools.cache
def _load(spec: str) -> Embedder:
    if spec == DEFAULT_MODEL:
        return WordLlamaEmbedder()
    if spec.startswith("sentence-transformers:"):
        return SentenceTransformerEmbedder(spec.partition(":")[2])
    raise ValueError(f"unknown embedding model {spec!r} (MSP_RECALL_EMBEDDING_MODEL)")


def get_embedder() -> Embedder:
    """The configured model, loaded once per process (a load takes about 0.4 s)."""
    with _lock:
        return _load(settings.RECALL_EMBEDDING_MODEL)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def matrix(blobs: list[bytes], dim: int) -> np.ndarray:
    """Stored vectors as rows; a vector of another size (another model) reads as zeros."""
    size = dim * 4
    if all(blob is not None and len(blob) == size for blob in blobs):  # one copy for all
        return np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), dim)
    out = np.zeros((len(blobs), dim), dtype=np.float32)
    for row, blob in enumerate(blobs):
        if blob is not None and len(blob) == size:
            out[row] = np.frombuffer(blob, dtype=np.float32)
    return out
