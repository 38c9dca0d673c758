"""The kinds of organisation in a message: the one the writer speaks for or works at (:func:`speaks_for`), the one
they ask may carry an approach out (:func:`asked_body`), and whether an approach's Uitvoerders name it
(:func:`runs_it`): for the next step (:mod:`assistant.answer.steps`).
"""

from __future__ import annotations

import re

from assistant.answer.ages import minor_writer
from assistant.answer.roles import organiser_words, rule_role, sets_up
from assistant.types import Role

#: The kind of organisation a writer speaks for, read from the words that made them a professional ("ik ben
#: wijkagent", "werkzaam als wijkconsulent bij een woningcorporatie", "wij als gemeente"), and the words an approach's
#: Uitvoerders names it by. The advisor of everyday blind 16: "a corporation is told to ask the corporation, a police
#: officer to ask the police"; "kan de school het zelf uitvoeren?" went unanswered.
#: Uitvoerders that are any organisation working in the neighbourhood (GoldenSports: "professionals van organisaties in
#: de wijk"): welfare, a community centre, care and sport run it.
_IN_THE_WIJK = r"professionals van organisaties in de wijk"
BODIES = (
    ("politie", r"wijkagent|politie\w*|police", r"\bpolitie\b"),
    (
        "corporatie",
        r"(woning)?corporatie|woonconsulent|wijkconsulent|huismeester|housing (association|corporation)",
        r"\b(woning)?corporaties?\b",
    ),
    (
        "gemeente",
        r"gemeente\w*|ambtenaar|beleids\w+|wethouder|raadslid|council\w*|municipality|policy officer"
        r"|wijkmanager",  # (a gebiedsmanager or wijkregisseur works as often for a corporation)
        r"\bgemeenten?\b|\blokale overheid",
    ),
    (
        "school",
        r"school|scholen|leerkracht|docent|juf|meester|intern begeleider|teacher|\bles\b|de klas",
        r"\b(school|scholen)\b",
    ),
    (
        "welzijn",
        r"welzijn\w*|opbouwwerk\w*|jongerenwerk\w*|sociaal werk\w*|buurtwerk\w*|(community|youth|social) worker",
        r"welzijns\)?organisaties?\b|welzijnsinstellingen?|jongerenwerkers?|sociaal-cultureel werk"
        # (Buurtcirkel's "ondersteuning …": advisors 63 a/b, "werk je niet bij …" to one who does)
        rf"|ondersteuning aan kwetsbare burgers|{_IN_THE_WIJK}",
    ),
    ("buurthuis", r"buurthuis|wijkcentrum", rf"\bbuurthui(s|zen)\b|{_IN_THE_WIJK}"),
    # a care organisation (advisors 58 a: "Ik werk bij een ggz-instelling" told "Werk je niet bij zo'n organisatie"
    # under Wijk en Psychiatrie, whose Uitvoerders name zorgorganisaties; advisors 70 a/b: "Ik werk bij een
    # zorgaanbieder" sent to ask Buurtcirkel at "an organisation that helps people live independently", his own);
    # not a GP practice's POH-GGZ (advisors 83 a and 85 a: "Jouw soort organisatie hoort vaak bij de uitvoerders"
    # "does not really fit a GP practice"): 15 of everyday dev's long and chat messages change, all such writers
    (
        "zorg",
        r"(?<!poh-)(?<!poh )(?<!praktijkondersteuner )ggz[-\w]*|zorginstelling\w*|zorgorganisatie\w*|zorgaanbieder\w*"
        r"|thuiszorg\w*",
        rf"\bzorgorganisaties?\b|ondersteuning aan kwetsbare burgers|{_IN_THE_WIJK}",
    ),
    ("vrijwilliger", r"vrijwilliger\w*|volunteer\w*", r"\bvrijwilligers\b"),
    # a buurtsportcoach is one of the "professionals van organisaties in de wijk" GoldenSports names (advisors 76
    # a/b: "werk je niet bij zo'n organisatie" to one, "himself a wijkprofessional"); after the volunteer, who wins
    # in "vrijwilliger bij een sportvereniging"
    ("sport", r"buurtsportcoach\w*|sportcoach\w*|sportaanbieder\w*|sportvereniging\w*", _IN_THE_WIJK),
)
_BODY_WORDS = tuple((body, re.compile(rf"\b({words})\b")) for body, words, _ in BODIES)
_BODY_DOERS = {body: re.compile(doers) for body, _, doers in BODIES}


def writer_body(text: str, role: Role | None = None) -> str | None:
    """The kind of organisation (:data:`BODIES`) the writer speaks for, if the words that make them a professional
    name one and they would set the approach up or commission it; else None (a resident, "onze organisatie", or a
    wijkagent who wants somewhere to send two neighbours: the advisor of everyday blind 18 found "je hoort er zelf
    bij" wrong for him)."""
    if not (sets_up(text) or (role or rule_role(text)) == "opdrachtgever"):
        return None
    return speaks_for(text)


#: Where the writer works, said after the role or as what "we" are ("Ik ben bewonersconsulent bij een
#: woningcorporatie", "Ik begeleid bij een welzijnsorganisatie …", "Wij zijn een ggz-instelling"): advisors 63 a/b
#: found three such writers told "Werk je niet bij zo'n organisatie" (3 of 25 each).
#: Read on the unfolded text, within one clause; a volunteer's "bij de bibliotheek" names no kind of organisation
#: that carries an approach out (:data:`BODIES`' "vrijwilliger" is for one who volunteers as such). On everyday dev's
#: 7,234 long and chat messages this names where 111 writers work that the role's words did not (zorg 27, gemeente
#: 26, corporatie 19, buurthuis 16, welzijn 12, school 7, politie 4); all 111 read, all but one (a retired teacher,
#: "na veertig jaar voor de klas") work there.
_WORKS_AT = re.compile(
    r"\b(ik (ben|werk|begeleid|coördineer|coordineer|help)\b[^.!?\n,;]{0,40}?\b(bij|op|in|voor|van)|(wij|we) zijn) "
    r"(een|de|het|onze|ons) ([\w-]+ )?[\w-]+"
)


def speaks_for(text: str) -> str | None:
    """The kind of organisation (:data:`BODIES`) the words that make the writer a professional name ("ik ben
    wijkagent": politie), or where they say they work (:data:`_WORKS_AT`), whatever they would do with an approach;
    None for a resident, a minor or "onze organisatie"."""
    if minor_writer(text):  # (ages.minor_writer)
        return None
    said = organiser_words(text)
    named = next((body for words in said for body, pattern in _BODY_WORDS if pattern.search(words)), None)
    if named:
        return named
    there = [m.group(0) for m in _WORKS_AT.finditer(text.casefold())]
    return next(
        (b for words in there for b, pattern in _BODY_WORDS if b != "vrijwilliger" and pattern.search(words)), None
    )


def runs_it(body: str | None, uitvoerders: str) -> bool:
    """An approach's Uitvoerders name the writer's kind of organisation: they can start it themselves."""
    return body is not None and bool(_BODY_DOERS[body].search(uitvoerders.casefold()))


#: A question whether some kind of organisation or a volunteer may carry the approach out ("Mag een vrijwilliger
#: zoiets uitvoeren?", "kan de school dat zelf doen?", "kunnen wij als welzijnsorganisatie dat draaien?"), at the
#: start of a sentence (not "wat kan een school doen"). The advisors of everyday blind 16 and 17: the answer hid the
#: "ja" in the Uitvoerders quote.
_ASKS_WHO_MAY = re.compile(
    r"(^|[.?!:;,]\s*|\b(of|en|maar|or|and|but) )(mag|mogen|kan|kunnen|can|may|could)"
    r"( een| de| het| onze| ons| wij| we| ik| zo'?n| a| an| the| our)?( eigen| andere| gewone| own| other)?( als)?"
    r" (?P<who>\w+)( \w+)?( zelf| ook| dat| dit| zoiets| het| die| it| this| that| themselves| also)*"
    r" (uitvoeren|doen|opzetten|starten|organiseren|aanbieden|begeleiden|leiden|draaien|run|do|carry (it )?out"
    r"|set (it )?up|organi[sz]e|offer)\b"
)


def asked_body(text: str) -> str | None:
    """The kind of organisation (:data:`BODIES`) the message asks may carry the approach out, if any."""
    m = _ASKS_WHO_MAY.search(" ".join(text.casefold().split()))  # with its punctuation: where a sentence starts
    if m is None:
        return None
    return next((body for body, words in _BODY_WORDS if words.fullmatch(m.group("who"))), None)
