"""The pieces every extractive answer form is built from: the connecting texts (`templates/answer.yaml`), quotable
units of a field, and a draft that numbers its sources as it cites them."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from assistant.answer.ages import older_writer, young_writer
from assistant.answer.language import (
    frequent_language,
    letter_language,
    message_language,
    not_the_writers,
    script_language,
    sure_language,
)
from assistant.retrieve.names import name_forms
from assistant.types import Approach, Role, Source, SourceKind

#: The answer languages with connecting texts; any other language gets English (quotes stay Dutch).
FALLBACK_LANGUAGE = "en"


#: The top-level key of `answer.yaml` whose texts replace a language's own for a formal writer.
FORMAL = "formal"
#: A Dutch writer addressing the reader with "u" or "Geachte …" (on lower-case text; not the "u" of "a.u.b.", "m.u.v."
#: or "U-bocht").
#: "u", "Geachte", and a formal letter's request "Wij vernemen graag …" (dev_blind5's advisor: +1 of dev's 764 long
#: and chat messages, a formal policy officer).
_FORMAL = re.compile(r"(?<![.\w])(u|uw)(?![.\w'-])|\bgeachte\b|\bwij vernemen\b")


#: Kinds of organisation in the Uitvoerders fields, as a resident asks for them: the issue's "vraag bij de
#: welzijnsorganisatie of het buurthuis bij jou in de buurt naar Buurtcirkel" (the advisors of blind 4 and dev_blind4:
#: "residents: whom to approach locally"). Dutch only: these are the overview's own words; other languages keep
#: "one of these organisations near you". The labels are fixed answer text (:func:`all_answer_texts`).
WHERE = (
    (re.compile(r"\bgemeenten?\b|\blokale overheid"), "de gemeente"),
    (re.compile(r"welzijns\)?organisaties?\b|\bwelzijnsinstellingen?\b"), "een welzijnsorganisatie"),
    (re.compile(r"\bbuurthui(s|zen)\b"), "het buurthuis"),
    (re.compile(r"\b(woning)?corporaties?\b"), "de woningcorporatie"),
    (re.compile(r"\b(school|scholen)\b"), "een school"),
    (re.compile(r"\bzorgorganisaties?\b"), "een zorgorganisatie"),
    (re.compile(r"\bjongerenwerkers?\b"), "het jongerenwerk"),
)


@cache
def _answer_yaml() -> dict[str, dict[str, Any]]:
    text = resources.files("assistant").joinpath("templates/answer.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text))


@cache
def templates() -> dict[str, dict[str, str]]:
    """The connecting texts per answer language."""
    return {lang: texts for lang, texts in _answer_yaml().items() if lang != FORMAL}


@cache
def register_texts(language: str, formal: bool) -> dict[str, str]:
    """A language's texts, with its formal ones in their place for a formal writer (Dutch has them)."""
    texts = templates()[language]
    return {**texts, **_answer_yaml().get(FORMAL, {}).get(language, {})} if formal else texts


def all_answer_texts() -> tuple[str, ...]:
    """Every connecting text an answer may contain, in every language and register (for the grounding check)."""
    return tuple(
        str(v) for by_key in (*templates().values(), *_answer_yaml().get(FORMAL, {}).values()) for v in by_key.values()
    ) + tuple(label for _, label in WHERE)


def writes_formally(text: str) -> bool:
    """The writer says "u" or "Geachte" (Dutch), or is an older writer (:func:`older_writer`), and is not a young
    one (:func:`young_writer`): the answer says "u"."""
    return (bool(_FORMAL.search(text.casefold())) or older_writer(text)) and not young_writer(text)


@cache
def calibration() -> dict[str, dict[str, float]]:
    """Refusal thresholds per embedding model and language, fit on the eval set (`wijkwijzer calibrate`)."""
    return dict(json.loads(resources.files("assistant").joinpath("templates/calibration.json").read_text()))


#: A message of one or two words goes by the identifier only when it is this sure. On the intent and crisis banks'
#: 388 such train and dev messages without letters only one answer language uses (right / Dutch ones right): the
#: identifier alone 0.776 / 0.741, "Dutch unless clearly English" alone 0.647; sure at 0.5 0.807 / 0.947, at 0.7
#: 0.753 / 0.964, at 0.9 0.696 / 0.992.
SHORT_SURE = 0.5
#: A message of three to five words goes by the identifier when it is this sure, else by word frequencies
#: (:func:`frequent_language`; "ile to trwa?" was English at 0.60). On the banks' 2,023 such train and dev
#: messages: 0.967 right → 0.972 (Dutch ones 0.986 → 0.996; longer messages 0.986 as before); the identifier sure
#: at 0.9: 0.969; always the frequencies: 0.967.
FEW_WORDS, FEW_WORDS_SURE = 6, 0.7


def answer_language(text: str, names: Sequence[str] = ()) -> str:
    """The language of the connecting text: the message's own when there are texts for it, else English. `names`:
    the approaches the message names, left out first in every form (their Dutch names made "Citytrainers czy Futsal
    Chabbab, co jest lepsze …" Dutch, and "Thuis op Straat" without "(TOS)" "Who runs Thuis op Straat …").

    A message of one or two words goes by letters only one answer language uses ("dzięki!", "що порадиш?"), else by
    the identifier when it is sure (:data:`SHORT_SURE`), else it is Dutch unless its words are clearly more frequent
    in another language (:func:`frequent_language`: "ideas?" English, "merhaba" Turkish, "tips?" Dutch); up to
    five words the same without the letters (:data:`FEW_WORDS`)."""
    for name in names:
        for form in name_forms(name):
            text = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", " ", text, flags=re.IGNORECASE)
    text = not_the_writers(text)
    words = len(re.findall(r"\w+", text))
    if words < 3:
        lang = script_language(text, short=True) or letter_language(text) or sure_language(text, SHORT_SURE)
        lang = lang or frequent_language(text)
    elif words < FEW_WORDS:
        lang = script_language(text) or sure_language(text, FEW_WORDS_SURE) or frequent_language(text)
    else:
        lang = message_language(text)
    return lang if lang in templates() else FALLBACK_LANGUAGE


def units(text: str) -> list[str]:
    """Quotable pieces of a field: sentences; a lead-in ending in ':' keeps its list."""
    out: list[str] = []
    for line in text.split("\n"):
        if (out and out[-1].endswith(":")) or (out and re.match(r"^\d+[.)]\s", line) and "\n" in out[-1]):
            out[-1] = f"{out[-1]}\n{line}"
            continue
        out += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9(‘'\"])", line) if s.strip()]
    return out


#: Who among readers of another language gets the overview's Dutch quotes under an approach: a helper briefed as a
#: Movisie advisor compared 20 dev answers in six languages (dev_blind67–75) with and without them, blind to which was
#: which: overall without 18, with 2; clarity without 20. The 2 were professionals ("the verbatim Dutch goal helps with
#: Dutch partners"), as were 2 of the 18; the 16 residents all read better without ("it repeats the plain text in a
#: language this resident may not read"). A resident gets the [n] on the plain words instead
#: (:func:`~assistant.answer.forms.recommendation`).
DUTCH_QUOTES_FOR = frozenset({"professional", "verwijzer", "opdrachtgever"})


@dataclass
class Draft:
    """An answer being written: its language, Markdown blocks, the sources cited so far and the suggestions."""

    language: str
    lines: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    refused: bool = False  # the sources hold no answer, though the form is not the out-of-scope one
    formal: bool = False  # the writer says "u": so does the answer
    role: Role = "bewoner"  # who writes (:func:`assistant.answer.roles.writer_role`): the next step is for them
    body: str | None = None  # the kind of organisation they speak for (:func:`assistant.answer.bodies.writer_body`)
    asked_body: str | None = None  # the kind they ask may carry it out (:func:`assistant.answer.bodies.asked_body`)
    works_at: str | None = None  # the kind their words as a professional name (:func:`~.bodies.speaks_for`)
    # a resident who would set something up themselves (:func:`assistant.answer.roles.sets_up`): the editors' step
    # for an "initiatiefnemer" (everyday dev_blind29's advisor: a father who wants to start a fathers' centre was
    # told to ask whether there is one, residents who will not wait for the municipality were sent to it)
    starter: bool = False
    group: bool = False  # a group of residents that already exists (:func:`assistant.answer.persona.resident_group`)
    #: whose support worker the message names and its word for them (:func:`assistant.answer.persona.supporter`)
    supporter: tuple[str, str] | None = None
    knows_people: bool = False  # they know the people it is for already (:func:`assistant.answer.persona.knows_people`)
    relative: str | None = None  # the older relative a resident writes about (:func:`.persona.relative`)
    concerned: tuple[str, str] | None = None  # the one a resident writes for, and he/she/they (:mod:`.concerned`)
    we: bool = False  # the writer speaks for a group (:func:`assistant.answer.persona.speaks_as_we`)
    council: bool = False  # a member of the municipal council (:func:`assistant.answer.persona.council_member`)
    intern: bool = False  # a student on placement (:func:`assistant.answer.roles.on_placement`): their supervisor first
    said: set[str] = field(default_factory=set)  # sentences of the editors' next steps already shown
    echo: bool = True  # a sentence of the message may be read back (not when it may be a crisis: see echo.py)
    tone: str | None = None  # the writer's feeling a recommendation opens with (see tone.py)

    def once(self, text: str) -> str:
        """`text` without its sentences this answer already showed: the own-organisation note and a sentence two
        editors' steps share stay under the first approach only (the advisor of blind 9: the same closing sentence
        "in nearly every answer")."""
        fresh = [u for u in re.split(r"(?<=[.!?؟])\s+", text.strip()) if u and u not in self.said]
        self.said.update(fresh)
        return " ".join(fresh) if fresh else text

    @property
    def organiser(self) -> bool:
        """The writer would start or run an approach (or commission it), not join it or point someone to it."""
        return self.role in ("professional", "opdrachtgever")

    @property
    def dutch_quotes(self) -> bool:
        """The answer quotes the overview in Dutch: to a Dutch reader, and to a reader of another language who works
        with the approaches (:data:`DUTCH_QUOTES_FOR`)."""
        return self.language == "nl" or self.role in DUTCH_QUOTES_FOR

    @property
    def t(self) -> dict[str, str]:
        return register_texts(self.language, self.formal)

    def kind(self, kind: str) -> str:
        """An approach's kind as the overview names it ("methode, inspiratiegids") in the reader's language
        (`kind_<word>` in templates/answer.yaml, else the overview's word): advisors 86 b found "(interventie)" among
        the Dutch that leaks into answers in other languages (6 of 6)."""
        return ", ".join(self.t.get(f"kind_{w.strip()}", w.strip()) for w in kind.split(","))

    def cite(self, approach: str, section: str, url: str | None, snippet: str, score: float, kind: SourceKind) -> str:
        for s in self.sources:
            if s.approach == approach and s.snippet == snippet:
                return f"[{s.n}]"
        # the field in the reader's language (advisors 86 b: the Dutch field names in the sources list of an answer
        # in Spanish, 3 of 6); a general section's title stays the overview's
        field = self.t.get(f"source_{section}") if kind == "approach" else None
        label = f"{approach} — {field}" if field else ""
        n = len(self.sources) + 1
        self.sources.append(Source(n, approach, section, url, snippet, round(score, 4), kind, label))
        return f"[{len(self.sources)}]"

    def quote(self, text: str, marked: bool = True) -> str:
        """`text` in quotation marks, marked as Dutch for a reader of another language (not under a label that says
        so already: `marked` False)."""
        return f"“{text}”{self.t['quote_note'] if marked else ''}"

    def field_line(self, a: Approach, key: str, snippet: str, score: float) -> str:
        label = self.t[f"label_{key}"]
        return f"- {label}: {self.quote(snippet)} {self.cite(a.name, key, a.url, snippet, score, 'approach')}"

    def suggest(self, first: str, second: str | None, compared: bool = False) -> None:
        """Two or three next questions: who carries out the first, for whom the second, compare the two."""
        self.suggestions.append(self.t["suggest_who"].format(name=first))
        if second:
            self.suggestions.append(self.t["suggest_for_whom"].format(name=second))
            if not compared:
                self.suggestions.append(self.t["suggest_compare"].format(a=first, b=second))
        else:
            self.suggestions.append(self.t["suggest_how"].format(name=first))

    def link_line(self, a: Approach) -> str | None:
        """The approach's link, or the title of a publication the overview names without one; else None."""
        if a.url:
            return f"- {self.t['more']}: {a.url}"
        # a publication the overview names without an address (ABCD-methode): its title, to search for (the advisor
        # of everyday blind 11: "no link or publication title")
        return f"- {self.t['more']}: {self.t['more_title'].format(title=a.link_title)}" if a.link_title else None
