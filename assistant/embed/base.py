"""The embedder interface, its error and the normalisation the backends share (the registry is `registry.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from assistant.errors import WijkWijzerError


class EmbedderError(WijkWijzerError, RuntimeError):
    """The embedding model could not be loaded or used."""


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised vectors; queries and passages may be embedded differently (E5)."""

    @property
    def model_id(self) -> str:
        """Identifies model and version; an index built with another id must be rebuilt."""
        ...

    def warm_up(self) -> None:
        """Load the model (cheap to call again)."""
        ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def for_model(values: dict[str, float], model_id: str) -> float | None:
    """The value measured for this embedding model, by the start of its id (cosines spread differently per model:
    a floor measured with one means nothing for another); None for a model it was not measured with."""
    return next((v for k, v in values.items() if model_id.startswith(k)), None)
