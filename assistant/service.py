"""The library's front door: corpus → chunks → index → retriever, wired from one :class:`Settings`.

Construction is cheap (nothing is loaded); `warm_up()` or the first search loads the model and index once.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from assistant.answer import dutch_words
from assistant.answer.crisis import Assessment, CrisisDetector
from assistant.chunks import overview_chunks, page_chunks, unique_ids
from assistant.corpus.overview import load_overview
from assistant.corpus.pages import PageStore, StoredPage, linked_pages
from assistant.corpus.plain import with_editors
from assistant.corpus.questions import with_questions
from assistant.corpus.terms import TERMS_FILE, with_terms
from assistant.embed.base import Embedder
from assistant.embed.registry import make_embedder
from assistant.retrieve.questions import QuestionMatcher
from assistant.retrieve.retriever import Retriever
from assistant.retrieve.situations import SituationMatcher
from assistant.settings import Settings, shown_path
from assistant.store import BuildReport, IndexStore, OpenIndex, Progress, index_store
from assistant.types import Answer, Approach, Chunk, Hit, Overview, StreamEvent

if TYPE_CHECKING:
    from assistant.answer.extractive import ExtractiveAnswerer
    from assistant.answer.llm import LLMAnswerer
    from assistant.corpus.fetch import PageFetcher
    from assistant.corpus.refresh import FetchSummary, PageOutcome


#: Where an approach's linked page stands (the CLI says it in Dutch): fetched; gone (the site says 404/410); no
#: copy fetched yet; the overview gives no link; the copy was fetched from another link than the overview's now.
PageStatus = Literal["fetched", "gone", "no_copy", "no_link", "other_link"]


@dataclass(frozen=True)
class PageInfo:
    """Per approach: is its overview entry in the index, and its linked page (fetched when, indexed or not)."""

    approach: str
    url: str | None
    overview: bool  # the overview entry is in the index
    page: bool  # text of the linked page is in the index
    status: PageStatus
    fetched_at: str | None
    page_chunks: int = 0  # page and PDF chunks in the index
    pdf: bool = False  # a linked PDF is in the index
    http_status: int | None = None  # for "gone": the status the site answered (404, 410)


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


#: Answered once at warm-up (see :meth:`WijkWijzer.warm_up`).
WARM_UP_QUESTIONS = ("Welke aanpak past bij eenzaamheid in de buurt?", "How can we help lonely neighbours?")


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
        overview = with_terms(load_overview(path, shown_path(path)), path.parent / TERMS_FILE)
        return with_questions(with_editors(overview, path.parent), path.parent)

    @property
    def page_store(self) -> PageStore:
        return PageStore(self.settings.pages_dir)

    def linked_pages(self, overview: Overview | None = None) -> list[tuple[Approach, StoredPage]]:
        return linked_pages(overview or self.overview(), self.page_store)

    def chunks(self) -> list[Chunk]:
        overview = self.overview()
        chunks = overview_chunks(overview)
        if self.settings.index_pages:
            for a, p in self.linked_pages(overview):
                source = shown_path(self.page_store.path(p.slug, p.kind))
                prefix = f"page:{a.slug}" + (":pdf" if p.kind == "pdf" else "")
                chunks += page_chunks(p.text, a, source, p.final_url, id_prefix=prefix, page_format=p.kind)
        return unique_ids(chunks)

    def fetch_pages(
        self,
        only: Sequence[str] = (),
        force: bool = False,
        report: Callable[[PageOutcome], None] | None = None,
        fetcher: PageFetcher | None = None,
    ) -> FetchSummary:
        """Fetch (or re-check) the pages the overview links to into `corpus/pages/`; `only` names approaches."""
        from assistant.corpus.refresh import fetch_pages

        return fetch_pages(self.settings, self.page_store, self.overview(), only, force, report, fetcher)

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
        with_pdf = {c.target for c in indexed if c.kind == "page" and c.extra.get("format") == "pdf"}
        stored = {p.slug: p for p in self.page_store.all() if p.kind == "html"}
        out: list[PageInfo] = []
        for a in self.overview().approaches:
            p = stored.get(a.slug)
            status: PageStatus
            if not a.url:
                status = "no_link"
            elif p is None or p.approach != a.name:
                status = "no_copy"
            elif p.url != a.url:
                status = "other_link"
            elif p.status == "gone":
                status = "gone"
            else:
                status = "fetched"
            fetched = (p.fetched_at or None) if p is not None and p.approach == a.name else None
            n = counts.get(a.name, 0)
            gone_with = p.http_status if p is not None and status == "gone" else None
            out.append(
                PageInfo(a.name, a.url, a.name in in_overview, n > 0, status, fetched, n, a.name in with_pdf, gone_with)
            )
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
        overview = self.overview()
        vectors = s.index_dir / "vectors"  # the editors' texts, embedded once (`embed/vector_file.py`)
        return Retriever(
            self.open_index(),
            self.embedder,
            max_query_chars=s.max_query_chars,
            query_cache=s.query_cache,
            situations=SituationMatcher(overview.approaches, self.embedder, vectors / "past-als.npz"),
            questions=QuestionMatcher(overview.sections, self.embedder, vectors / "vragen.npz"),
        )

    def warm_up(self) -> None:
        """Load the model, the index and every part an answer builds lazily (intent and crisis models, language
        identifier, templates) in this one thread: two extractive answers, one Dutch, one in another language. A
        server that said ready before this let its first concurrent requests load those parts side by side: under
        32 clients on a cold server the memory peak was 826 MB (same server, warmed like this: see `make bench`).
        Nothing is stored and no LLM is called."""
        _ = self.retriever
        self.crisis.warm_up()
        for question in WARM_UP_QUESTIONS:
            self.answerer.answer(question, ())
        self.answerer.side.warm_up()  # read only in stories of two sentences or more
        self.answerer.also.warm_up()  # read only where one approach is within the gap
        dutch_words.warm_up()  # read only when a short Dutch message may be told back

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
        from assistant.answer.why import WhyMatcher

        retriever = self.retriever
        with self._lock:
            if self._answerer is None or self._answerer.retriever is not retriever:
                vectors = self.settings.index_dir / "vectors" / "waarom.npz"  # embedded once (embed/vector_file.py)
                why = WhyMatcher(self.overview(), self.embedder, vectors)
                self._answerer = ExtractiveAnswerer(retriever, self.overview(), crisis=self.crisis, why=why)
            return self._answerer

    @property
    def llm(self) -> LLMAnswerer | None:
        if self._llm is None and self.settings.llm:
            from assistant.answer.llm import LLMAnswerer

            self._llm = LLMAnswerer(self.settings.llm, self.settings.llm_base_url, self.settings.llm_api_key)
        return self._llm

    def ask(self, question: str, history: Sequence[dict[str, str]] = ()) -> Answer:
        """Answer a question (with this conversation's history; the service itself keeps no history): the final
        answer of :meth:`ask_stream`, so the LLM guard and the checked-or-extractive choice exist once."""
        done = None
        for event in self.ask_stream(question, history):
            done = event.answer if event.kind == "done" else done
        assert done is not None, "ask_stream ends with a done event"
        return done

    def ask_stream(self, question: str, history: Sequence[dict[str, str]] = ()) -> Iterator[StreamEvent]:
        """The answer as events, the last one 'done' with the final :class:`Answer`.

        The extractive answer decides refusal and safety and supplies the numbered sources. With an LLM
        configured, its reply over those sources streams as it is written and is checked at the end: a 'replace'
        event then carries the text to show instead (the checked reply or, when it fails, the extractive one)."""
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
