"""A deterministic, dependency-free embedder for tests: hashed word and character-trigram features."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from assistant.embed.base import normalise


class HashEmbedder:
    """Same text → same vector on every machine; texts sharing words are close. Not a real model."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.calls = 0  # number of texts embedded, so tests can check that nothing is embedded twice

    @property
    def model_id(self) -> str:
        return f"hash:{self.dim}"

    def warm_up(self) -> None:
        return None

    def _vector(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        words = re.findall(r"\w+", text.lower())
        feats = words + [w[i : i + 3] for w in words for i in range(max(1, len(w) - 2))]
        for f in feats:
            h = int.from_bytes(hashlib.blake2b(f.encode(), digest_size=8).digest(), "little")
            v[h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        return v

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += len(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return normalise(np.stack([self._vector(t) for t in texts]))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)
