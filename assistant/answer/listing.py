"""A list question's approaches ("welke aanpakken zijn er voor jongeren?"): every one whose fields support it, not
capped at four, each with the sentence of its Doelgroep or Doel that fits (issue #14). Apart from the answerer: one
component per job, and :mod:`assistant.answer.extractive` stays under its size."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from assistant.answer.draft import units
from assistant.answer.facts import WHY_FIELDS, FactFinder
from assistant.answer.margins import LIST_ALPHA, LIST_MARGIN, LIST_MARGIN_ALONE, LIST_MIN, LIST_VOTE, LIST_VOTERS
from assistant.retrieve.retriever import Retriever
from assistant.types import Approach, Hit

#: Words that ask for a whole category ("welke interventies zijn er") rather than approaches for a group.
_CATEGORY = {
    "interventie": r"interventie|intervention|müdahale|interwencj|інтервенц|intervenci",
    "methode": r"methode|method|metod|yöntem|метод",
    "handreiking": r"handreiking|guide|handbook|rehber|poradnik|посібник|guía",
}
#: Generic list questions without a group or theme, in the answer languages. Their mean embedding is the "which
#: approaches are there" direction; a list question's vector minus half of it scores approaches by the group or theme
#: asked for. On the dev list questions (41) the expected approaches in the selection went from 0.75 (margin 0.02,
#: 8.0 shown) to 0.87 (margin 0.04, 11.8 shown), against 0.91 for margin 0.03 on the plain vector (13.4 shown).
GENERIC_LIST_QUESTIONS = (
    "welke aanpakken zijn er",
    "noem alle aanpakken",
    "geef een overzicht van de aanpakken",
    "welke methoden zijn er allemaal",
    "which approaches are there",
    "list all approaches",
    "hangi yaklaşımlar var",
    "ما هي الأساليب الموجودة",
    "jakie są podejścia",
    "які є підходи",
    "qué enfoques hay",
)
#: Words of a list question that name no group or theme (stemmed by the lexical tokenizer before use).
LIST_WORDS = (
    "welke aanpakken aanpak methoden methode interventies interventie handreikingen noem alle allemaal overzicht "
    "geef lijst rij zijn er hebben jullie wat soorten kent staan heb je which approaches approach list all every "
    "there are what give overview methods interventions hele maar gewoon laat zien wat je hebt show me everything you"
    " methodische alleen andere blok please graag alsjeblieft alstublieft svp lütfen proszę por favor favor будь ласка"
    " пожалуйста من فضلك"
)
_ALL = re.compile(
    r"\b(alle|allemaal|alles|hele lijst|overzicht|op een rij|all|every|everything|whole list|full list|tüm|hepsi"
    r"|wszystk\w*|усі|всі|todas|todos|كل|جميع)\b"
)

#: One row of a list: the approach, the field quoted, its sentence that fits, the retrieval score.
ListRow = tuple[Approach, str, str, float]


class Lister:
    """The approaches a list question asks for (the generic list questions' mean vector embedded on first use)."""

    def __init__(self, retriever: Retriever, approaches: Mapping[str, Approach], facts: FactFinder) -> None:
        self.retriever, self.approaches, self.facts = retriever, approaches, facts
        self.list_words = frozenset(facts.tokenize(LIST_WORDS))
        self._generic: np.ndarray | None = None

    @property
    def generic_list_vector(self) -> np.ndarray:
        """The mean embedding of generic list questions (embedded once, on first use)."""
        if self._generic is None:
            vectors = [self.retriever.query_vector(g) for g in GENERIC_LIST_QUESTIONS]
            self._generic = np.mean(vectors, axis=0)
        return self._generic

    @property
    def generic_direction(self) -> np.ndarray:
        """:attr:`generic_list_vector` at unit length (a message sentence's cosine to it: echo.GENERIC_QUESTION)."""
        return self.generic_list_vector / np.linalg.norm(self.generic_list_vector)

    def why(self, q: str, a: Approach, hit: Hit) -> tuple[str, str]:
        """The field (doelgroep or doel, whichever the retrieval matched best) and its sentence that fits."""
        scores = {c.chunk.section: c.score for c in hit.chunks}
        why = max(WHY_FIELDS, key=lambda k: scores.get(k, 0.0))
        return why, self.facts.best_unit(q, a.field(why), False)

    def rows(self, q: str, vector: np.ndarray) -> list[ListRow]:
        """Every approach that fits a list question, not capped; all of them (or of a category) when it names no
        group or theme ("noem alle interventies")."""
        # "methoden" and "aanpakken" are mostly said for any approach: a category counts in "alle interventies",
        # with nothing else asked
        category = category_asked(q)
        topic = {w for w in self.facts.tokenize(q) if not w.isdigit()} - self.list_words - {category or ""}  # "alle 21"
        if asks_for_all(q) and not topic:
            chosen = [a for a in self.approaches.values() if category in (None, a.category)]
            return [(a, "doel", units(a.doel)[0], 1.0) for a in chosen]
        focused = vector - LIST_ALPHA * self.generic_list_vector
        # without the known questions' votes: they favour the few approaches most asked for, a list wants all; and
        # without the approach model, which learned one approach per story and pushes all others down
        unit = focused / np.linalg.norm(focused)
        hits = self.retriever.search(q, k=40, approaches_only=True, vector=unit, vote_weight=0.0, model_weight=0.0)
        hits = [h for h in hits if h.target in self.approaches]
        lists = self.retriever.known_lists
        voted = lists.votes(vector, LIST_VOTERS) if lists is not None else {}
        if voted:
            near = {h.target for h in list_choice(hits, LIST_MARGIN, 1)}
            picked = [h for h in hits if h.target in near or voted.get(h.target, 0.0) >= LIST_VOTE]
        else:
            picked = list_choice(hits, LIST_MARGIN_ALONE, LIST_MIN)
        return [(self.approaches[h.target], *self.why(q, self.approaches[h.target], h), h.score) for h in picked]


def category_asked(question: str) -> str | None:
    """The category a list question asks for in full ("noem alle interventies"), if any."""
    q = question.casefold()
    return next((cat for cat, pattern in _CATEGORY.items() if re.search(pattern, q)), None)


def asks_for_all(question: str) -> bool:
    return bool(_ALL.search(question.casefold()))


def list_choice(hits: Sequence[Hit], margin: float, minimum: int) -> list[Hit]:
    """The approaches a list question gets: those scoring within `margin` of the best, at least `minimum`."""
    approach_hits = [h for h in hits if h.is_approach]
    if not approach_hits:
        return []
    best = approach_hits[0].score
    return [h for i, h in enumerate(approach_hits) if i < minimum or h.score >= best - margin]
