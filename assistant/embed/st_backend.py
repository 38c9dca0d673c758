"""Any sentence-transformers model by name or local path (installs with the `st` extra: torch, CPU)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.embed.base import EmbedderError, normalise


class SentenceTransformerEmbedder:
    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = "", device: str = "cpu") -> None:
        self.model = model
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.device = device
        self._model: Any = None

    @property
    def model_id(self) -> str:
        prefixes = f"|q={self.query_prefix}|p={self.passage_prefix}" if self.query_prefix or self.passage_prefix else ""
        return f"sentence-transformers:{self.model}{prefixes}"

    def warm_up(self) -> None:
        if self._model is not None:
            return
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # no hub look-ups: a model must be local or cached
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderError(
                "sentence-transformers is niet geïnstalleerd; installeer de extra: pip install -e '.[st]'"
            ) from exc
        try:
            self._model = SentenceTransformer(self.model, device=self.device)
        except Exception as exc:  # the library raises many types (OSError, HF errors, ValueError)
            raise EmbedderError(
                f"model {self.model!r} kon niet geladen worden ({type(exc).__name__}); "
                "geef een lokaal pad of een model dat al op deze machine staat"
            ) from exc

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, self._model.get_sentence_embedding_dimension()), dtype=np.float32)
        out = self._model.encode([prefix + t for t in texts], convert_to_numpy=True, show_progress_bar=False)
        return normalise(out)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.query_prefix)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.passage_prefix)
