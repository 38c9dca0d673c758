"""The editors' texts per approach beside the overview, in every answer language: `corpus/in-gewone-woorden.md`
(plain words), `corpus/past-als.md` (situations it fits) and `corpus/volgende-stap.md` (the next step per role).

The overview's fields are long and full of policy words ("sociaaleconomisch zwakkere wijken", "intermediaire
doelgroep"); the advisor ratings marked the quotes down for residents with little schooling and for writers in other
languages (blind 4: clarity 3.08, Dutch quotes to English and Spanish writers), and every advisor asked for a "why"
that links the writer's situation to the approach and for a next step that fits the writer's role (blind 6: why
2.28, next step 2.68). The editors keep, written from the overview only (no new facts, numbers, names or links; the
tests check numbers and links):

- plain words: one or two B1 sentences — for whom, and what happens; for an approach whose Omschrijving announces
  steps, phases or tracks, also those steps in plain words ("- stappen nl: … | …", numbered by the answer: the
  advisors of everyday blind 19 and 21 found the steps "only as a dense formal Dutch quote");
- situations: four or five "Past als <situation in everyday words>: <what the approach does about it>", one of
  which an answer shows when it is near the message (:mod:`assistant.retrieve.situations`); each may have a Dutch
  search line ("- 1 zoek nl: …"), the same situation as a writer would tell it, with a person and details, which
  is matched but never shown (shown, such details were "wrong about the person": the advisor of dev_blind6);
- next steps: one for a resident ("bewoner"), one for who would start or run it ("professional"), and optionally
  for a professional pointing one person to it ("verwijzer") and for a municipality commissioning it
  ("opdrachtgever"); see :mod:`assistant.answer.roles`.

Format, one block per approach; a key (a number, or a role) before the language where a block has several texts:

    ## Buurtbemiddeling
    - nl: Voor ruzie of ergernis tussen buren …
    - 1 nl: Past als je al lang last hebt van je buren …
    - bewoner nl: Vraag bij de gemeente …

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
from assistant.types import ELSEWHERE, FORMAL_SUFFIX, NEARBY_NOTE, NONE_NEAR, STEP_ROLES, Overview, Texts

PLAIN_FILE = "in-gewone-woorden.md"
SITUATIONS_FILE = "past-als.md"
STEPS_FILE = "volgende-stap.md"
#: The answer languages (`templates/answer.yaml`; a test keeps the two the same).
LANGUAGES = ("nl", "en", "tr", "ar", "pl", "uk", "es")
_LINE = re.compile(
    rf"^-\s*(?:(?P<key>\d+(?: zoek)?|[a-z]{{3,}})\s+)?(?P<lang>[a-z]{{2}}(?:{FORMAL_SUFFIX})?)\s*:\s*(?P<text>\S.*)$"
)
SEARCH = " zoek"  # "- 1 zoek nl: …": the same situation as someone would tell it, to be found by, never shown
#: Between the variants of one search line ("- 1 zoek nl: … | … | …"): the same situation told by the one it is about,
#: by someone close and by a professional or volunteer, each matched on its own (the nearest counts). With one
#: variant, told mostly by the one it is about ("je"), a sister's story about her brother got the neighbours' situation
#: and a 16-year-old's the one of youths causing nuisance (advisors 50, 4 of 25 answers from the wrong side).
VARIANTS = " | "
#: "- bewoner nl-u: …": a next step in the "u" register, for a writer who says "u" (Dutch only). Without it such a
#: writer got the template's "vraag bij een van deze uitvoerders": "vague" to advisors 39 and 44 (2 of 25 each).
FORMAL_NL = "nl" + FORMAL_SUFFIX
#: The keys of the next-steps file: a step per role, the sentence for one who works elsewhere (types.ELSEWHERE) and
#: the one for a resident when it is not offered nearby (types.NONE_NEAR), and an approach's own line on nearness
#: (types.NEARBY_NOTE).
STEP_KEYS = (*STEP_ROLES, ELSEWHERE, NONE_NEAR, NEARBY_NOTE)


#: The keys each file may use before the language ('' = none); a search line is Dutch only.
KEYS = {
    PLAIN_FILE: re.compile("|stappen"),
    SITUATIONS_FILE: re.compile(r"\d+( zoek)?"),
    STEPS_FILE: re.compile("|".join(STEP_KEYS)),
}


def parse_keyed(text: str, names: set[str], source: str) -> dict[str, dict[str, dict[str, str]]]:
    """Approach name → key ('' for a line without one) → language → the editors' text. A key the file may not use
    (:data:`KEYS`, by the file's name) is an error that names the line."""
    file = Path(source).name
    keys = KEYS.get(file)
    found: dict[str, dict[str, dict[str, str]]] = {}
    for current, line, number in editor_blocks(text, names, source):
        if line is None:  # a heading: its approach, even with no lines under it
            assert current is not None
            found.setdefault(current, {})
            continue
        m = _LINE.match(line)
        if m is None or m.group("lang").removesuffix(FORMAL_SUFFIX) not in LANGUAGES:
            expected = f"verwacht '- taal: tekst' met een taal uit {', '.join(LANGUAGES)}"
            raise OverviewParseError(expected, source, number)
        if current is None:
            raise OverviewParseError("deze regel staat niet onder een aanpak (## naam)", source, number)
        key = m.group("key") or ""
        formal = m.group("lang").endswith(FORMAL_SUFFIX)
        if (
            (keys is not None and not keys.fullmatch(key))
            or (key.endswith(SEARCH) and m.group("lang") != "nl")
            or (formal and (m.group("lang") != FORMAL_NL or file != STEPS_FILE))
        ):
            raise OverviewParseError(f"'{key or m.group('lang')}' hoort niet in dit bestand", source, number)
        found[current].setdefault(key, {})[m.group("lang")] = m.group("text").strip()
    return found


def with_editors(overview: Overview, folder: Path) -> Overview:
    """The overview with the editors' plain words, situations and next steps from `folder` (each file optional)."""
    names = {a.name for a in overview.approaches}

    def read(file: str) -> dict[str, dict[str, dict[str, str]]]:
        path = folder / file
        return parse_keyed(read_text_file(path, "bestand van de redactie"), names, file) if path.exists() else {}

    plain, situations, steps = read(PLAIN_FILE), read(SITUATIONS_FILE), read(STEPS_FILE)
    approaches = []
    for a in overview.approaches:
        changes: dict[str, object] = {}
        if a.name in plain:
            changes["plain"] = _texts(plain[a.name].get("", {}))
            changes["plain_steps"] = _texts(plain[a.name].get("stappen", {}))
        if a.name in situations:  # in the file's order
            keyed = situations[a.name]
            shown = [key for key in keyed if key.isdigit()]
            changes["situations"] = tuple(_texts(keyed[key]) for key in shown)
            changes["situation_search"] = tuple(keyed.get(key + SEARCH, {}).get("nl", "") for key in shown)
        if a.name in steps:
            written = steps[a.name]
            changes["steps"] = tuple((role, _texts(written[role])) for role in STEP_KEYS if role in written)
        approaches.append(replace(a, **changes) if changes else a)  # type: ignore[arg-type]
    return replace(overview, approaches=tuple(approaches))


def _texts(by_language: dict[str, str]) -> Texts:
    return tuple(by_language.items())
