"""The default answerer: deterministic, no LLM. Every fact is a quote from the sources with a [n] citation;
the connecting text comes from `templates/answer.yaml`. The question text is never echoed back.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np

from assistant.answer import forms, pointing
from assistant.answer.ages import breaks_limits, stated_ages
from assistant.answer.crisis import Assessment, CrisisDetector
from assistant.answer.draft import Draft, answer_language, calibration, units
from assistant.answer.echo import approach_links
from assistant.answer.facts import FactFinder, announces_steps, asks_how, asks_whether
from assistant.answer.group_writer import GroupReader
from assistant.answer.groups import named_group
from assistant.answer.intent import (
    IntentDetector,
    Reading,
    asked_field,
    decide,
    is_thanks,
    points_back,
    seeks_help,
    unsupported_fact,
)
from assistant.answer.label_model import normalize
from assistant.answer.listing import Lister
from assistant.answer.margins import (
    ALSO_FITS,
    COMPACT_WORDS,
    CONDITION_WEIGHT,
    CRISIS_MAX_CHARS,
    FACT_QUESTION_WORDS,
    FIT_GAP,
    FIT_GAP_STORY,
    FOLLOW_UP_GAP,
    GENERAL_MARGIN,
    HELP_MARGIN,
    NEAR_TERMS_WITHIN,
)
from assistant.answer.persona import little_dutch
from assistant.answer.pointing import approaches_before, changes_subject, ordinal, points_back_strongly, wants_more
from assistant.answer.proven import asks_proven, proven_row
from assistant.answer.roles import RoleReader
from assistant.answer.side import NO_COST_GIVEN, SideQuestions, side_row, wishes_cheap
from assistant.answer.steps import local_note
from assistant.answer.tone import ToneReader
from assistant.answer.tricks import asks_to_invent, invented_name, plays_with_the_bot, words_of
from assistant.answer.why import FACT_WEIGHT, HOW_WEIGHT, SECTION_WEIGHT, WhyMatcher
from assistant.answer.writer import read_writer
from assistant.retrieve.also_model import AlsoFits
from assistant.retrieve.retriever import QueryError, Retriever, clean_query, without_model
from assistant.text import has_words
from assistant.types import Answer, Approach, Asked, Hit, Intent, Overview


class ExtractiveAnswerer:
    def __init__(
        self,
        retriever: Retriever,
        overview: Overview,
        max_approaches: int = 4,
        crisis: CrisisDetector | None = None,
        intent: IntentDetector | None = None,
        why: WhyMatcher | None = None,
        roles: RoleReader | None = None,
        tone: ToneReader | None = None,
        side: SideQuestions | None = None,
        also: AlsoFits | None = None,
        groups: GroupReader | None = None,
    ) -> None:
        self.retriever = retriever
        self.groups = groups or GroupReader(retriever.embedder)
        self.also = also or AlsoFits(retriever.embedder)
        self.crisis = crisis or CrisisDetector(retriever.embedder)
        self.intent = intent or IntentDetector(retriever.embedder)
        self.roles = roles or RoleReader(retriever.embedder)
        self.tone = tone or ToneReader(retriever.embedder)
        self.side = side or SideQuestions(retriever.embedder)
        self.approaches = {a.name: a for a in overview.approaches}
        self.sections = {sec.title: sec.quotable for sec in overview.sections}
        self.max_approaches = max_approaches
        self.facts = FactFinder(retriever.index.chunks)
        self.why = why or WhyMatcher(overview, retriever.embedder)
        self.source_words = words_of([*self.sections, *(c.text for c in retriever.index.chunks)])  # invented names
        self.lister = Lister(retriever, self.approaches, self.facts)

    # -- helpers ------------------------------------------------------------------------------------
    def _threshold(self, language: str) -> float:
        """The refusal floor, calibrated for Dutch and English. A question in another language scores lower against
        the Dutch sources whatever it asks (the Arabic neighbour-noise question of issue #14: 0.761 against an
        English floor of 0.785), so there the intent step alone decides what is out of scope."""
        return calibration().get(self.retriever.embedder.model_id, {}).get(language, 0.0)

    def _last_question_top(self, history: Sequence[dict[str, str]]) -> list[str]:
        """No approach named anywhere: the one the previous question retrieved first (what it was shown)."""
        last = next((str(t.get("content", "")) for t in reversed(history) if t.get("role") == "user"), "")
        try:
            top = self.retriever.search(last, k=8, approaches_only=True)
        except QueryError:  # a turn without words: nothing to go on
            return []
        near = top and without_model(top)[0].signals["dense"] >= self._threshold(answer_language(last))
        return [top[0].target] if near else []

    def read(
        self,
        q: str,
        vector: np.ndarray | None,
        history: Sequence[dict[str, str]],
        hits: list[Hit],
        language: str,
        named: Sequence[str],
        probs: dict[Asked, float],
    ) -> Reading:
        """The intent step for this message and conversation; `hits`: the message's retrieval (its best score says
        whether it is near the sources), `language`: the answer's, `named`: the approaches it names, in order;
        `probs`: the intent model's reading of `q` (made once in :meth:`answer`: the crisis check reads it too)."""
        named = [n for n in named if n in self.approaches]
        if changes_subject(q):  # "ander onderwerp: …" is read as if it came first
            history = ()
        before = approaches_before(self.retriever.names, history, q) if history else []
        if normalize(q) in forms.offered():  # a button we offered was written to be answered, not asked back
            probs = {**probs, "vague": 0.0, "follow_up": 0.0, "comparison": 0.0}
        if history and not before and not named and max(probs, key=lambda k: probs[k]) in ("follow_up", "factual"):
            before = self._last_question_top(history)
        situated = self.retriever.situated(vector)
        return decide(probs, q, named, before, bool(history), self._near_sources(q, vector, hits, language), situated)

    def _near_sources(self, q: str, vector: np.ndarray | None, hits: list[Hit], language: str) -> bool:
        """The message is near the sources: its best retrieval score reaches the refusal floor, or the best hit is an
        approach whose editors' everyday words it uses ("ik word gek van de herrie van de bovenburen" scored 0.818
        against a floor of 0.826 and was refused; "herrie" is a Buurtbemiddeling word). The second half changed none
        of intent dev's 1,855 readings (off-topic refused 0.97), everyday dev's 648 long and chat messages or the
        eval set's refusals (0.909). Read on the search without the approach model, as the floor was calibrated: with
        it, "mijn moeder van 80 is eenzaam" lost Resto VanHarte (and its everyday word) from the first eight."""
        if any("prior" in h.signals for h in hits):
            hits = self.retriever.search(q, k=len(hits), vector=vector, model_weight=0.0)
        if not hits:
            return False
        top = hits[0]
        words = any(h.is_approach and h.signals["terms"] > 0 for h in hits[:NEAR_TERMS_WITHIN])
        return top.signals["dense"] >= self._threshold(language) or words

    # -- the answer ---------------------------------------------------------------------------------
    def answer(self, question: str, history: Sequence[dict[str, str]] = ()) -> Answer:
        q = clean_query(question, self.retriever.max_query_chars)
        named = self.retriever.names.in_order(q)  # for the connecting text's language and the intent step
        language = answer_language(q, named)
        vector = self.retriever.query_vector(q)
        d = read_writer(q, language, vector, self.roles, self.groups)
        t = d.t
        # the crisis check reads the whole message with its line breaks (a crisis line may come after the cut)
        check = self.crisis.assess(question[:CRISIS_MAX_CHARS], vector, self.retriever.query_vector)
        probs = self.intent.probabilities(q, vector)
        calm = asks_to_invent(q) or plays_with_the_bot(q, probs.get("trick", 0.0))
        check = check.calmer(self.retriever.everyday(vector, language) or calm)
        if check.tier == "certain":
            d.lines.append(check.text_for(d.formal))
            if check.kind == "acute_danger":  # only the help line, and an offer to talk about the neighbourhood later
                d.lines.append(t["crisis_then"])
                return check.marked(Answer("\n\n".join(d.lines), (), False, d.language, "crisis"))
        hits = self.retriever.search(q, k=8, vector=vector)  # once: the intent step and most answer forms use it
        reading = self.read(q, vector, history, hits, d.language, named, probs)
        check = check.off_topic(reading.out_of_scope)  # a sure off-topic reading: the refusal, no unsure line
        d.echo = check.tier is None
        # a crisis has its own words; a professional about a client gets none (advisors 56 a/b: "Ik begrijp dat je je
        # zorgen maakt" to a school social worker; 4 of 1,500 everyday dev messages lose their line, all professionals)
        d.tone = self.tone.tone(q, vector) if check.tier is None and d.role == "bewoner" else None
        intent = self._compose(d, q, reading, vector, hits, check, history)
        refused = intent == "out_of_scope" or d.refused
        if check.tier and (intent == "out_of_scope" or (check.tier == "certain" and intent in ("trick", "chitchat"))):
            # never a refusal (nor a one-liner on top) for a message that may be a crisis: the line, an open door
            d.lines, d.suggestions = [check.text_for(d.formal), t["crisis_then"]], []
            intent, refused = "crisis", False
        elif check.tier == "unsure":
            d.lines.append(check.text_for(d.formal))
        if check.tier == "certain":
            d.suggestions = []
        suggestions = tuple(dict.fromkeys(d.suggestions))[:5]
        return check.marked(
            Answer("\n\n".join(d.lines), tuple(d.sources), refused, d.language, intent, suggestions=suggestions)
        )

    def _compose(
        self,
        d: Draft,
        q: str,
        reading: Reading,
        vector: np.ndarray,
        hits: list[Hit],
        check: Assessment,
        history: Sequence[dict[str, str]],
    ) -> Intent:
        asked = reading.asked
        invented = None if reading.named else invented_name(q, self.retriever.names, self.source_words)
        if asked == "trick" or invented:  # an approach asked for by a name the sources do not have: said plainly
            if invented:
                d.lines.append(d.t["invented"])  # the name not echoed: it is the writer's, not the sources'
            else:
                forms.short_reply(d, "trick")
            return "trick"
        if asked == "chitchat":
            # emoji alone after an answer ("👍") says thanks; at the start, hello
            thanks = is_thanks(q) or (bool(history) and not has_words(q))
            forms.short_reply(d, "thanks" if thanks else "hello")
            d.suggestions += forms.choices(d, "examples")
            return "chitchat"
        if asked == "out_of_scope":
            if not check.tier:
                forms.refusal(d)
            return "out_of_scope"
        if asked == "vague":
            forms.clarify(d)
            return "vague"
        # a fact the overview never gives, when that is what is asked: about a named or shown approach, or in a
        # short question ("wat kost buurtbemiddeling?"), not a word in a story ("mijn dochter zit op haar telefoon")
        missing = (
            unsupported_fact(q) if asked in ("factual", "follow_up") or len(q.split()) <= FACT_QUESTION_WORDS else None
        )
        if missing and not check.tier:
            about = [self.approaches[n] for n in (reading.named or reading.referred) if n in self.approaches]
            return forms.not_in_sources(d, missing, about, asked if asked == "follow_up" else "factual")
        if asked == "comparison":
            chosen = [self.approaches[n] for n in (reading.named or reading.referred)[:3] if n in self.approaches]
            if len(chosen) >= 2:
                forms.comparison(d, chosen, lambda text, key: self.facts.best_unit(q, text, False))
                d.suggest(chosen[0].name, chosen[1].name, compared=True)
                return "comparison"
        if asked == "follow_up" and reading.referred:
            return self._follow_up(
                d, q, [self.approaches[n] for n in reading.referred if n in self.approaches], history, vector
            )
        if reading.named and asked in ("factual", "comparison"):
            a = self.approaches[reading.named[0]]
            if not self._factual(d, q, a, asked_field(q), vector):
                forms.describe(d, a)
            d.suggest(a.name, self._neighbour(a.name))
            return "factual"
        top = hits[0] if hits else None
        if top is None or (not reading.in_scope and not reading.near):
            if not check.tier:
                forms.refusal(d)
            return "out_of_scope"
        if asked == "list":
            return self._list(d, q, vector)
        approach_hits = [h for h in hits if h.is_approach]
        # a general section must clearly beat the best approach: most questions are about approaches
        margin = HELP_MARGIN if seeks_help(q) else GENERAL_MARGIN
        general, found, sure = self.retriever.answered([h for h in hits if not h.is_approach], vector, q)
        if general and (
            sure or asked == "general" or not approach_hits or general[0].score >= approach_hits[0].score + margin
        ):
            near = partial(self.why.nearness, vector=vector, weight=SECTION_WEIGHT)
            forms.general(d, q, general, self.sections, self.facts, found[:2] if found else None, near)
            return "general"
        gap = FIT_GAP_STORY if len(q.split()) > COMPACT_WORDS else FIT_GAP
        shown = self._approaches(d, q, approach_hits, vector, gap)
        if not shown:  # only approaches known from a fetched page: nothing from the overview to quote
            if not check.tier:
                forms.refusal(d)
            return "out_of_scope"
        if found and self.retriever.noted(found[2]) and not (check.tier or seeks_help(q)):  # nothing asked for
            forms.general_note(d, general, found, self.retriever.names)
        d.suggest(shown[0], shown[1] if len(shown) > 1 else None)
        return "approach"

    def _neighbour(self, name: str) -> str | None:
        """The approach closest to `name` (a partner for a comparison suggestion; the name's vector is cached)."""
        for h in self.retriever.search(name, k=3, approaches_only=True):
            if h.target != name and h.target in self.approaches:
                return h.target
        return None

    def _factual(self, d: Draft, q: str, a: Approach, key: str | None, vector: np.ndarray) -> bool:
        """Quote what answers the question about `a`; False when nothing scores (the caller describes it)."""
        picked = self.facts.units(q, a, key, self.why.nearness(a.name, vector, FACT_WEIGHT, facts=True))
        if not picked:
            return False
        rows = [self.facts.row(d, a, k, unit, page) for k, unit, page in picked]
        d.lines.append(d.t["factual_intro"].format(name=a.name))
        d.lines.append("\n".join([*dict.fromkeys(rows), *filter(None, [d.link_line(a)])]))
        return True

    def _follow_up(
        self, d: Draft, q: str, referred: list[Approach], history: Sequence[dict[str, str]], vector: np.ndarray
    ) -> Intent:
        """A follow-up about the approaches shown: about the one, or compactly about each of several. One that
        adds a condition ("en voor ouderen?") or asks for more searches again with the previous question."""
        nth = ordinal(q)
        if nth is not None and len(referred) > max(nth, -nth - 1):
            referred = [referred[nth]]
        elif wants_more(q) or not points_back(q) or (seeks_help(q) and not points_back_strongly(q)):
            # a condition on the last search ("en voor ouderen?") is searched together with it; a request of its
            # own ("is er ook iets voor ouderen die meer willen bewegen?") alone
            last = next((str(t.get("content", "")) for t in reversed(history) if t.get("role") == "user"), "")
            own = seeks_help(q) and len(q.split()) >= 6 and not wants_more(q)
            mixed = vector
            # without the approach model: it learned one approach per story, a follow-up asks for others or for a
            # condition on the last ones (intent dev's 2,228 follow-ups resolved 0.962 with it off, 0.956 on)
            if own or not last.strip():
                hits = self.retriever.search(q, k=12, approaches_only=True, vector=mixed, model_weight=0.0)
            else:
                # the new condition leads, the last question keeps the subject (see CONDITION_WEIGHT)
                mixed = mixed + CONDITION_WEIGHT * self.retriever.query_vector(last)
                mixed = mixed / np.linalg.norm(mixed)
                if not wants_more(q) and self._asked_list(last):  # "en voor ouderen?" after a list: a list
                    self._list(d, q, mixed)
                    return "follow_up"
                hits = self.retriever.search(f"{last} {q}", k=12, approaches_only=True, vector=mixed, model_weight=0.0)
            if wants_more(q):
                hits = [h for h in hits if h.target not in {a.name for a in referred}]
            shown = self._approaches(d, q, hits, mixed, FOLLOW_UP_GAP)
            if shown:
                d.suggest(shown[0], shown[1] if len(shown) > 1 else None)
                return "follow_up"
            d.lines = []
        key = asked_field(q) or "omschrijving"
        if len(referred) == 1:
            if not self._factual(d, q, referred[0], key, vector):
                forms.describe(d, referred[0])
            d.suggest(referred[0].name, None)
            return "follow_up"
        d.lines.append(d.t["follow_up_intro"])
        links = pointing.asks_to_read_more(q)  # "stuur me de links": each one's link too
        for a in referred[: self.max_approaches + 2]:
            picked = self.facts.units(q, a, key) or [(key, units(a.field(key))[0], None)]
            rows = [f"**{a.name}**", self.facts.row(d, a, *picked[0]), d.link_line(a) if links else None]
            d.lines.append("\n".join(filter(None, rows)))
        d.suggest(referred[0].name, referred[1].name)
        return "follow_up"

    def _asked_list(self, question: str) -> bool:
        """The intent step reads `question` (an earlier turn) as a list question."""
        probs = self.intent.probabilities(question, self.retriever.query_vector(question))
        return decide(probs, question, [], [], False).asked == "list"

    def _approaches(self, d: Draft, q: str, hits: list[Hit], vector: np.ndarray, gap: float = FIT_GAP) -> list[str]:
        # the best, then those within `gap` of it, at most max_approaches (see FIT_GAP); an approach known only from
        # a fetched page has no fields to quote, so it neither shows nor sets the best score
        hits = [h for h in hits if h.target in self.approaches]
        if not hits:
            return []
        # an approach whose age limits every age given breaks stays out, the best one too when another is left (ages.py)
        ages = stated_ages(q)
        hits = [h for h in hits if not breaks_limits(self.approaches[h.target], ages)] or hits
        chosen = hits[:1] + [h for h in hits[1 : self.max_approaches] if h.score >= hits[0].score - gap]
        also = self.also.second(vector, hits[0].target, ALSO_FITS) if len(chosen) == 1 else None  # (margins)
        if also in self.approaches and not breaks_limits(self.approaches[also], ages):  # its hit, to quote from
            more = self.retriever.search(q, k=len(self.approaches), approaches_only=True, vector=vector)
            chosen += [h for h in more if h.target == also][:1]
        found = [(self.approaches[h.target], h) for h in chosen]
        how = asks_how(q)
        compact = (len(q.split()) <= COMPACT_WORDS or little_dutch(q)) and not d.organiser and not how
        # a story's direct question about the help it has in mind, answered on top of the best approach (side.py);
        # not one whether some kind of organisation may carry it out (that has its own yes), and no bare "Ja" to it;
        # like the writer's sentence, never read back under a message that may be a crisis (d.echo)
        embed = self.retriever.query_vector
        side = self.side.answer(q, found[0][0], self.facts, self.why, embed) if d.echo and not d.asked_body else None
        side = None if side and asks_proven(side[0]) else side  # the proven line answers it (see proven.py)
        # nor with Dutch quotes to a resident of another language (Draft.dutch_quotes; advisors 76 a/b: "why isn't
        # there anything …?" answered with two Dutch fragments in a Spanish answer)
        side = None if side and side[1] and not d.dutch_quotes else side
        if side is None and d.echo and d.role == "bewoner" and wishes_cheap(q):
            side = NO_COST_GIVEN  # "ik zoek een goedkope maaltijd": the overview gives no costs, and says so
        yes = asks_whether(q, tail=True) and (side is None or not asks_whether(side[0]))
        local = local_note(d, found[0][0], q, yes) if d.echo else ""
        forms.approach_intro(d, [a.name for a, _ in found], yes=yes, local=local)
        # the writer's sentence linked to the best approach's, and a story's other sentence to the second's (echo.py)
        names, asked, generic = [a.name for a, _ in found], side[0] if side else "", self.lister.generic_direction
        links, second = approach_links(self.why, q, names, embed, vector, d, asked, generic)  # (none if not d.echo)
        for n, (a, h) in enumerate(found, 1):
            scores = {c.chunk.section: c.score for c in h.chunks}
            # the best approach: how it works in full (at most 516 characters in the overview), except to a short
            # chat message that does not ask how: there the sentence of it that fits best (see COMPACT_WORDS)
            near = self.why.nearness(a.name, vector)  # the Doel and Doelgroep sentences nearest by meaning
            whole = n == 1 and (not compact or announces_steps(a.omschrijving))
            how_near = None if whole else self.why.nearness(a.name, vector, HOW_WEIGHT, facts=True)  # (facts.HOW_FIRST)
            reasons = self.facts.reasons(q, a, scores, whole_how=whole, near=near, how_near=how_near)
            link, resident = links[n - 1], d.role == "bewoner"
            # the editors' situation only for the best one: beside it, half were not the writer's (SHOW_WITHIN). Beside
            # a link too since stop 50, in place of the plain words: with the editors' situations rewritten so they add
            # no details, a helper briefed as a Movisie advisor compared the 15 dev answers this changes (everyday
            # dev_blind47), blind to which was which: why better 6, worse 2, the same 7; overall better 6, worse 3.
            # Before, 8 of advisor 39's 25 read "a fear never stated"; its condition left out: worse 17 / 6 (stop 66)
            situation = self.retriever.situation_text(a, vector, d.language, q, resident, d.starter) if n == 1 else ""
            row = side_row(d, a, side, h.score) if n == 1 and side else ""
            if n == 1 and d.echo and asks_proven(q):  # "is daar een beproefde aanpak voor?" (proven.py)
                row = "\n".join(filter(None, [row, proven_row(d, a, self.sections, h.score)]))
            named = named_group(a, q) if n == 1 and d.language == "nl" else None  # "ook winkeliers" (groups.py)
            forms.recommendation(d, n, a, reasons, h.score, situation, how, ages, link, row, compact, named, second)
        return [a.name for a, _ in found]

    def _list(self, d: Draft, q: str, vector: np.ndarray) -> Intent:
        """Every approach that fits a list question (see :mod:`assistant.answer.listing`)."""
        rows = self.lister.rows(q, vector)
        forms.listing(d, rows)
        if len(rows) >= 2:
            d.suggest(rows[0][0].name, rows[1][0].name)
        return "list"
