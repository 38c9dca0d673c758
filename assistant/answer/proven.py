"""A writer who asks whether an approach is proven ("Is daar een beproefde aanpak voor?", "a tested model in the
Netherlands?"): a line on top of the best approach that says where the overview puts it, an interventie from the
databanks of Erkenning van interventies or another methodical approach, with the overview's own words on each
(its section "Verantwoording"). The overview gives no recognition level per approach, so none is claimed.

Advisors 54 a/b: "'beproefde aanpak?' is answered with a description rather than 'yes, it is an interventie
described in the Movisie databank'" (2 of 25). Everyday dev's long and chat messages ask so in 63 of 6,394 (nearly
all "beproefd"); none of the matches in it is another use of the words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from assistant.answer.draft import Draft, units
from assistant.types import Approach

#: The words of a writer who asks for a proven approach, in the assistant's languages (on case-folded text).
_ASKS = re.compile(
    r"\b(beproefd\w*|bewezen|erkende? (aanpak|interventie|methode)\w*|onderbouwde? (aanpak|methode|werkwijze)"
    r"|wetenschappelijk onderbouwd|proven|tried and tested|tested (model|method|approach|way)|evidence[- ]based"
    r"|kanıtlanmış|denenmiş|sprawdzon\w*|udowodnion\w*|перевірен\w*|доведен\w*|probad[oa]s?|comprobad[oa]s?)\b"
    r"|مجرب|مجرّب|مثبتة|مثبت"
)

#: The section that says what the overview's two kinds are, and the words of its sentences to quote for each.
SECTION = "Verantwoording"
_SAID = {
    "interventie": ("hun waarde in de praktijk hebben aangetoond",),
    "methode": ("algemene principes en globale stappen", "bevinden zich niet in de databanken"),
}


def asks_proven(text: str) -> bool:
    """The message asks whether there is a proven or tested approach."""
    return bool(_ASKS.search(text.casefold()))


def proven_row(d: Draft, a: Approach, sections: Mapping[str, str], score: float) -> str:
    """The line for `a`: the template for its kind and the overview's sentences on that kind, cited; '' for a kind
    the section says nothing of (a handreiking) or without the section."""
    words = _SAID.get(a.category, ())
    found = [u for u in units(sections.get(SECTION, "")) if any(w in u for w in words)]
    if not found:
        return ""
    quotes = " … ".join(f"{d.quote(u, False)} {d.cite(SECTION, SECTION, None, u, score, 'general')}" for u in found)
    note = "" if d.language == "nl" else d.t["quote_note"]
    return f"- {d.t[f'proven_{a.category}'].format(name=a.name)} {quotes}{note}"
