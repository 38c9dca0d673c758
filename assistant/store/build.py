"""The one build algorithm, for every store: up-to-date check → reuse embeddings by content hash → embed the
rest → write the build with its manifest → switch → prune.

A store supplies the steps that depend on where builds live (:class:`Backend`); the order, the reuse and the
clean-up on failure are decided here only.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, Protocol

from assistant.embed.base import Embedder
from assistant.store.base import BuildReport, Progress
from assistant.types import Chunk

BATCH = 16


class Backend(Protocol):
    """The steps of a build that differ between stores. Builds are named; `build_index` calls these in order."""

    collection: str

    def lock(self) -> AbstractContextManager[None]:
        """Held for the whole build (raise :class:`IndexBusy` when another build holds it)."""
        ...

    def manifest(self) -> dict[str, Any] | None:
        """The manifest of the serving build, None without one."""
        ...

    def remove_unfinished(self) -> None:
        """Remove what builds that never finished left behind."""
        ...

    def vectors(self, build: str) -> dict[str, list[float]]:
        """content hash → embedding, from the stored build `build`."""
        ...

    def write(
        self, build: str, manifest: dict[str, Any], chunks: Sequence[Chunk], vectors: dict[str, list[float]]
    ) -> None:
        """Write a complete new build beside the serving one (not yet serving)."""
        ...

    def switch(self, build: str) -> None:
        """Make the written build the serving one, in one step."""
        ...

    def discard(self, build: str) -> None:
        """Remove a build that failed while being written or switched to (best effort)."""
        ...

    def prune(self, keep: set[str]) -> None:
        """Remove every build but those named in `keep`."""
        ...


def build_index(
    backend: Backend,
    chunks: Sequence[Chunk],
    embedder: Embedder,
    progress: Progress | None = None,
    force: bool = False,
) -> BuildReport:
    """Build (or update) the index from `chunks`; `force` embeds everything again even when nothing changed."""
    start = time.perf_counter()
    with backend.lock():
        old = backend.manifest()
        if old is not None and not force and up_to_date(old, embedder.model_id, chunks):
            return BuildReport("up-to-date", str(old["build"]), len(chunks), 0, len(chunks), 0.0)
        backend.remove_unfinished()
        cache: dict[str, list[float]] = {}
        if old is not None and not force and old.get("model_id") == embedder.model_id:
            cache = backend.vectors(str(old["build"]))
        embedded = embed_missing(chunks, embedder, cache, progress)
        name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        try:
            backend.write(name, make_manifest(name, embedder, cache, backend.collection, chunks), chunks, cache)
            backend.switch(name)
        except BaseException:
            backend.discard(name)
            raise
        # the previous build stays: a running server may still read it until it notices the switch
        backend.prune(keep={name, str((old or {}).get("build", ""))})
    return BuildReport("built", name, len(chunks), embedded, len(chunks) - embedded, time.perf_counter() - start)


def embed_missing(
    chunks: Sequence[Chunk], embedder: Embedder, cache: dict[str, list[float]], progress: Progress | None
) -> int:
    """Embed the chunks whose content hash is not in `cache` (each text once) and add them to it."""
    todo = [c for c in chunks if c.content_hash not in cache]
    unique = list({c.content_hash: c for c in todo}.values())
    embedder.warm_up()
    done = 0
    for i in range(0, len(unique), BATCH):
        batch = unique[i : i + BATCH]
        vectors = embedder.embed_passages([c.text for c in batch])
        cache.update({c.content_hash: v.tolist() for c, v in zip(batch, vectors)})
        done += len(batch)
        if progress:
            progress(done, len(unique))
    if progress and not unique:
        progress(0, 0)
    return len(unique)


def make_manifest(
    name: str, embedder: Embedder, cache: dict[str, list[float]], collection: str, chunks: Sequence[Chunk]
) -> dict[str, Any]:
    return {
        "build": name,
        "model_id": embedder.model_id,
        "dim": len(next(iter(cache.values()))) if cache else 0,
        "collection": collection,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "chunks": {c.id: c.content_hash for c in chunks},
    }


def up_to_date(manifest: dict[str, Any] | None, model_id: str, chunks: Sequence[Chunk]) -> bool:
    """The serving build holds exactly these chunks, embedded by this model."""
    return (
        manifest is not None
        and manifest.get("model_id") == model_id
        and manifest.get("chunks") == {c.id: c.content_hash for c in chunks}
    )


class BuildsWithSteps:
    """Mixin for a store that is also a :class:`Backend`: its `build` is :func:`build_index` over its own steps."""

    def build(
        self,
        chunks: Sequence[Chunk],
        embedder: Embedder,
        progress: Progress | None = None,
        force: bool = False,
    ) -> BuildReport:
        return build_index(self, chunks, embedder, progress, force)  # type: ignore[arg-type]
