"""Run the whole evaluation in one go: the shipped assistant and the baselines over the question set.

`run_suite()` returns an :class:`EvalReport`; `report.py` writes it as Markdown and a chart, `thresholds.py`
checks it against `eval/thresholds.yaml`. Everything runs offline; no LLM is needed (with `WIJKWIJZER_LLM` set,
`WijkWijzer.ask` answers with the checked LLM reply and the same metrics apply to it).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from assistant.errors import ConfigError
from assistant.evaluation.baselines import MemoEmbedder, NaiveRAG
from assistant.evaluation.dataset import SPLITS, EvalItem
from assistant.evaluation.reference import Reference, build_reference
from assistant.evaluation.scoring import ItemResult, Scores, aggregate, breakdown, is_retrieval_item, score_item
from assistant.retrieve.retriever import MODES, Retriever
from assistant.service import WijkWijzer

SHIPPED = "shipped"
NAIVE = "naive-rag"
DESCRIPTIONS = {
    SHIPPED: "the assistant as shipped: `WijkWijzer.ask` (safety, refusal, extractive answer) and the shipped "
    "retriever (whole entry + best field, name boost)",
    "dense": "retriever mode `dense`: embedder over one chunk per approach (whole entry); retrieval only",
    "bm25": "retriever mode `bm25`: BM25 with Dutch stemming and stop words; retrieval only",
    NAIVE: "naive LangChain RAG: RecursiveCharacterTextSplitter 1000/200 over the raw document, in-memory Chroma, "
    "top-4 `similarity_search`; its 'answer' is the 4 chunks verbatim (see `assistant/evaluation/baselines.py`)",
}
Progress = Callable[[str], None]


@dataclass(frozen=True)
class SystemResult:
    name: str
    description: str
    results: tuple[ItemResult, ...]
    overall: Scores
    splits: dict[str, Scores]
    by_kind: dict[str, Scores]
    by_approach: dict[str, Scores]  # by the first expected approach
    deep: bool  # grounding and hallucination were scored

    @property
    def answers(self) -> bool:
        return any(r.answer is not None for r in self.results)

    def scores(self, split: str | None = None) -> Scores | None:
        return self.overall if split in (None, "all") else self.splits.get(str(split))


@dataclass(frozen=True)
class EvalReport:
    questions: str
    model_id: str
    items: tuple[EvalItem, ...]
    systems: tuple[SystemResult, ...]
    seconds: float
    created: str

    def system(self, name: str) -> SystemResult | None:
        return next((s for s in self.systems if s.name == name), None)

    def value(self, key: str) -> float | None:
        """A figure by key: 'system.metric' (all items) or 'system.split.metric' (e.g. 'shipped.holdout.hit@3')."""
        parts = key.split(".")
        if len(parts) not in (2, 3):
            raise ConfigError(f"metric key {key!r}: use 'system.metric' or 'system.split.metric'")
        system = self.system(parts[0])
        scores = system.scores(parts[1] if len(parts) == 3 else None) if system else None
        return scores.get(parts[-1]) if scores else None

    @property
    def failing(self) -> list[ItemResult]:
        """Items the shipped assistant failed at least one check on."""
        shipped = self.system(SHIPPED)
        return [r for r in shipped.results if r.failed] if shipped else []


def _system(name: str, results: list[ItemResult], deep: bool) -> SystemResult:
    return SystemResult(
        name=name,
        description=DESCRIPTIONS.get(name, name),
        results=tuple(results),
        overall=aggregate(results),
        splits={s: aggregate([r for r in results if r.item.split == s]) for s in SPLITS},
        by_kind=breakdown(results, lambda r: r.item.kind),
        by_approach=breakdown(results, lambda r: r.item.expected[0] if r.item.expected else None),
        deep=deep,
    )


def _ranked(retriever: Retriever, item: EvalItem, mode: str) -> list[str] | None:
    if not is_retrieval_item(item):
        return None
    return [h.target for h in retriever.search(item.question, k=10, mode=mode, approaches_only=True)]


def _run_retrieval(retriever: Retriever, items: Sequence[EvalItem], ref: Reference, mode: str) -> SystemResult:
    """A retriever mode on its own (rankings only, no answers); the system is named after the mode."""
    results = [score_item(i, ref, ranked=_ranked(retriever, i, mode)) for i in items if is_retrieval_item(i)]
    return _system(mode, results, deep=False)


def _run_naive(ww: WijkWijzer, items: Sequence[EvalItem], ref: Reference, embedder: MemoEmbedder) -> SystemResult:
    naive = NaiveRAG(ww.settings.overview_path.read_text(encoding="utf-8"), ww.overview(), embedder)
    results = []
    try:
        for item in items:
            start = time.perf_counter()
            got = naive.ask(item.question)
            seconds = time.perf_counter() - start
            ranked = got.ranked if is_retrieval_item(item) else None
            scored = score_item(
                item, ref, ranked=ranked, answer=got.answer, seconds=seconds, cited=got.ranked, deep=False
            )
            results.append(scored)
    finally:
        naive.close()
    return _system(NAIVE, results, deep=False)


def _run_shipped(
    ww: WijkWijzer, items: Sequence[EvalItem], ref: Reference, retriever: Retriever | None
) -> SystemResult:
    """`WijkWijzer.ask` on every item, with the shipped ranking of the retrieval items unless `retriever` is None."""
    results = []
    for item in items:
        start = time.perf_counter()
        answer = ww.ask(item.question, list(item.history))
        seconds = time.perf_counter() - start
        ranked = _ranked(retriever, item, SHIPPED) if retriever is not None else None
        results.append(score_item(item, ref, ranked=ranked, answer=answer, seconds=seconds))
    return _system(SHIPPED, results, deep=True)


def run_suite(
    ww: WijkWijzer,
    items: Sequence[EvalItem],
    baselines: bool = True,
    questions: str = "",
    progress: Progress | None = None,
    *,
    retrieval: bool = True,
    answers: bool = True,
) -> EvalReport:
    """Run the shipped assistant (and, with `baselines`, BM25, dense and the naive LangChain RAG) on `items`.

    Latency is the wall time of `WijkWijzer.ask` (naive: of its `similarity_search`) per question. Rankings for
    the retrieval figures come from a second retriever on the same index whose embedder remembers query
    vectors, so each question is embedded once for all modes; the naive baseline runs first so its timed
    searches still embed every question for real.

    One part alone, scored the same way (`wijkwijzer eval --only`): `answers=False` asks nothing and ranks the
    retrieval items with every retriever mode (only `shipped` without `baselines`); `retrieval=False` asks the
    shipped assistant every item and ranks nothing.
    """
    if not (retrieval or answers):
        raise ValueError("nothing to run: choose retrieval, answers or both")
    say = progress or (lambda _: None)
    started = time.perf_counter()
    ww.warm_up()
    ref = build_reference(ww.overview(), ww.retriever.index.chunks)
    memo = MemoEmbedder(ww.embedder)
    shipped = ww.retriever
    retriever = Retriever(shipped.index, memo, shipped.config, max_query_chars=shipped.max_query_chars)
    systems: list[SystemResult] = []
    if not answers:
        for mode in MODES if baselines else (SHIPPED,):
            say(f"retrieval {mode}…")
            systems.append(_run_retrieval(retriever, items, ref, mode))
    elif not retrieval:
        say(f"{SHIPPED}: {len(items)} vragen…")
        systems.append(_run_shipped(ww, items, ref, None))
    else:
        if baselines:
            say("naive LangChain RAG: chunks embedden en vragen…")
            naive = _run_naive(ww, items, ref, memo)
            for mode in ("bm25", "dense"):
                say(f"retrieval {mode}…")
                systems.append(_run_retrieval(retriever, items, ref, mode))
            systems.append(naive)
        say(f"{SHIPPED}: {len(items)} vragen…")
        systems.insert(0, _run_shipped(ww, items, ref, retriever))
    return EvalReport(
        questions=questions,
        model_id=ww.embedder.model_id,
        items=tuple(items),
        systems=tuple(systems),
        seconds=time.perf_counter() - started,
        created=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
