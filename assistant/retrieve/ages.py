"""Age limits in the overview's Doelgroep fields as a hard criterion beside the embedding.

Five approaches name an age range for whom they are ("senioren vanaf 65 jaar", "jongens en meisjes tussen de 8 en
18 jaar", "de bewoners van de 55+ wooncomplexen" …). The embedding does not read numbers: the advisor of
dev_blind5 found GoldenSports (65+) first for "45 yaşındayım" and Studio BRUIS (55+) for a 24-year-old daughter.
When a message states ages ("mijn zoon van 13", "mn moeder (84)", "I'm 45", "45 yaşındayım") and none of them is
in an approach's range, the retriever lowers that approach by :attr:`RetrievalConfig.age_weight`. A message without
an age, or an approach without a range, is left alone; any one stated age in the range is enough (a mother of 38
asking for her son of 11).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

#: How a Doelgroep states its range, and the range it means.
_RANGES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[int, int]]], ...] = (
    (re.compile(r"tussen de (\d+) en (\d+) jaar"), lambda m: (int(m[1]), int(m[2]))),
    (re.compile(r"van (\d+) tot (\d+) jaar"), lambda m: (int(m[1]), int(m[2]))),
    (re.compile(r"vanaf (\d+) jaar"), lambda m: (int(m[1]), 120)),
    (re.compile(r"(\d+)\+"), lambda m: (int(m[1]), 120)),
)
_UNITS = r"jaar|jarige|jr|years?|yrs|yaşında\w*|lat|rok\w*|років|роки|рік|años|سنة|عاما|عامًا"
_NOT_AGES = r"%|euro|minuten|uur|keer|kinderen|jongeren|mensen|huizen|woningen|weken|maanden|dagen|straten|bewoners"
#: A stated age: "13 jaar", "13-jarige", "(84)", "mijn zoon van 9", "ik ben 45", "I'm 45", "65-plussers", "55+".
_AGE = re.compile(
    rf"(?<![\d,.])(\d{{1,3}})(?:\s*|-)(?:{_UNITS})\b(?!\s*(?:geleden|lang|ago)\b)|\((\d{{1,3}})\)"
    rf"|\b(?:van|is|aged|age|ben|am|i'm|im)\s+(\d{{1,3}})\b(?!\s*(?:{_NOT_AGES}|jaar (geleden|lang)))"
    r"|\b(\d{2})-?plussers?\b|(\d{2})\+",
    re.IGNORECASE,
)
#: "al 40 jaar", "sinds 30 jaar", "od dziesięciu lat", "for 20 years": how long, not how old.
_DURATION = re.compile(
    r"\b(al|sinds|ruim|bijna|na|over|pas|nog|zo'n|ongeveer|dan|for|since|over|od|przez|ponad|вже|понад|desde|hace"
    r"|durante)\s+(\d{1,3})\b",
    re.IGNORECASE,
)


def age_range(doelgroep: str) -> tuple[int, int] | None:
    """The age range a Doelgroep states, or None."""
    for pattern, meaning in _RANGES:
        m = pattern.search(doelgroep)
        if m:
            return meaning(m)
    return None


def ages_in(text: str) -> set[int]:
    """The ages a message states (1–105), not durations ("al 40 jaar")."""
    durations = {m.start(2) for m in _DURATION.finditer(text)}
    ages = set()
    for m in _AGE.finditer(text):
        i = next(i for i, g in enumerate(m.groups(), 1) if g)
        if m.start(i) not in durations and 1 <= int(m[i]) <= 105:
            ages.add(int(m[i]))
    return ages


class AgeFit:
    """The approaches with an age range (from their Doelgroep chunks) and which of them a message's ages rule out."""

    def __init__(self, doelgroepen: Iterable[tuple[str, str]]) -> None:
        self.ranges = {target: r for target, text in doelgroepen if (r := age_range(text))}

    def misfits(self, query: str) -> dict[str, float]:
        """Approach → 1.0 when the message states ages and none is in the approach's range."""
        ages = ages_in(query)
        if not ages:
            return {}
        return {t: 1.0 for t, (low, high) in self.ranges.items() if not any(low <= a <= high for a in ages)}
