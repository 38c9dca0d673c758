"""The one person a resident writes for: "mijn broer drinkt te veel", "mn oma woont alleen", "my son is 14 and …",
"mi hermano tiene deudas". An approach that person would take part in is theirs to want: the next step first asks
the writer to talk it over with them (:data:`WITH_THEM`, the `concerned_step` template).

Advisors 85 b and 86 a/b marked the next step down for it (4 of 50 answers): a neighbour told to request an Eigen
Kracht-conferentie for a forgetful man, "haaks op 'zonder dat anderen voor hem beslissen'"; a sister told to request
one without her brother ("the brother himself must be involved and agree"); a 15-year-old far from her oma told to
phone a welfare organisation "instead of suggesting what to tell oma"; a library volunteer told to start a Buurtcirkel
"instead of helping the woman get in touch (with her consent)".

The person is named as the subject of what the message tells ("mijn vader van 80 woont alleen", "my brother drinks"),
before the writer says "ik" (as :func:`~assistant.answer.persona.relative` reads an older relative): a relative, a
neighbour or a friend of the writer's, not their partner (the writer's own household) and not one who died ("mijn
moeder is vorig jaar overleden"). A helper briefed as a Movisie advisor compared 24 of the 700 of 811 dev answers this
changed (it then read a person after "ik" too), blind to which was which: next step and overall better 21, worse 3,
the three all after the writer's "ik": a widower about his own meal ("Mijn dochter woont in Groningen"), a family
about the father's care (after "mijn broer heeft schulden"), a mother who may request a conference herself. Read
before "ik" only, those three and 2 of the 21 are left as they were. It reads 744 of everyday dev's 9,514 long and chat
messages.
"""

from __future__ import annotations

import re

from assistant.answer.draft import register_texts
from assistant.text import fold

#: Approaches the person written about would take part in themselves. Not Buurtbemiddeling (the other is a party
#: to the quarrel), nor an approach for a neighbourhood, a group or a school (ABCD, PBS, TOS, Community Organising …).
WITH_THEM = frozenset(
    {
        "Buurtcirkel",
        "Citytrainers",
        "Futsal Chabbab",
        "GoldenSports",
        "Resto VanHarte",
        "Studio BRUIS",
        "Eigen Kracht-conferentie",
        "Moeder- en vadercentra",
        "Wijk en Psychiatrie",
        "Buurtreminiscentie",
    }
)

_SHE, _HE, _THEY = "she", "he", "they"


def _as(pronoun: str, words: str) -> dict[str, str]:
    return dict.fromkeys(words.split(), pronoun)


#: Per language: the writer's word for the person (as the message spells it, folded), and whether the template says
#: he, she or they.
_WORDS: dict[str, dict[str, str]] = {
    "nl": {
        **_as(_SHE, "moeder mama oma schoonmoeder grootmoeder zus zusje dochter tante buurvrouw vriendin nicht"),
        **_as(_HE, "vader papa opa schoonvader grootvader broer broertje zoon oom buurman vriend neef"),
        **_as(_THEY, "ouders grootouders schoonouders"),
    },
    "en": {
        **_as(_SHE, "mother mum mom grandmother grandma granny nan sister daughter aunt neighbour neighbor"),
        **_as(_HE, "father dad grandfather grandpa granddad brother son uncle"),
        **_as(_THEY, "parents grandparents"),
    },
    "es": {
        **_as(_SHE, "madre mamá abuela hermana hija tía vecina amiga"),
        **_as(_HE, "padre papá abuelo hermano hijo tío vecino amigo"),
        **_as(_THEY, "padres abuelos"),
    },
}
_VERBS = {
    "nl": r"is|zijn|woont|wonen|zit|zitten|komt|komen|heeft|hebben|wordt|worden|eet|eten|beweegt|voelt|raakt|loopt"
    r"|spreekt|kent|wil|willen|gaat|gaan|durft|durven|kan|kunnen|doet|drinkt|speelt|hangt|verveelt|praat|vergeet"
    r"|mist|blijft|blijven|krijgt",
    "en": r"is|are|lives|live|has|have|gets|feels|wants|want|can|can't|cannot|doesn't|does|drinks|plays|hangs|sits"
    r"|stays|forgets|misses|talks|hardly|rarely|never|no longer|barely",
    "es": r"es|está|están|son|vive|viven|tiene|tienen|bebe|quiere|quieren|no|se|juega|pasa|casi|ya",
}
_MINE = {"nl": r"mijn|m'n|mn|onze", "en": r"my|our", "es": r"mi|mis|nuestra|nuestro"}
#: The writer speaking of themselves: the person must be named before it.
_I = {"nl": re.compile(r"\bik\b"), "en": re.compile(r"\bi\b"), "es": re.compile(r"\byo\b")}
#: Told as someone who died or as the writer's own loss: not one to talk it over with.
_GONE = re.compile(
    r"^\W*(?:is |was |zijn |has |se )?(?:\w+ ){0,3}(?:overleden|gestorven|dood|died|passed away|murió|falleció)\b"
)


def _pattern(language: str) -> re.Pattern[str]:
    words = "|".join(sorted(map(re.escape, _WORDS[language]), key=len, reverse=True))
    age = r"(?: \(?\d{1,3}\)?| van \d{1,3}(?: jaar)?| \(\d{1,3} jaar\)| de \d{1,3} años)?,?"
    return re.compile(rf"\b(?:{_MINE[language]}) (?P<who>{words}){age} (?:{_VERBS[language]})\b")


_PATTERNS = {language: _pattern(language) for language in _WORDS}


def concerned(text: str, language: str) -> tuple[str, str] | None:
    """The person a resident's message in `language` is written for, as (the writer's word for them, "he", "she" or
    "they"); None when it names no such person (or in a language without patterns: nl, en and es have them)."""
    pattern = _PATTERNS.get(language)
    if pattern is None:
        return None
    folded = fold(text) if language == "nl" else text.lower()
    for m in pattern.finditer(folded):
        if _I[language].search(folded, 0, m.start()):
            return None
        if not _GONE.match(folded[m.end("who") :].lstrip(" ,(0123456789)")):
            return m.group("who"), _WORDS[language][m.group("who")]
    return None


def without_person(text: str, question: str) -> str:
    """`text` with the writer's word for the person `question` is written for left out of the line that asks them
    first: the writer's word, no claim about the sources (the grounding checks read the templates' own words, as
    :func:`~assistant.answer.persona.near_writer` leaves out the relative's neighbourhood)."""
    for language in _PATTERNS:
        if found := concerned(question, language):
            who, pronoun = found
            for formal in (False, True):
                lead = register_texts(language, formal).get(f"concerned_step_{pronoun}")
                text = text.replace(lead.format(who=who), lead.format(who="")) if lead else text
    return text
