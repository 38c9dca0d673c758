"""What every index store offers the service (:class:`IndexStore`), its errors, and the loaded index it hands out.

Both stores keep the index in Chroma (a folder of `PersistentClient` builds, or Chroma's own server); the
collection helpers at the bottom are what the two share when writing and reading a build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from assistant.embed.base import Embedder
from assistant.errors import WijkWijzerError
from assistant.types import Chunk, ChunkHit

Progress = Callable[[int, int], None]


class StoreError(WijkWijzerError, RuntimeError):
    """Base class for index problems; messages are meant for people."""


class IndexNotFound(StoreError):
    pass


class IndexMismatch(StoreError):
    pass


class IndexUnavailable(StoreError):
    """The index cannot be reached right now (e.g. the Chroma server is down); retrying later may work."""


class IndexBusy(StoreError):
    pass


@dataclass(frozen=True)
class BuildReport:
    status: str  # "built" | "up-to-date"
    build: str
    chunks: int
    embedded: int
    reused: int
    seconds: float


class OpenIndex:
    """A loaded, read-only index build: the Chroma collection plus all chunks in memory."""

    def __init__(self, manifest: dict[str, Any], collection: Any) -> None:
        self.manifest = manifest
        self.collection = collection
        got = collection.get(include=["documents", "metadatas"])
        self.chunks = [Chunk.from_metadata(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])]
        self.by_id = {c.id: c for c in self.chunks}

    @property
    def build(self) -> str:
        return str(self.manifest["build"])

    @property
    def model_id(self) -> str:
        return str(self.manifest["model_id"])

    def query(self, vector: np.ndarray, n: int) -> list[ChunkHit]:
        """The n nearest chunks by cosine similarity, best first."""
        n = min(n, len(self.chunks))
        if n == 0:
            return []
        try:
            res = self.collection.query(query_embeddings=[vector.tolist()], n_results=n, include=["distances"])
        except Exception as exc:  # a Chroma server that went away, a store removed underneath us
            raise IndexUnavailable(f"de index kon niet doorzocht worden ({type(exc).__name__})") from exc
        return [ChunkHit(self.by_id[i], 1.0 - float(d)) for i, d in zip(res["ids"][0], res["distances"][0])]


class IndexStore(Protocol):
    """Where index builds live. Construction is cheap; nothing is read or contacted until asked.

    A build is written beside the serving one and only then made current, so a failed or interrupted build
    leaves the previous one serving; the previous build is kept for processes that still read it.
    """

    def current_build(self) -> str | None:
        """The name of the build that serves now; None when there is none yet."""
        ...

    def manifest(self) -> dict[str, Any] | None:
        """The manifest of the serving build (model id, dimension, chunk id → content hash); None without one."""
        ...

    def location(self, build: str) -> str:
        """Where a build lives, for people (messages, `wijkwijzer info`): a folder, or a server and collection."""
        ...

    def open(self, model_id: str) -> OpenIndex:
        """Load the serving build; it must have been made with the embedder `model_id`."""
        ...

    def build(
        self,
        chunks: Sequence[Chunk],
        embedder: Embedder,
        progress: Progress | None = None,
        force: bool = False,
    ) -> BuildReport:
        """Build (or update) the index from `chunks`; return what was done."""
        ...


def check_model(manifest: dict[str, Any], model_id: str) -> None:
    """An index is only usable with the embedder that built it."""
    if manifest.get("model_id") != model_id:
        raise IndexMismatch(
            f"de index is gebouwd met embedder {manifest.get('model_id')!r}, maar ingesteld is {model_id!r}; "
            "bouw de index opnieuw met: wijkwijzer index"
        )


# -- Chroma collections, as both stores write and read them --------------------------------------------
def vectors_by_hash(got: dict[str, Any]) -> dict[str, list[float]]:
    """content hash → embedding, from a collection's `get(include=["embeddings", "metadatas"])`."""
    return {str(m["content_hash"]): list(e) for e, m in zip(got["embeddings"], got["metadatas"])}


def new_collection(client: Any, name: str, metadata: dict[str, Any]) -> Any:
    """A cosine-space collection that takes our own embeddings (never Chroma's downloading default)."""
    return client.create_collection(
        name, embedding_function=None, metadata=metadata, configuration={"hnsw": {"space": "cosine"}}
    )


def add_chunks(collection: Any, chunks: Sequence[Chunk], vectors: dict[str, list[float]]) -> None:
    for i in range(0, len(chunks), 256):
        part = chunks[i : i + 256]
        collection.add(
            ids=[c.id for c in part],
            embeddings=[vectors[c.content_hash] for c in part],
            documents=[c.text for c in part],
            metadatas=[c.metadata() for c in part],
        )
