"""The library's front door: corpus → chunks → index → retriever, wired from one :class:`Settings`.

Construction is cheap (nothing is loaded); `warm_up()` or the first search loads the model and index once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.chunks import overview_chunks, unique_ids
from assistant.corpus.overview import load_overview
from assistant.embed.base import Embedder, make_embedder
from assistant.retrieve.retriever import Retriever
from assistant.settings import PROJECT_ROOT, Settings
from assistant.store.chroma_store import BuildReport, ChromaStore, OpenIndex, Progress
from assistant.types import Answer, Chunk, Hit, Overview, StreamEvent

if TYPE_CHECKING:
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.answer.llm import LLMAnswerer


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
    def __init__(
        self, settings: Settings | None = None, embedder: Embedder | None = None, llm: LLMAnswerer | None = None
    ) -> None:
        self.settings = settings or Settings()
        self._llm = llm
        self.embedder = embedder or make_embedder(self.settings.embedder, **self.settings.embedder_options())
        self.store = ChromaStore(self.settings.index_dir, self.settings.collection)
        self._retriever: Retriever | None = None
        self._answerer: ExtractiveAnswerer | None = None
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
                self._answerer = None
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

    # -- answers ------------------------------------------------------------------------------------
    @property
    def answerer(self) -> ExtractiveAnswerer:
        from assistant.answer.extractive import ExtractiveAnswerer

        retriever = self.retriever
        with self._lock:
            if self._answerer is None or self._answerer.retriever is not retriever:
                self._answerer = ExtractiveAnswerer(retriever, self.overview())
            return self._answerer

    @property
    def llm(self) -> LLMAnswerer | None:
        if self._llm is None and self.settings.llm:
            from assistant.answer.llm import LLMAnswerer

            self._llm = LLMAnswerer(self.settings.llm, self.settings.llm_base_url, self.settings.llm_api_key)
        return self._llm

    def ask(self, question: str, history: Sequence[dict[str, str]] = ()) -> Answer:
        """Answer a question (with this conversation's history; the service itself keeps no history).

        The extractive answer decides refusal and safety and supplies the numbered sources. With an LLM
        configured, the LLM's reply over those sources is shown when it passes the check; else the extractive one.
        """
        answer = self.answerer.answer(question, history)
        llm = self.llm
        if llm is None or answer.refused or answer.crisis or not answer.sources:
            return answer
        checked = llm.answer(question, answer.sources, _turns(history), self.answerer.approaches.keys())
        return replace(answer, text=checked.text) if checked is not None and checked.ok else answer

    def ask_stream(self, question: str, history: Sequence[dict[str, str]] = ()) -> Iterator[StreamEvent]:
        """The same answer as :meth:`ask`, streamed. LLM text streams as it is written and is checked at the end:
        a 'replace' event then carries the text to show instead (the checked or the extractive answer)."""
        from assistant.answer.llm import LLMError

        answer = self.answerer.answer(question, history)
        llm = self.llm
        if llm is None or answer.refused or answer.crisis or not answer.sources:
            blocks = answer.text.split("\n\n")
            for i, block in enumerate(blocks):
                yield StreamEvent("delta", block + ("\n\n" if i < len(blocks) - 1 else ""))
            yield StreamEvent("done", answer=answer)
            return
        parts: list[str] = []
        try:
            for delta in llm.stream(question, answer.sources, _turns(history)):
                parts.append(delta)
                yield StreamEvent("delta", delta)
            checked = llm.check("".join(parts), answer.sources, self.answerer.approaches.keys())
        except LLMError:
            checked = None
        final = replace(answer, text=checked.text) if checked is not None and checked.ok else answer
        if final.text != "".join(parts):
            yield StreamEvent("replace", final.text)
        yield StreamEvent("done", answer=final)


def _turns(history: Sequence[dict[str, str]]) -> list[tuple[str, str]]:
    return [(str(t.get("role", "user")), str(t.get("content", ""))) for t in history]
