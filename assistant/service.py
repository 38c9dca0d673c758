"""The library's front door: corpus → chunks → index → retriever, wired from one :class:`Settings`.

Construction is cheap (nothing is loaded); `warm_up()` or the first search loads the model and index once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.chunks import overview_chunks, unique_ids
from assistant.corpus.overview import load_overview
from assistant.embed.base import Embedder, make_embedder
from assistant.retrieve.retriever import Retriever
from assistant.settings import PROJECT_ROOT, Settings
from assistant.store.chroma_store import BuildReport, ChromaStore, OpenIndex, Progress
from assistant.types import Chunk, Hit, Overview


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class IndexInfo:
    path: str
    build: str
    model_id: str
    created_at: str
    chunks: int
    by_kind: dict[str, int]
    approaches: list[str]
    sections: list[str]


class WijkWijzer:
    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None) -> None:
        self.settings = settings or Settings()
        self.embedder = embedder or make_embedder(self.settings.embedder, **self.settings.embedder_options())
        self.store = ChromaStore(self.settings.index_dir, self.settings.collection)
        self._retriever: Retriever | None = None
        self._lock = threading.Lock()

    # -- corpus -------------------------------------------------------------------------------------
    def overview(self) -> Overview:
        path = self.settings.overview_path
        return load_overview(path, _relative(path))

    def chunks(self) -> list[Chunk]:
        return unique_ids(overview_chunks(self.overview()))

    # -- index --------------------------------------------------------------------------------------
    def build_index(self, progress: Progress | None = None, force: bool = False) -> BuildReport:
        report = self.store.build(self.chunks(), self.embedder, progress=progress, force=force)
        if report.status == "built":
            with self._lock:
                self._retriever = None  # the next search opens the new build
        return report

    def has_index(self) -> bool:
        return self.store.current_path() is not None

    def open_index(self) -> OpenIndex:
        return self.store.open(self.embedder.model_id)

    def info(self) -> IndexInfo:
        index = self.open_index()
        by_kind: dict[str, int] = {}
        for c in index.chunks:
            by_kind[c.kind] = by_kind.get(c.kind, 0) + 1
        m: dict[str, Any] = index.manifest
        return IndexInfo(
            path=str(index.path),
            build=str(m["build"]),
            model_id=str(m["model_id"]),
            created_at=str(m["created_at"]),
            chunks=len(index.chunks),
            by_kind=by_kind,
            approaches=sorted({c.target for c in index.chunks if c.kind == "approach"}),
            sections=sorted({c.target for c in index.chunks if c.kind == "general"}),
        )

    # -- retrieval ----------------------------------------------------------------------------------
    @property
    def retriever(self) -> Retriever:
        with self._lock:
            if self._retriever is None:
                retriever = Retriever(self.open_index(), self.embedder, max_query_chars=self.settings.max_query_chars)
                retriever.warm_up()
                self._retriever = retriever
            return self._retriever

    def warm_up(self) -> None:
        _ = self.retriever

    def search(self, question: str, k: int | None = None, mode: str = "shipped") -> list[Hit]:
        return self.retriever.search(question, k=k or self.settings.top_k, mode=mode)
