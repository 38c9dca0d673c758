"""Rank approaches (and general sections) for a question.

Modes (`wijkwijzer eval-retrieval` prints them side by side on the team's question set):
- ``bm25``: BM25 over all chunks (Dutch stemming, stop words) — lexical baseline;
- ``dense``: the embedder over one chunk per approach/section (the whole entry) — dense baseline;
- ``shipped``: dense over the whole entry *and* its field chunks — an approach scores
  ``(1 - w) * whole + w * best field`` (w = 0.3; every w from 0.3 to 0.7 beat the whole entry alone on MRR and
  hit@3 on both halves of the eval set, a plain max lost precision at rank 1) — plus an approach *named* in
  the question (exact acronym, fuzzy name) moved up, and those whose editors' search words it contains
  (`terms.py`). Fusing BM25 scores in (RRF, weighted or z-score) measured worse than dense on this corpus and is
  left out.

Chunks of an approach's linked page (`wijkwijzer corpus fetch`) carry the approach as their target, so they join
its hit and count like field chunks (the best of field and page chunks is the "detail" score); the dense
baseline leaves them out, as it does fields. Without fetched pages every mode is exactly as before.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.chunks import chunk_terms
from assistant.embed.base import Embedder
from assistant.errors import ConfigError, WijkWijzerError
from assistant.retrieve.approach_model import ApproachScores
from assistant.retrieve.hubs import hub_biases
from assistant.retrieve.lexical import BM25Index
from assistant.retrieve.names import NameMatcher
from assistant.retrieve.questions import QuestionMatcher
from assistant.retrieve.situations import MATCH_LANGUAGE, SituationMatcher
from assistant.retrieve.terms import TermMatcher
from assistant.retrieve.votes import question_votes
from assistant.store import OpenIndex
from assistant.text import has_words
from assistant.types import Approach, ChunkHit, Hit

MODES = ("dense", "bm25", "shipped")
QUERY_CACHE = 2048  # question embeddings kept by default (384 floats each: ~3 MB)


class QueryError(WijkWijzerError, ValueError):
    """The question cannot be searched (empty); the message is for end users."""


@dataclass(frozen=True)
class RetrievalConfig:
    name_boost: float = 0.25  # added to an approach whose name/acronym the question contains
    field_weight: float = 0.3  # weight of the best field/page chunk against the whole entry
    candidates: int = 200  # chunks fetched from the vector store per question (the corpus is small), + page chunks
    hub_weight: float = 0.5  # share of an approach's hub bias taken off its score (see `hubs.py`)
    vote_weight: float = 0.02  # added for the known questions' votes, the best-voted approach (see `votes.py`)
    #: times the editors' search words found in the question (see `terms.py`). On everyday dev's 380 long and 145
    #: chat messages and intent dev's approach questions (top 3 / first): 0 → long 0.955 / 0.797, chat 0.972 / 0.862,
    #: intent 0.978 / 0.790; 0.01 → 0.955 / 0.824, 0.986 / 0.883, 0.982 / 0.809; 0.015 → 0.958 / 0.816, 0.986 / 0.890,
    #: 0.982 / 0.824; 0.02 → long first 0.792; 0.03 → 0.745. The plateau is 0.01–0.015.
    term_weight: float = 0.01
    #: times how much less near the message an approach's nearest editors' situation is than the nearest of all
    #: (see `situations.py`); see the README ("Why it fits") for the sweep on everyday dev.
    situation_weight: float = 0.5
    #: times how much less likely the approach model finds an approach than its favourite (see
    #: `approach_model.py`): cross-validated on everyday dev (batches shuffled into folds), long first 0.902 → 0.981 /
    #: 0.982 / 0.983 / 0.982 at 0.1 / 0.15 / 0.2 / 0.3; the middle of the plateau.
    model_weight: float = 0.15


def clean_query(question: str, max_chars: int) -> str:
    """The question with its white space squeezed, cut at `max_chars`; empty or punctuation alone ("?!?") is an
    error, emoji alone ("👍") is a message (chit-chat)."""
    text = re.sub(r"\s+", " ", question or "").strip()
    if not text or not (has_words(text) or any(unicodedata.category(c) == "So" for c in text)):
        raise QueryError("Stel een vraag: de vraag is leeg.")
    return text[:max_chars]


class Retriever:
    """`warm_up()` loads the model, the index and the lexical structures; `search()` is then cheap."""

    def __init__(
        self,
        index: OpenIndex,
        embedder: Embedder,
        config: RetrievalConfig | None = None,
        max_query_chars: int = 1000,
        query_cache: int = QUERY_CACHE,
        situations: SituationMatcher | None = None,
        questions: QuestionMatcher | None = None,
        model: ApproachScores | None = None,
    ) -> None:
        self.index = index
        self.model = model if model is not None else ApproachScores(embedder)
        self.situations = situations
        self.questions = questions  # the editors' questions to the general sections, for the answer to quote
        self.embedder = embedder
        self.config = config or RetrievalConfig()
        self.max_query_chars = max_query_chars
        self.query_cache = query_cache
        # linked-page chunks come on top of the candidates, so they never push an overview entry out
        self._page_chunks = sum(c.kind == "page" for c in index.chunks)
        self._bm25: BM25Index | None = None
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._names: NameMatcher | None = None
        self._terms: TermMatcher | None = None
        self.hubs = hub_biases(embedder.model_id)
        self.known = question_votes(embedder.model_id)
        self.known_lists = question_votes(embedder.model_id, "list")

    def warm_up(self) -> None:
        self.embedder.warm_up()
        self.model.warm_up()
        for editors in (self.situations, self.questions):
            if editors is not None:
                editors.warm_up()
        if self._bm25 is None:
            self._bm25 = BM25Index(self.index.chunks)
        if self._names is None:
            self._names = NameMatcher(
                (c.target, [a for a in c.extra.get("aliases", "").split("|") if a])
                for c in self.index.chunks
                if c.kind == "approach"
            )
        if self._terms is None:
            self._terms = TermMatcher((c.target, chunk_terms(c)) for c in self.index.chunks)

    @property
    def names(self) -> NameMatcher:
        self.warm_up()
        assert self._names is not None
        return self._names

    def answered(
        self, general: list[Hit], vector: np.ndarray | None, text: str = ""
    ) -> tuple[list[Hit], tuple[str, tuple[str, ...], float] | None, bool]:
        """The editors' answer to a general question (:meth:`QuestionMatcher.answer`, `text`: the message); the general
        `hits` with its section added first when retrieval did not rank it and the question is near enough
        (:data:`~assistant.retrieve.questions.ALWAYS_FROM`); and whether it is so near that the message is a general
        question whatever else says so (:data:`~assistant.retrieve.questions.GENERAL_FROM`)."""
        q = self.questions
        found = q.answer(vector, text) if q is not None else None
        if found is None or q is None:
            return general, found, False
        sure = q.sure is not None and found[2] >= q.sure
        if q.always is None or found[2] < q.always or any(h.target == found[0] for h in general):
            return general, found, sure
        score = general[0].score if general else found[2]
        chunks = tuple(ChunkHit(c, score) for c in self.index.chunks if c.kind == "general" and c.target == found[0])
        return ([Hit(found[0], "general", score, chunks)] if chunks else []) + general, found, sure

    def noted(self, cosine: float) -> bool:
        """An editors' question this near (:data:`~assistant.retrieve.questions.NOTED_FROM`) adds its sentence under
        an answer with approaches."""
        floor = self.questions.noted if self.questions is not None else None
        return floor is not None and cosine >= floor

    def query_vector(self, query: str) -> np.ndarray:
        """The question's embedding; the most recent distinct questions are kept (popular and example questions
        come back often), so a repeated question costs no model time."""
        with self._cache_lock:
            vector = self._vectors.get(query)
            if vector is not None:
                self._vectors.move_to_end(query)
                return vector
        vector = self.embedder.embed_queries([query])[0]
        if self.query_cache <= 0:
            return vector
        with self._cache_lock:
            self._vectors[query] = vector
            while len(self._vectors) > self.query_cache:
                self._vectors.popitem(last=False)
        return vector

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._vectors.clear()

    def search(
        self,
        question: str,
        k: int = 5,
        mode: str = "shipped",
        approaches_only: bool = False,
        vector: np.ndarray | None = None,
        hub_weight: float | None = None,
        vote_weight: float | None = None,
        term_weight: float | None = None,
        situation_weight: float | None = None,
        model_weight: float | None = None,
    ) -> list[Hit]:
        """`vector`: the question's embedding when the caller already has it (the crisis check computes it);
        `hub_weight`, `vote_weight`, `term_weight`, `situation_weight`, `model_weight`: instead of the configured
        ones (0 when fitting the hub biases)."""
        query = clean_query(question, self.max_query_chars)
        self.warm_up()
        if mode == "bm25":
            chunk_hits = self._bm25_hits(query)
        elif mode in ("dense", "shipped"):
            vector = self.query_vector(query) if vector is None else vector
            chunk_hits = self.index.query(vector, self.config.candidates + self._page_chunks)
            if mode == "dense":
                chunk_hits = [ch for ch in chunk_hits if ch.chunk.kind not in ("field", "page")]
        else:
            raise ConfigError(f"unknown mode {mode!r}; choose from {MODES}")
        boosts = self.names.match(query) if mode == "shipped" else {}
        shipped = mode == "shipped"
        assert self._terms is not None
        term_weight = self.config.term_weight if term_weight is None else term_weight
        terms = self._terms.match(query) if shipped and term_weight else {}
        hubs = self.config.hub_weight if hub_weight is None else hub_weight
        voting = self.config.vote_weight if vote_weight is None else vote_weight
        votes = self.known.votes(vector) if shipped and voting and self.known is not None and vector is not None else {}
        situating = self.config.situation_weight if situation_weight is None else situation_weight
        near = self._situations(vector) if shipped and situating else {}
        learned = self.config.model_weight if model_weight is None else model_weight
        deficits = self.model.deficits(query, vector) if shipped and learned else {}
        signals = {
            "votes": (votes, voting),
            "terms": (terms, term_weight),
            "situation": (near, situating),
            "model": (deficits, learned),
        }
        field = self.config.field_weight if shipped else 0.0
        hits = self._group(chunk_hits, boosts, field, hubs if shipped else 0.0, signals)
        if deficits:
            hits = _best_kept(hits, learned)
        if approaches_only:
            hits = [h for h in hits if h.is_approach]
        return hits[:k]

    def _situations(self, vector: np.ndarray | None) -> dict[str, float]:
        """Per approach with situations: how much less near its nearest situation is than the nearest of all (≤ 0:
        the best-matching approach loses nothing, so general sections and refusal floors are compared as before);
        none for an embedding model the situations were not measured with."""
        if self.situations is None or vector is None or self.situations.floor is None:
            return {}
        sims = {name: sim for name, (_, sim) in self.situations.nearest(vector).items()}
        top = max(sims.values(), default=0.0)
        return {name: sim - top for name, sim in sims.items()}

    def situated(self, vector: np.ndarray | None) -> bool:
        """The message is near one of the editors' situations (about the neighbourhood); False without them."""
        return self.situations is not None and vector is not None and self.situations.in_scope(vector)

    def everyday(self, vector: np.ndarray | None, language: str = MATCH_LANGUAGE) -> bool:
        """The message tells an everyday neighbourhood story (see `situations.py`); False without situations."""
        return self.situations is not None and vector is not None and self.situations.everyday(vector, language)

    def situation_text(
        self,
        a: Approach,
        vector: np.ndarray | None,
        language: str,
        message: str = "",
        resident: bool = False,
        starter: bool = False,
    ) -> str:
        """The situation of `a` an answer shows for this message ('' for none; see `situations.py`)."""
        if self.situations is None:
            return ""
        return self.situations.text(a, vector, language, message, resident, starter)

    def _bm25_hits(self, query: str) -> list[ChunkHit]:
        assert self._bm25 is not None
        scores = self._bm25.scores(query)
        order = np.argsort(-scores)[: self.config.candidates]
        return [ChunkHit(self._bm25.chunks[i], float(scores[i])) for i in order if scores[i] > 0]

    def _group(
        self,
        chunk_hits: list[ChunkHit],
        boosts: dict[str, float],
        field_weight: float,
        hub_weight: float,
        signals: dict[str, tuple[dict[str, float], float]],
    ) -> list[Hit]:
        """`signals`: per name, each approach's value and the weight it is added with."""
        grouped: dict[str, list[ChunkHit]] = defaultdict(list)
        for ch in chunk_hits:
            grouped[ch.chunk.target].append(ch)
        hits: list[Hit] = []
        for target, chs in grouped.items():
            chs.sort(key=lambda c: -c.score)
            first = chs[0].chunk
            whole = max((c.score for c in chs if c.chunk.kind in ("approach", "general")), default=None)
            detail = max((c.score for c in chs if c.chunk.kind in ("field", "page")), default=None)
            if whole is None or detail is None:
                dense = chs[0].score
            else:
                dense = (1 - field_weight) * whole + field_weight * detail
            boost = self.config.name_boost * boosts.get(target, 0.0) - hub_weight * self.hubs.get(target, 0.0)
            boost += sum(weight * values.get(target, 0.0) for values, weight in signals.values())
            hits.append(
                Hit(
                    target=target,
                    kind="approach" if first.is_approach else "general",
                    score=dense + boost,
                    chunks=tuple(chs),
                    category=first.category,
                    # the overview's link for the approach; a page's own URL only when the overview gives none
                    url=next((c.chunk.url for c in chs if c.chunk.url and c.chunk.kind != "page"), None)
                    or next((c.chunk.url for c in chs if c.chunk.url), None),
                    signals={
                        "dense": dense,
                        "name": boosts.get(target, 0.0),
                        **{name: values.get(target, 0.0) for name, (values, _) in signals.items()},
                    },
                )
            )
        hits.sort(key=lambda h: -h.score)
        return hits


def _best_kept(hits: list[Hit], weight: float) -> list[Hit]:
    """`hits` with every approach raised alike, so the best approach scores what the best scored without the approach
    model: the model re-orders the approaches, and the general sections compare with the best score as before. Each
    hit keeps its score without the model as the signal ``prior`` (see :func:`without_model`). Without this,
    "How do I get more residents involved in the neighbourhood?" was answered from a general section."""
    approaches = [h for h in hits if h.is_approach]
    if not approaches:
        return hits
    shift = max(h.score - weight * h.signals["model"] for h in approaches) - max(h.score for h in approaches)
    raised = [
        replace(h, score=h.score + shift, signals={**h.signals, "prior": h.score - weight * h.signals["model"]})
        if h.is_approach
        else h
        for h in hits
    ]
    return sorted(raised, key=lambda h: -h.score)


def without_model(hits: Sequence[Hit]) -> list[Hit]:
    """`hits` in the order they would have without the approach model, for a floor read as it was calibrated
    (`wijkwijzer calibrate`): with the model's favourite instead, the English floor recalibrated 0.764 → 0.785."""
    return sorted(hits, key=lambda h: -h.signals.get("prior", h.score))
