"""The editors' plain words per approach: `corpus/in-gewone-woorden.md`, beside the overview.

The overview's fields are long and full of policy words ("sociaaleconomisch zwakkere wijken", "intermediaire
doelgroep"); the advisor ratings marked the quotes down for residents with little schooling and for writers in other
languages (blind 4: clarity 3.08, Dutch quotes to English and Spanish writers). Per approach the editors keep one or
two B1 sentences — for whom, and what happens — in each answer language, written from the overview only: no new
facts, numbers, names or links (the tests check the numbers). An answer shows them above the quotes, which stay the
source. Format, one block per approach:

    ## Buurtbemiddeling
    - nl: Voor ruzie of ergernis tussen buren …
    - en: For arguments or irritation between neighbours …

Names must be the overview's approach names and languages among :data:`LANGUAGES`; anything else is an error that
names the line.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from assistant.corpus.overview import OverviewParseError
from assistant.corpus.terms import editor_blocks
from assistant.errors import read_text_file
from assistant.types import Overview

PLAIN_FILE = "in-gewone-woorden.md"
#: The answer languages (`templates/answer.yaml`; a test keeps the two the same).
LANGUAGES = ("nl", "en", "tr", "ar", "pl", "uk", "es")
_LINE = re.compile(r"^-\s*(?P<lang>[a-z]{2})\s*:\s*(?P<text>\S.*)$")


def parse_plain(text: str, names: set[str], source: str = PLAIN_FILE) -> dict[str, dict[str, str]]:
    """Approach name → language → the editors' plain words."""
    found: dict[str, dict[str, str]] = {}
    for current, line, number in editor_blocks(text, names, source):
        if line is None:  # a heading: its approach, even with no lines under it
            assert current is not None
            found.setdefault(current, {})
            continue
        m = _LINE.match(line)
        if m is None or m.group("lang") not in LANGUAGES:
            expected = f"verwacht '- taal: tekst' met een taal uit {', '.join(LANGUAGES)}"
            raise OverviewParseError(expected, source, number)
        if current is None:
            raise OverviewParseError("deze regel staat niet onder een aanpak (## naam)", source, number)
        found[current][m.group("lang")] = m.group("text").strip()
    return found


def with_plain(overview: Overview, path: Path) -> Overview:
    """The overview with the editors' plain words added (unchanged when the file is absent)."""
    if not path.exists():
        return overview
    plain = parse_plain(read_text_file(path, "bestand met gewone woorden"), {a.name for a in overview.approaches})
    approaches = tuple(
        replace(a, plain=tuple(plain[a.name].items())) if a.name in plain else a for a in overview.approaches
    )
    return replace(overview, approaches=approaches)
