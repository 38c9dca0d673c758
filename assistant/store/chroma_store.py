"""The index: Chroma PersistentClient builds under `index/builds/`, switched atomically via `index/CURRENT`.

A build is written beside the serving one and only then made current, so a failed or interrupted build
leaves the previous index serving. Unchanged chunks (same content hash, same embedding model) are copied
from the current build instead of being embedded again; with nothing changed no build is made at all.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from assistant.embed.base import Embedder
from assistant.types import Chunk, ChunkHit

MANIFEST = "manifest.json"
BATCH = 16
Progress = Callable[[int, int], None]


class StoreError(RuntimeError):
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


def _client(path: Path) -> Any:
    import chromadb

    return chromadb.PersistentClient(path=str(path), settings=chromadb.Settings(anonymized_telemetry=False))


class OpenIndex:
    """A loaded, read-only index build: the Chroma collection plus all chunks in memory."""

    def __init__(self, path: Path, manifest: dict[str, Any], collection: Any) -> None:
        self.path = path
        self.manifest = manifest
        self.collection = collection
        got = collection.get(include=["documents", "metadatas"])
        self.chunks = [Chunk.from_metadata(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])]
        self.by_id = {c.id: c for c in self.chunks}

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


class ChromaStore:
    """Builds and opens the index in `index_dir`. Construction is cheap; nothing is read until asked."""

    def __init__(self, index_dir: Path, collection: str = "wijkwijzer") -> None:
        self.index_dir = Path(index_dir)
        self.collection = collection

    # -- layout -------------------------------------------------------------------------------------
    @property
    def builds_dir(self) -> Path:
        return self.index_dir / "builds"

    def current_path(self) -> Path | None:
        pointer = self.index_dir / "CURRENT"
        if not pointer.exists():
            return None
        path = self.builds_dir / pointer.read_text().strip()
        return path if (path / MANIFEST).exists() else None

    def manifest(self) -> dict[str, Any] | None:
        path = self.current_path()
        if path is None:
            return None
        try:
            return dict(json.loads((path / MANIFEST).read_text()))
        except (OSError, ValueError) as exc:
            raise StoreError(f"de index in {path} is beschadigd ({exc}); bouw opnieuw: wijkwijzer index") from exc

    # -- reading ------------------------------------------------------------------------------------
    def open(self, model_id: str) -> OpenIndex:
        manifest = self.manifest()
        path = self.current_path()
        if manifest is None or path is None:
            raise IndexNotFound(f"er is nog geen index in {self.index_dir}; bouw hem met: wijkwijzer index")
        check_model(manifest, model_id)
        try:
            collection = _client(path).get_collection(self.collection)
            return OpenIndex(path, manifest, collection)
        except Exception as exc:  # chromadb raises a variety of errors for damaged stores
            raise StoreError(
                f"de index in {path} kon niet geopend worden ({type(exc).__name__}); bouw opnieuw: wijkwijzer index"
            ) from exc

    # -- building -----------------------------------------------------------------------------------
    @contextmanager
    def _lock(self) -> Iterator[None]:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with open(self.index_dir / ".build.lock", "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise IndexBusy("er loopt al een index-opbouw; wacht tot die klaar is") from None
            yield

    def _reusable(self, model_id: str) -> dict[str, list[float]]:
        """content hash → embedding from the current build, when it was made with the same model."""
        manifest, path = self.manifest(), self.current_path()
        if not manifest or path is None or manifest.get("model_id") != model_id:
            return {}
        try:
            got = _client(path).get_collection(self.collection).get(include=["embeddings", "metadatas"])
        except Exception:  # a damaged previous build simply means: embed everything again
            return {}
        return vectors_by_hash(got)

    def build(
        self,
        chunks: Sequence[Chunk],
        embedder: Embedder,
        progress: Progress | None = None,
        force: bool = False,
    ) -> BuildReport:
        """Build (or update) the index from `chunks`; return what was done."""
        start = time.perf_counter()
        with self._lock():
            manifest = self.manifest()
            if not force and manifest is not None and up_to_date(manifest, embedder.model_id, chunks):
                return BuildReport("up-to-date", str(manifest["build"]), len(chunks), 0, len(chunks), 0.0)
            self._remove_stale()
            cache = {} if force else self._reusable(embedder.model_id)
            name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            path = self.builds_dir / name
            try:
                embedded = self._write(path, name, chunks, embedder, cache, progress)
                self._switch(name)
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            self._remove_old(keep={name, (manifest or {}).get("build", "")})
        return BuildReport("built", name, len(chunks), embedded, len(chunks) - embedded, time.perf_counter() - start)

    def _write(
        self,
        path: Path,
        name: str,
        chunks: Sequence[Chunk],
        embedder: Embedder,
        cache: dict[str, list[float]],
        progress: Progress | None,
    ) -> int:
        embedded = embed_missing(chunks, embedder, cache, progress)
        manifest = make_manifest(name, embedder, cache, self.collection, chunks)
        path.mkdir(parents=True)
        col = new_collection(_client(path), self.collection, {"model_id": embedder.model_id, "dim": manifest["dim"]})
        add_chunks(col, chunks, cache)
        # the manifest is written last: a build folder without one is incomplete and never served
        tmp = path / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(tmp, path / MANIFEST)
        return embedded

    def _switch(self, name: str) -> None:
        tmp = self.index_dir / "CURRENT.tmp"
        tmp.write_text(name + "\n")
        os.replace(tmp, self.index_dir / "CURRENT")

    def _remove_stale(self) -> None:
        """Remove folders of builds that never finished (no manifest)."""
        if self.builds_dir.exists():
            for d in self.builds_dir.iterdir():
                if d.is_dir() and not (d / MANIFEST).exists():
                    shutil.rmtree(d, ignore_errors=True)

    def _remove_old(self, keep: set[str]) -> None:
        """Keep the new and the previous build (a running server may still read the previous one)."""
        for d in self.builds_dir.iterdir():
            if d.is_dir() and d.name not in keep:
                shutil.rmtree(d, ignore_errors=True)


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


def check_model(manifest: dict[str, Any], model_id: str) -> None:
    """An index is only usable with the embedder that built it."""
    if manifest.get("model_id") != model_id:
        raise IndexMismatch(
            f"de index is gebouwd met embedder {manifest.get('model_id')!r}, maar ingesteld is {model_id!r}; "
            "bouw de index opnieuw met: wijkwijzer index"
        )


def up_to_date(manifest: dict[str, Any] | None, model_id: str, chunks: Sequence[Chunk]) -> bool:
    """The current build holds exactly these chunks, embedded by this model."""
    return (
        manifest is not None
        and manifest.get("model_id") == model_id
        and manifest.get("chunks") == {c.id: c.content_hash for c in chunks}
    )


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
