"""A story's direct question about the help the writer has in mind ("is het ook voor meiden?", "word je daar zelf
ook voor getraind?", "wat kost dat?"): answered on top of the best approach, with the overview's sentence that answers
it or the plain words that the overview does not say.

The advisors of everyday blind 44 found such questions passed over in 6–8 of 25 answers, "ook voor meiden?" answered
in passing in the next step, "beproefd?" with a bare "Ja". A story's main question ("bestaat zoiets?", "wat kunnen we
doen?", "welke aanpak past daarbij?") is what the whole answer answers; a side question asks about one property of
it. The intent model cannot tell them apart: it reads both, without their story, as follow-ups (on 102 side
questions of side dev 1 and the 1,827 question sentences of everyday dev's long stories, follow-up or fact at least
0.5 and no "bestaat"/"hoe" wording: 67 of 102 and 154 of 1,827). So a :class:`~assistant.answer.label_model.LabelModel`
over two labels, trained on a bank of lone question sentences (`eval/side/train_*.jsonl`, written by a helper from
`eval/briefs/side_train.md` with look-alikes on purpose), reads each question sentence of a story.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from assistant.answer.echo import statements
from assistant.answer.facts import asks_nearby, asks_whether
from assistant.answer.intent import asked_field, unsupported_fact
from assistant.answer.label_model import LabelModel, LazyModel
from assistant.answer.why import FACT_WEIGHT

if TYPE_CHECKING:
    from assistant.answer.draft import Draft
    from assistant.answer.facts import FactFinder
    from assistant.answer.why import WhyMatcher
    from assistant.embed.base import Embedder
    from assistant.types import Approach

#: What answers a side question: the writer's question as written, and the overview's (field, sentence) pairs that
#: answer it, none where the overview does not say (costs, a waiting list, an address: :data:`NOT_GIVEN`).
SideAnswer = tuple[str, tuple[tuple[str, str], ...]]

LABELS: tuple[str, ...] = ("main", "side")
MODEL_FILE = "templates/side_model.npz"
#: A question sentence is a side question when the model gives `side` at least this. On side dev 1 (84 side
#: questions, 18 stories without one) and the 425 long stories of everyday dev blind 40–44 (whose questions mostly ask
#: for the help itself; some are side questions): side line / with the expected fact / lines on plain stories / lines
#: on everyday stories: 0.4 → 0.821 / 0.583 / 0 / 29; 0.45 → 0.762 / 0.560 / 0 / 16; 0.5 → 0.714 / 0.524 / 0 / 9;
#: 0.55 → 0.667 / 0.476 / 0 / 8. Of 25 lines on everyday stories read at 0.5 before the existence rule below, most
#: quote what the writer asked after ("het hele jaar door" → "50 weken per jaar").
SIDE_AT = 0.45
#: A side question is answered with this many of the approach's sentences the fact finder scores best for it. On the
#: 84 side questions of side dev 1 (their expected approach), the sentence with the expected fact among the best one /
#: two / three: 53 / 69 / 74.
SIDE_UNITS = 2
#: What the overview never says about any approach, asked in a side question beside costs, contact details and
#: opening hours (:func:`~assistant.answer.intent.unsupported_fact`): a waiting list or waiting time, a certificate,
#: transport, childcare, whether it is free, and proof that it works (the overview explains recognition levels in
#: general but gives none per approach). On side dev 1's 18 questions the overview does not answer, the answer said
#: so for 5 with the intent step's kinds alone, 12 with these (written after reading them); side blind 1: 6 of 12.
NOT_GIVEN = re.compile(
    r"wachtlijst|wachttijd|lang (moet(en)? )?(je|we|ik|u) wachten|waiting|certifica|diploma|sertifika|certyfikat"
    r"|сертифікат|شهادة|vervoer|ophalen|transport|ulaşım|dojazd|доїзд|المواصلات|kinderopvang|oppas|childcare"
    r"|çocuk bakımı|opieka nad dzieć|догляд за діт|رعاية الأطفال|gratis|\bfree\b|ücretsiz|bedava|za ?darmo|darmow"
    r"|безкоштов|مجان|gratuit|bewezen|wetenschappelijk|\bproven\b|evidence|kanıtlan|udowodn|доведен|مثبت|probad",
    re.I,
)
#: A resident's wish that the help be cheap ("ik zoek een goedkope maaltijd", "any cheap dinners", "ucuz olsun"), in
#: any sentence: the overview gives no costs for any approach, so the answer says so (advisors 49 a/b: "the question
#: about 'goedkoop' is left open; the answer should say the overview does not mention cost"). Not comparatives ("we
#: kunnen het goedkoper", "más barato") nor "gratis", which everyday dev's stories use for what they tried ("gratis
#: kaartjes"). On everyday dev's 5,794 long and chat messages it matches 17, all wishes for a cheap meal or place.
_CHEAP = re.compile(r"\b(goedkope?|cheap|affordable|low[- ]cost|ucuz|tanio|tanie|tani|недорог\w*|дешев\w*|رخيص\w*)\b")
#: The same where what the writer's family could join is too dear for them ("de club is te duur", "een club kunnen we
#: niet betalen", "kulüp aidatı bizim için çok pahalı"): advisors 58 a and 59 a found it left unanswered (3 of 50). Not
#: what a municipality finds too dear ("omdat de gemeente het buurthuis te duur vindt"). On everyday dev's 6,753 long
#: and chat messages it matches 23 more, 21 of them parents about a club, one a policy officer (no resident), one a
#: girl of 16 who would start dance lessons.
_TOO_DEAR = re.compile(
    r"\b((club|clubs|contributie|voetbalclub|sportclub|dansschool|sportschool|lidmaatschap|muziekschool|lessen"
    r"|zwemles|kulüp|kulübü|aidat\w*|klub|membership) (\w+ ){0,3}(is|zijn|was|werd|wordt) (\w+ )?(te|veel te|çok|za)"
    r" (duur|pahalı|drog\w+|expensive)|te duur (voor ons|voor mij|voor hem|voor haar)|(kunnen|kan) (we|ik|wij)"
    r" (dat |het |een club )?niet betalen|(we|wij|ik) (hebben|heb) (er )?geen geld (voor|om)|(we|i) can'?t afford"
    r"|(bizim için|bize) (çok )?pahalı|nas nie stać|не можемо собі дозволити|no (nos )?podemos pagar)"
)
#: The side answer for such a wish: nothing asked in so many words, nothing the overview says.
NO_COST_GIVEN: SideAnswer = ("", ())
#: A question sentence this long or short is neither read back nor answered on its own (a run-on story, a bare "?").
MIN_WORDS, MAX_WORDS = 3, 30


class SideModel(LabelModel):
    LABELS: ClassVar[tuple[str, ...]] = LABELS
    MODEL_FILE: ClassVar[str] = MODEL_FILE


class SideQuestions:
    """The side-question model (`templates/side_model.npz`, loaded on first use); no side question for any message
    without its weights or under another embedding model (its n-gram half alone was not measured)."""

    def __init__(self, embedder: Embedder | None = None, model: SideModel | None = None, side_at: float = SIDE_AT):
        self.embedder = embedder
        self.side_at = side_at
        self._lazy = LazyModel(SideModel, embedder, model)

    def warm_up(self) -> None:
        self._lazy.warm_up()

    def probability(self, sentence: str, vector: np.ndarray | None) -> float | None:
        """The model's probability that `sentence` (one question) is a side question; None without its weights or
        without a vector of its model."""
        probs = self._lazy.with_vector(sentence, vector)
        return None if probs is None else probs["side"]

    def asked(self, message: str, embed: Callable[[str], np.ndarray]) -> str | None:
        """The side question of a message of more than one sentence, as written (the likeliest, if several); None
        for a message of one sentence or without one. `embed` embeds one text (the retriever's cached query
        vector)."""
        model = self._lazy.model  # none to read with: no question sentence is embedded for nothing
        if model is None or self.embedder is None or self.embedder.model_id != model.model_id:
            return None
        parts = statements(message)
        if len(parts) < 2:
            return None
        best, best_p = None, self.side_at
        for sentence, asks in parts:
            if not asks or not MIN_WORDS <= len(sentence.split()) <= MAX_WORDS:
                continue
            if asks_whether(sentence) and not (unsupported_fact(sentence) or NOT_GIVEN.search(sentence)):
                # "is er een programma dat …?" asks for the help itself (the answer's "Ja"): at SIDE_AT 0.5 it took
                # the everyday stories with a side line from 23 to 9 of 425, side dev's from 61 to 60 of 84
                continue
            if asks_nearby(sentence):  # "kan ze ergens samen eten?" asks for the help too, and where: the intro says
                continue  # the overview names no local offer (advisors 55 a/b: answered with who carries it out)
            p = self.probability(sentence, embed(sentence))
            if p is not None and p >= best_p:
                best, best_p = sentence.strip(), p
        return best

    def answer(
        self, message: str, a: Approach, facts: FactFinder, why: WhyMatcher, embed: Callable[[str], np.ndarray]
    ) -> SideAnswer | None:
        """The side question of `message` (:meth:`asked`) and what approach `a`'s fields say to it: the sentence the
        fact finder scores best for it alone (as for a question about a named approach, :data:`SIDE_UNITS`), or none
        for a fact the overview never gives; None without a side question or a sentence that answers it."""
        asked = self.asked(message, embed)
        if asked is None:
            return None
        if unsupported_fact(asked) or NOT_GIVEN.search(asked):
            return asked, ()
        near = why.nearness(a.name, embed(asked), FACT_WEIGHT, facts=True)
        found = [(k, u) for k, u, page in facts.units(asked, a, asked_field(asked), near) if page is None]
        return (asked, tuple(found[:SIDE_UNITS])) if found else None


def wishes_cheap(message: str) -> bool:
    """The message wishes the help cheap (:data:`_CHEAP`) or finds what they could join too dear (:data:`_TOO_DEAR`)."""
    lowered = message.casefold()
    return bool(_CHEAP.search(lowered) or _TOO_DEAR.search(lowered))


def side_row(d: Draft, a: Approach, side: SideAnswer, score: float) -> str:
    """The line that answers the writer's side question on top of the best approach, cited; for
    :data:`NO_COST_GIVEN` the line that the overview gives no costs."""
    asked, found = side
    if not asked:
        return f"- {d.t['no_cost_given']}"
    if not found:
        return f"- {d.t['side_missing'].format(asked=asked)}"
    quotes = [f"{d.quote(unit, False)} {d.cite(a.name, key, a.url, unit, score, 'approach')}" for key, unit in found]
    note = "" if d.language == "nl" else d.t["quote_note"]  # the quotes are Dutch: said once
    return f"- {d.t['side_asked'].format(asked=asked)} {' … '.join(quotes)}{note}"
