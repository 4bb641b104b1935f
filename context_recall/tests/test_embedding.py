"""The default embedding model loads from its wheel with downloads disabled, and its
vectors carry meaning that recall's semantic side relies on."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from django.test import override_settings

from context_recall.search import embedding


def test_the_default_model_loads_offline_from_its_package():
    """In a fresh interpreter with every hub and network route closed."""
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "HF_HOME": "/nonexistent-hub-cache",
    }
    code = (
        "from context_recall.search.embedding import WordLlamaEmbedder;"
        "e = WordLlamaEmbedder(); v = e.embed(['Sophos web console']);"
        "print(e.name, v.shape[1], round(float((v[0] ** 2).sum()), 3))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["wordllama-l2_supercat-256", "256", "1.0"]


def test_vectors_are_normalised_and_related_texts_are_closer():
    embedder = embedding.get_embedder()
    vectors = embedder.embed(
        [
            "firewall admin web interface not loading",
            "Sophos XG management console unreachable on port 4444",
            "printer toner replaced in the lobby",
        ]
    )
    assert vectors.shape == (3, 256) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    stored = embedding.matrix([embedding.to_bytes(vectors[1]), b"short", None], 256)
    assert np.allclose(stored[0], vectors[1]) and not stored[1:].any()


def test_an_unknown_model_is_refused_by_name():
    with (
        override_settings(RECALL_EMBEDDING_MODEL="nonsense"),
        pytest.raises(ValueError, match="nonsense"),
    ):
        embedding.get_embedder()
    assert embedding.model_name("wordllama") == "wordllama-l2_supercat-256"
