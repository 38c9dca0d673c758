"""The editors' questions to the overview's general sections (`corpus/vragen.md`): for a sentence that answers
something, the ways readers ask it.

A general question used to be answered by the sentences of the best section that share the most rare words with it,
and the answer is often a sentence that shares none: "Wie kunnen de leefbaarheid beïnvloeden?" is answered by
"Zowel de gemeente, lokale organisaties, sociaal- en wijkprofessionals als bewoners zelf hebben een belangrijke rol",
after the lead-in that has the words. The editors (a helper that saw only the overview) wrote four to six questions
per answering sentence; a message near one of them (:mod:`assistant.retrieve.questions`) is answered with that
sentence first.

Format, one block per section (its title as in the overview), the sentence as it stands in the section after "> ",
its questions under it:

    ## Leefbaarheid volgens bewoners
    > Zowel de gemeente, lokale organisaties, sociaal- en wijkprofessionals als bewoners zelf hebben een …
    - Wie kan de leefbaarheid van een buurt beïnvloeden?

A title that is not a section, a sentence that is not in its section or a question without a sentence is an error
that names the line.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from assistant.corpus.overview import OverviewParseError
from assistant.corpus.terms import editor_blocks
from assistant.errors import read_text_file
from assistant.types import Overview

QUESTIONS_FILE = "vragen.md"


def _flat(text: str) -> str:
    return " ".join(text.split())


def parse_questions(
    text: str, sections: dict[str, str], source: str = QUESTIONS_FILE
) -> dict[str, tuple[tuple[str, str], ...]]:
    """Section title → its (sentence, question) pairs, in the file's order."""
    found: dict[str, list[tuple[str, str]]] = {}
    sentence: str | None = None
    for title, line, number in editor_blocks(text, set(sections), source):
        if line is None:
            sentence = None
            continue
        if title is None:
            raise OverviewParseError("een regel vóór de eerste '## Titel'", source, number)
        if line.startswith(">"):
            sentence = _flat(line[1:])
            if not sentence or sentence not in _flat(sections[title]):
                raise OverviewParseError(f"deze zin staat niet in '{title}'", source, number)
        elif line.startswith("- ") and line[2:].strip():
            if sentence is None:
                raise OverviewParseError("een vraag zonder zin ('> …') erboven", source, number)
            found.setdefault(title, []).append((sentence, line[2:].strip()))
        else:
            raise OverviewParseError("verwacht '> zin uit het overzicht' of '- vraag'", source, number)
    return {title: tuple(pairs) for title, pairs in found.items()}


def with_questions(overview: Overview, folder: Path) -> Overview:
    """The overview with the editors' questions from `folder` on its sections (the file is optional)."""
    path = folder / QUESTIONS_FILE
    if not path.exists():
        return overview
    sections = {s.title: s.quotable for s in overview.sections}  # a footnote answers too ("vijf jaar geldig")
    found = parse_questions(read_text_file(path, "bestand van de redactie"), sections)
    return replace(
        overview,
        sections=tuple(replace(s, questions=found[s.title]) if s.title in found else s for s in overview.sections),
    )
