"""Who the writer is, or whom they write about, as an approach's Doelgroep names them: a shopkeeper where Thuis op
Straat names "winkeliers" among its intermediaries, a brother after a stroke where Wijk en Psychiatrie names "mensen met
niet-aangeboren hersenletsel".

Advisors 78 and 80 (a/b each) named the first as the strongest reason left out ("shopkeepers are explicitly part of
TOS's intermediate target group"), advisors 79 a/b the second ("the answer never says that a hersenbloeding is NAH").
The best approach's answer then says so in one line, with the Doelgroep sentence that names them
(:func:`named_group`; Dutch answers only). 192 of everyday dev's 6,700 Dutch long and chat messages name such a
group for their expected approach (Wijk en Psychiatrie 77, Thuis op Straat 61, PBS in de wijk 54). A helper briefed
as a Movisie advisor compared 24 dev answers with and without the line, blind to which was which: why better 22, the
same 2; overall better 22, worse 2 (both NAH, which the plain words shown above it named already).
"""

from __future__ import annotations

import re

from assistant.answer.draft import units
from assistant.text import fold
from assistant.types import Approach

#: Per group as a Doelgroep names it: how the answer names it, and the writer's words (on folded text) for being one of
#: them or writing about one.
NAMED = {
    "winkeliers": (
        "winkeliers",
        re.compile(
            r"\b((ik heb|wij hebben|we hebben|ik run|ik sta in) (een|de|mijn|onze) (\w+ )?(winkel|zaak|snackbar"
            r"|bakkerij|kapsalon|supermarkt|cafetaria|shoarmazaak|kiosk)|(als|ik ben|wij zijn|we zijn) (een )?(\w+ )?"
            r"(winkelier|winkeliers|ondernemer|ondernemers)|(mijn|onze) (winkel|zaak|snackbar|bakkerij|kapsalon"
            r"|cafetaria))\b"
        ),
    ),
    "schoolmedewerkers": (
        "schoolmedewerkers",
        re.compile(
            r"\b(als|ik ben|ik werk als) (\w+ )?(leerkracht|docent|juf|meester|concierge|schoolmaatschappelijk werker"
            r"|intern begeleider|zorgcoordinator|directeur van een (\w+ )?school|schooldirecteur)\b"
        ),
    ),
    "niet-aangeboren hersenletsel": (
        "mensen met niet-aangeboren hersenletsel",
        re.compile(r"\b(hersenbloeding|herseninfarct|beroerte|hersenletsel|nah)\b"),
    ),
}


def named_group(a: Approach, message: str) -> tuple[str, str] | None:
    """How the answer names the group of :data:`NAMED` the message names itself or its subject by and `a`'s Doelgroep
    names, and that Doelgroep sentence: ("winkeliers", "De intermediaire doelgroep bestaat uit ouders, volwassenen,
    winkeliers …"); None when there is none."""
    folded = fold(message)
    for group, (who, words) in NAMED.items():
        said = next((u for u in units(a.doelgroep) if group in u.casefold()), None)
        if said and words.search(folded):
            return who, said
    return None
