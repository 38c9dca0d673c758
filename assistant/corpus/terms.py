"""Editors' extra names and search words per approach: `corpus/zoektermen.md`, beside the overview.

The overview is a published document and stays as published; what people call an approach ("moedercentrum" for
"Moeder- en vadercentra") and the everyday words for what it is about are the editors' own, kept apart so that an
answer never quotes them as the source. Format, one block per approach:

    ## Moeder- en vadercentra
    Ook genoemd: moedercentrum, vadercentrum
    Zoektermen: moeders die thuis zitten, ontmoeten, …

Names must be the overview's approach names; an unknown name or label is an error that names the line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.corpus.overview import OverviewParseError
from assistant.errors import read_text_file
from assistant.types import Overview

TERMS_FILE = "zoektermen.md"
_LABELS = {"ook genoemd": "aliases", "zoektermen": "terms"}
_HEADING = re.compile(r"^##\s+(?P<name>.+?)\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LINE = re.compile(r"^(?P<label>[A-Za-z ]+?)\s*:\s*(?P<rest>.*)$")


@dataclass(frozen=True)
class Terms:
    aliases: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()


def editor_blocks(text: str, names: set[str], source: str) -> Iterator[tuple[str | None, str | None, int]]:
    """The lines of an editors' file beside the overview, one `## Naam` block per approach (HTML comments and `# `
    titles skipped), as (approach, line, line number); a heading yields (approach, None, its number). A heading that
    is not one of `names` is an error that names the line; a line before any heading has approach None."""
    current: str | None = None
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)  # keeps the line numbers
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("# "):
            continue
        heading = _HEADING.match(line)
        if heading:
            current = heading.group("name")
            if current not in names:
                raise OverviewParseError(f"'{current}' is geen aanpak uit het overzicht", source, number)
            yield current, None, number
        else:
            yield current, line, number


def parse_terms(text: str, names: set[str], source: str = TERMS_FILE) -> dict[str, Terms]:
    """Approach name → its editors' names and search words."""
    found: dict[str, dict[str, list[str]]] = {}
    for current, line, number in editor_blocks(text, names, source):
        if line is None:  # a heading: its approach, even with no lines under it
            assert current is not None
            found.setdefault(current, {"aliases": [], "terms": []})
            continue
        m = _LINE.match(line)
        key = _LABELS.get(m.group("label").strip().lower()) if m else None
        if m is None or key is None:
            raise OverviewParseError("verwacht 'Ook genoemd:' of 'Zoektermen:'", source, number)
        if current is None:
            raise OverviewParseError(f"'{m.group('label')}' staat niet onder een aanpak (## naam)", source, number)
        found[current][key] += [w.strip() for w in m.group("rest").split(",") if w.strip()]
    return {name: Terms(tuple(v["aliases"]), tuple(v["terms"])) for name, v in found.items()}


def with_terms(overview: Overview, path: Path) -> Overview:
    """The overview with the editors' names and search words added (unchanged when the file is absent)."""
    if not path.exists():
        return overview
    terms = parse_terms(read_text_file(path, "zoektermenbestand"), {a.name for a in overview.approaches}, path.name)
    approaches = tuple(
        replace(
            a,
            aliases=tuple(dict.fromkeys([*a.aliases, *terms[a.name].aliases])),
            terms=terms[a.name].terms,
        )
        if a.name in terms
        else a
        for a in overview.approaches
    )
    return replace(overview, approaches=approaches)
