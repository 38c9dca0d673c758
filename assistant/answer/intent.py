"""What is asked: language, which field a factual question is about, and facts the sources never give."""

from __future__ import annotations

import re
from functools import cache

from stop_words import get_stop_words

from assistant.text import fold

#: Question patterns → the approach field that answers them (checked in order).
FIELD_PATTERNS: tuple[tuple[str, str], ...] = (
    ("voetnoot", r"\bwaar staat\b|\bafkorting|\bstaat\b.*\bvoor\b\W*$|\bstands? for\b|\babbreviation"),
    (
        "uitvoerders",
        r"\bwie\b.*\b(voert|uitvoer|organiseer|doet|begeleid|geeft)|\buitvoerder|\bwelke organisatie"
        r"|\bwhich organi|\bbehind\b|\bwho\b.*\b(run|carr|organi|deliver|lead)",
    ),
    (
        "doelgroep",
        r"\bleeftijd|\bhoe oud\b|\bvoor wie\b|\bdoelgroep|\bvanaf welke\b|\bwelke leeftijd"
        r"|\bage[sd]?\b|\bhow old\b|\bfor whom\b|\bwho is it for\b",
    ),
    (
        "omschrijving",
        r"\bhoe (groot|vaak|lang|werkt|verloopt|gaat)|\bhoeveel\b|\bstappen\b|\bfasen\b|\bafspraken\b"
        r"|\bhow (big|often|many|long|does)|\bsteps\b|\bphases\b",
    ),
    ("doel", r"\bdoel\b|\bwaarom\b|\bwaarvoor\b|\bwat (wil|beoogt)|\baim\b|\bgoal\b|\bpurpose\b"),
    ("vorm", r"\bvorm\b|\bhandboek|\bpublicatie|\bformat\b"),
)
#: Facts the overview never gives: asking for them is answered with a plain "not in the sources".
UNSUPPORTED: tuple[tuple[str, str], ...] = (
    ("cost", r"\bkost(en|t)?\b|\bprijs|\bbetal|\beuro\b|€|subsidie|toeslag|\btarief|\bcost|\bprice|\bfee\b|\bpay\b"),
    ("contact", r"\btelefoon|\bbellen naar\b|\badres\b|\be-?mail|\bphone\b|\baddress\b|\bcontact ?gegevens"),
    ("hours", r"\bopeningstijd|\bhoe laat\b.*\bopen|\bopen op\b|\bopening hours\b|\bwhen does\b.*\bopen"),
)
_HELP = re.compile(
    r"\b(wat (kan|kunnen|moet) (ik|we|wij|je)|is er (iets|een|ook)|bestaat er|welke (aanpak|methode|interventie)"
    r"|hoe (kan|kunnen|krijg|krijgen|pak|pakken) (ik|we|wij|je)|waar kan|kan ik|kunnen we|iets voor|hulp"
    r"|is there|are there|what can|how can|how do we|something for|help)\b"
)
_FOLLOW_UP = re.compile(r"\b(dat|die|deze|dit|het|daar|zoiets|ervan|this|that|it|they|them)\b")


@cache
def _stop(language: str) -> frozenset[str]:
    return frozenset(get_stop_words(language))


def detect_language(text: str) -> str:
    """'en' when a question has clearly more English than Dutch function words, else 'nl'."""
    words = re.findall(r"[a-z']+", text.lower())
    en = sum(w in _stop("english") for w in words)
    nl = sum(w in _stop("dutch") for w in words)
    return "en" if en > nl and en >= 2 else "nl"


def asked_field(question: str) -> str | None:
    q = fold(question)
    return next((field for field, pattern in FIELD_PATTERNS if re.search(pattern, q)), None)


def unsupported_fact(question: str) -> str | None:
    q = fold(question) + (" €" if "€" in question else "")
    return next((kind for kind, pattern in UNSUPPORTED if re.search(pattern, q)), None)


def is_follow_up(question: str) -> bool:
    """A short question leaning on the previous turn ('En wie voert dat uit?')."""
    q = fold(question)
    return len(q.split()) <= 14 and (bool(_FOLLOW_UP.search(q)) or q.startswith(("en ", "and ")))


def seeks_help(question: str) -> bool:
    """The question asks for something to do or use ('is er iets voor…', 'what can we do'), i.e. approaches."""
    return bool(_HELP.search(fold(question)))
