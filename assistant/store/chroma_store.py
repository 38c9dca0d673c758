"""The index in a folder: Chroma PersistentClient builds under `index/builds/`, switched atomically via `index/CURRENT`.

A build is written beside the serving one and only then made current, so a failed or interrupted build
leaves the previous index serving. Unchanged chunks (same content hash, same embedding model) are copied
from the current build instead of being embedded again; with nothing changed no build is made at all
(the algorithm is :func:`assistant.store.build.build_index`; this module supplies the folder's steps).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from assistant.store.base import (
    IndexBusy,
    IndexNotFound,
    OpenIndex,
    StoreError,
    add_chunks,
    check_model,
    new_collection,
    vectors_by_hash,
)
from assistant.store.build import BuildsWithSteps
from assistant.types import Chunk

MANIFEST = "manifest.json"


def _client(path: Path) -> Any:
    import chromadb

    return chromadb.PersistentClient(path=str(path), settings=chromadb.Settings(anonymized_telemetry=False))


class ChromaStore(BuildsWithSteps):
    """Builds and opens the index in `index_dir`. Construction is cheap; nothing is read until asked."""

    def __init__(self, index_dir: Path, collection: str = "wijkwijzer") -> None:
        self.index_dir = Path(index_dir)
        self.collection = collection

    # -- layout -------------------------------------------------------------------------------------
    @property
    def builds_dir(self) -> Path:
        return self.index_dir / "builds"

    def current_path(self) -> Path | None:
        """The folder of the serving build (one with a manifest), None when there is none."""
        pointer = self.index_dir / "CURRENT"
        if not pointer.exists():
            return None
        path = self.builds_dir / pointer.read_text().strip()
        return path if (path / MANIFEST).exists() else None

    def current_build(self) -> str | None:
        path = self.current_path()
        return path.name if path is not None else None

    def location(self, build: str) -> str:
        return str(self.builds_dir / build)

    def manifest(self) -> dict[str, Any] | None:
        path = self.current_path()
        return None if path is None else self._read_manifest(path)

    @staticmethod
    def _read_manifest(path: Path) -> dict[str, Any]:
        try:
            return dict(json.loads((path / MANIFEST).read_text()))
        except (OSError, ValueError) as exc:
            raise StoreError(f"de index in {path} is beschadigd ({exc}); bouw opnieuw: wijkwijzer index") from exc

    # -- reading ------------------------------------------------------------------------------------
    def open(self, model_id: str) -> OpenIndex:
        path = self.current_path()  # read once: a build switched meanwhile must not mix two builds
        if path is None:
            raise IndexNotFound(f"er is nog geen index in {self.index_dir}; bouw hem met: wijkwijzer index")
        manifest = self._read_manifest(path)
        check_model(manifest, model_id)
        try:
            return OpenIndex(manifest, _client(path).get_collection(self.collection))
        except Exception as exc:  # chromadb raises a variety of errors for damaged stores
            raise StoreError(
                f"de index in {path} kon niet geopend worden ({type(exc).__name__}); bouw opnieuw: wijkwijzer index"
            ) from exc

    # -- building: the folder's steps of assistant.store.build -------------------------------------
    @contextmanager
    def lock(self) -> Iterator[None]:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with open(self.index_dir / ".build.lock", "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise IndexBusy("er loopt al een index-opbouw; wacht tot die klaar is") from None
            yield

    def remove_unfinished(self) -> None:
        """Remove folders of builds that never finished (no manifest)."""
        if self.builds_dir.exists():
            for d in self.builds_dir.iterdir():
                if d.is_dir() and not (d / MANIFEST).exists():
                    shutil.rmtree(d, ignore_errors=True)

    def vectors(self, build: str) -> dict[str, list[float]]:
        try:
            collection = _client(self.builds_dir / build).get_collection(self.collection)
            got = collection.get(include=["embeddings", "metadatas"])
        except Exception:  # a damaged previous build simply means: embed everything again
            return {}
        return vectors_by_hash(got)

    def write(
        self, build: str, manifest: dict[str, Any], chunks: Sequence[Chunk], vectors: dict[str, list[float]]
    ) -> None:
        path = self.builds_dir / build
        path.mkdir(parents=True)
        col = new_collection(_client(path), self.collection, {"model_id": manifest["model_id"], "dim": manifest["dim"]})
        add_chunks(col, chunks, vectors)
        # the manifest is written last: a build folder without one is incomplete and never served
        tmp = path / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(tmp, path / MANIFEST)

    def switch(self, build: str) -> None:
        tmp = self.index_dir / "CURRENT.tmp"
        tmp.write_text(build + "\n")
        os.replace(tmp, self.index_dir / "CURRENT")

    def discard(self, build: str) -> None:
        shutil.rmtree(self.builds_dir / build, ignore_errors=True)

    def prune(self, keep: set[str]) -> None:
        for d in self.builds_dir.iterdir():
            if d.is_dir() and d.name not in keep:
                shutil.rmtree(d, ignore_errors=True)
