"""The library's front door: corpus → chunks → index → retriever, wired from one :class:`Settings`.

Construction is cheap (nothing is loaded); `warm_up()` or the first search loads the model and index once.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from assistant.answer.crisis import Assessment, CrisisDetector
from assistant.chunks import overview_chunks, page_chunks, unique_ids
from assistant.corpus.overview import load_overview
from assistant.corpus.pages import PageStore, StoredPage
from assistant.embed.base import Embedder
from assistant.embed.registry import make_embedder
from assistant.retrieve.retriever import Retriever
from assistant.settings import Settings, shown_path
from assistant.store import BuildReport, IndexStore, OpenIndex, Progress, index_store
from assistant.types import Answer, Approach, Chunk, Hit, Overview, StreamEvent

if TYPE_CHECKING:
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.answer.llm import LLMAnswerer
    from assistant.corpus.fetch import FetchConfig, PageFetcher
    from assistant.corpus.refresh import FetchSummary, PageOutcome


@dataclass(frozen=True)
class PageInfo:
    """Per approach: is its overview entry in the index, and its linked page (fetched when, indexed or not)."""

    approach: str
    url: str | None
    overview: bool  # the overview entry is in the index
    page: bool  # text of the linked page is in the index
    status: str  # "opgehaald" | "weg (404)" | "geen kopie" | "geen link" | "andere link"
    fetched_at: str | None
    page_chunks: int = 0  # page and PDF chunks in the index
    pdf: bool = False  # a linked PDF is in the index


@dataclass(frozen=True)
class IndexInfo:
    path: str  # where the build lives, as the store names it: its folder, or the Chroma server and collection
    build: str
    model_id: str
    created_at: str
    chunks: int
    by_kind: dict[str, int]
    approaches: list[str]
    sections: list[str]
    pages: list[PageInfo] = field(default_factory=list)


class WijkWijzer:
    def __init__(
        self, settings: Settings | None = None, embedder: Embedder | None = None, llm: LLMAnswerer | None = None
    ) -> None:
        self.settings = settings or Settings()
        self._llm = llm
        self.embedder = embedder or make_embedder(self.settings.embedder, **self.settings.embedder_options())
        self.store: IndexStore = index_store(self.settings)
        self.crisis = CrisisDetector(self.embedder)
        self._retriever: Retriever | None = None
        self._answerer: ExtractiveAnswerer | None = None
        self._lock = threading.Lock()

    # -- corpus -------------------------------------------------------------------------------------
    def overview(self) -> Overview:
        path = self.settings.overview_path
        return load_overview(path, shown_path(path))

    @property
    def page_store(self) -> PageStore:
        return PageStore(self.settings.pages_dir)

    def linked_pages(self, overview: Overview | None = None) -> list[tuple[Approach, StoredPage]]:
        """Stored pages (and their PDFs) that belong in the index: with text, not gone, and fetched from the
        link the overview gives now (a page fetched for an older link waits for the next `corpus fetch`)."""
        approaches = {a.name: a for a in (overview or self.overview()).approaches}
        stored = self.page_store.all()
        pages = {p.slug: p for p in stored if p.kind == "html"}
        out: list[tuple[Approach, StoredPage]] = []
        for p in stored:
            a = approaches.get(p.approach)
            page = pages.get(p.slug)
            if a is None or a.slug != p.slug or page is None or not (p.usable and page.usable) or page.url != a.url:
                continue
            out.append((a, p))
        return out

    def chunks(self) -> list[Chunk]:
        overview = self.overview()
        chunks = overview_chunks(overview)
        if self.settings.index_pages:
            for a, p in self.linked_pages(overview):
                source = shown_path(self.page_store.path(p.slug, p.kind))
                prefix = f"page:{a.slug}" + (":pdf" if p.kind == "pdf" else "")
                chunks += page_chunks(p.text, a, source, p.final_url, id_prefix=prefix)
        return unique_ids(chunks)

    def fetch_config(self) -> FetchConfig:
        from assistant.corpus.fetch import FetchConfig

        s = self.settings
        return FetchConfig(
            user_agent=s.fetch_user_agent,
            timeout=s.fetch_timeout,
            interval=s.fetch_interval,
            max_bytes=s.fetch_max_bytes,
            retries=s.fetch_retries,
            retry_budget=s.fetch_retry_budget,
        )

    def fetch_pages(
        self,
        only: Sequence[str] = (),
        force: bool = False,
        report: Callable[[PageOutcome], None] | None = None,
        fetcher: PageFetcher | None = None,
    ) -> FetchSummary:
        """Fetch (or re-check) the pages the overview links to into `corpus/pages/`; `only` names approaches."""
        from assistant.corpus.fetch import PageFetcher
        from assistant.corpus.refresh import PageRefresher, select

        approaches = select(self.overview().approaches, only)
        with fetcher or PageFetcher(self.fetch_config()) as f:
            refresher = PageRefresher(
                self.page_store, f, fetch_pdf=self.settings.fetch_pdf, pdf_max_pages=self.settings.fetch_pdf_max_pages
            )
            return refresher.refresh(approaches, force=force, report=report)

    # -- index --------------------------------------------------------------------------------------
    def build_index(self, progress: Progress | None = None, force: bool = False) -> BuildReport:
        report = self.store.build(self.chunks(), self.embedder, progress=progress, force=force)
        if report.status == "built":
            with self._lock:
                self._retriever = None  # the next search opens the new build
                self._answerer = None
        return report

    def has_index(self) -> bool:
        return self.store.current_build() is not None

    def open_index(self) -> OpenIndex:
        return self.store.open(self.embedder.model_id)

    def info(self) -> IndexInfo:
        index = self.open_index()
        by_kind: dict[str, int] = {}
        for c in index.chunks:
            by_kind[c.kind] = by_kind.get(c.kind, 0) + 1
        m: dict[str, Any] = index.manifest
        return IndexInfo(
            path=self.store.location(index.build),
            build=str(m["build"]),
            model_id=str(m["model_id"]),
            created_at=str(m["created_at"]),
            chunks=len(index.chunks),
            by_kind=by_kind,
            approaches=sorted({c.target for c in index.chunks if c.kind == "approach"}),
            sections=sorted({c.target for c in index.chunks if c.kind == "general"}),
            pages=self.page_info(index.chunks),
        )

    def page_info(self, indexed: Sequence[Chunk]) -> list[PageInfo]:
        """Per approach in the overview: overview entry and page in the index, and when the page was fetched."""
        in_overview = {c.target for c in indexed if c.kind == "approach"}
        counts = Counter(c.target for c in indexed if c.kind == "page")
        with_pdf = {c.target for c in indexed if c.kind == "page" and ":pdf:" in c.id}
        stored = {p.slug: p for p in self.page_store.all() if p.kind == "html"}
        out: list[PageInfo] = []
        for a in self.overview().approaches:
            p = stored.get(a.slug)
            if not a.url:
                status = "geen link"
            elif p is None or p.approach != a.name:
                status = "geen kopie"
            elif p.url != a.url:
                status = "andere link"
            elif p.status == "gone":
                status = f"weg ({p.http_status})"
            else:
                status = "opgehaald"
            fetched = (p.fetched_at or None) if p is not None and p.approach == a.name else None
            n = counts.get(a.name, 0)
            out.append(PageInfo(a.name, a.url, a.name in in_overview, n > 0, status, fetched, n, a.name in with_pdf))
        return out

    # -- retrieval ----------------------------------------------------------------------------------
    @property
    def retriever(self) -> Retriever:
        with self._lock:
            if self._retriever is None:
                retriever = self._new_retriever()
                retriever.warm_up()
                self._retriever = retriever
            return self._retriever

    def _new_retriever(self) -> Retriever:
        s = self.settings
        return Retriever(self.open_index(), self.embedder, max_query_chars=s.max_query_chars, query_cache=s.query_cache)

    def warm_up(self) -> None:
        _ = self.retriever
        self.crisis.warm_up()

    def assess_crisis(self, text: str) -> Assessment:
        """The crisis check on its own (feedback is not stored for messages that may be a crisis)."""
        return self.crisis.assess(text, self.embedder.embed_queries([text])[0] if text.strip() else None)

    def reload_if_rebuilt(self) -> bool:
        """Switch to a newer build that another process (`wijkwijzer index`) made current. The new build is
        opened and warmed up beside the serving one, then swapped in; requests in flight finish on the old one
        (the store keeps the previous build). True when it switched."""
        current = self._retriever
        build = self.store.current_build()
        if current is None or build is None or build == current.index.build:
            return False
        retriever = self._new_retriever()
        retriever.warm_up()
        with self._lock:
            if self._retriever is current:
                self._retriever = retriever
        return True

    def search(self, question: str, k: int | None = None, mode: str = "shipped") -> list[Hit]:
        return self.retriever.search(question, k=k or self.settings.top_k, mode=mode)

    # -- answers ------------------------------------------------------------------------------------
    @property
    def answerer(self) -> ExtractiveAnswerer:
        from assistant.answer.extractive import ExtractiveAnswerer

        retriever = self.retriever
        with self._lock:
            if self._answerer is None or self._answerer.retriever is not retriever:
                self._answerer = ExtractiveAnswerer(retriever, self.overview(), crisis=self.crisis)
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
