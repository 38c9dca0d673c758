"""What an answer may draw on: the overview's texts per approach and section (plus the text of the approach's
linked page where the index holds it, `wijkwijzer corpus fetch`), and the fixed template texts.

Grounding and hallucination checks compare answers against this. Texts are compared *normalised*: Unicode
NFKC, case-folded, Markdown emphasis and link syntax removed, every run of non-alphanumerics one space — so a
quote survives other quote marks, dashes, line breaks and punctuation, but not a changed or added word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from assistant.answer.crisis import all_help_texts
from assistant.answer.draft import all_answer_texts
from assistant.answer.steps import asks_them, with_known_people
from assistant.text import LINK
from assistant.types import APPROACH_FIELDS, CATEGORIES, ELSEWHERE, Chunk, Overview, Source

_MD_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]*)\)")
_EMPHASIS = re.compile(r"\*\*|__|`")
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
_SENTENCE = re.compile(r"(?<=[.!?:])\s+|\n+")


def strip_markdown(text: str) -> str:
    """'**[113.nl](https://113.nl)**' → '113.nl': emphasis and link syntax go, the visible text stays."""
    return _EMPHASIS.sub("", _MD_LINK.sub(r"\1", text))


def norm(text: str) -> str:
    """Normalised form for substring comparison: lower-case words and numbers separated by single spaces."""
    text = unicodedata.normalize("NFKC", strip_markdown(text)).casefold()
    return " ".join(re.findall(r"\w+", text))


def safety_messages() -> tuple[str, ...]:
    """Every help text of the crisis check (messages and one-line pointers, every language)."""
    return all_help_texts()


def template_texts() -> tuple[str, ...]:
    """Every fixed text an answer may contain: `templates/answer.yaml` (every language and register) and the crisis
    messages."""
    return (*all_answer_texts(), *safety_messages())


def _fragments(text: str) -> list[str]:
    """The literal pieces of a template around its placeholders, per sentence and line, normalised."""
    out = []
    for piece in _PLACEHOLDER.split(text):
        for part in _SENTENCE.split(strip_markdown(piece)):
            n = norm(LINK.sub(" ", re.sub(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+", "", part)))
            if n:
                out.append(n)
    return out


@dataclass(frozen=True)
class Reference:
    """The overview as texts per approach / section, plus the template texts, for the grounding checks."""

    approaches: dict[str, str]  # approach name → name, aliases, every field, footnotes, link (+ indexed page text)
    sections: dict[str, str]  # section title → title, paragraphs and footnotes
    templates: tuple[str, ...]
    fragments: tuple[str, ...]  # normalised template pieces and labels, longest first
    names: tuple[str, ...]  # normalised approach names, aliases, link titles, section titles, categories; longest first

    @property
    def approach_names(self) -> tuple[str, ...]:
        return tuple(self.approaches)

    def full_text(self, source: Source) -> str:
        """The whole overview text of the approach or section a source belongs to ('' when unknown)."""
        return self.approaches.get(source.approach) or self.sections.get(source.approach, "")

    def template_blob(self) -> str:
        return "\n".join(self.templates)

    def removable(self) -> re.Pattern[str]:
        """Template pieces and names as one regex over `norm`-ed text (whole words, longest first)."""
        return _removable(self.fragments + self.names)


@cache
def _removable(pieces: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(set(pieces), key=len, reverse=True)
    return re.compile(r"(?<!\S)(?:" + "|".join(re.escape(p) for p in ordered) + r")(?!\S)")


def build_reference(overview: Overview, chunks: Iterable[Chunk] = ()) -> Reference:
    """`chunks`: the index's chunks; the text of linked-page chunks joins its approach's text."""
    approaches = {}
    for a in overview.approaches:
        parts = [a.name, *a.aliases, *(f"{label}: {a.field(key)}" for key, label in APPROACH_FIELDS)]
        approaches[a.name] = "\n".join([*parts, *a.footnotes, a.url or ""])
    for c in chunks:
        if c.kind == "page" and c.target in approaches:
            approaches[c.target] += f"\n{c.text}\n{c.url or ''}"
    sections = {s.title: "\n".join([s.title, *s.paragraphs, *s.footnotes]) for s in overview.sections}
    # the editors' texts (plain words, situations, next steps: corpus/plain.py) are fixed text like the templates, and
    # so is a step's start with the people one knows already (steps.with_known_people) in place of its recruiting
    editors = [text for a in overview.approaches for _, text in a.editors_texts()]
    known = (with_known_people(text, formal) for text in editors for formal in (False, True))
    # and who runs it, then "vraag zo'n organisatie …", to a professional who works elsewhere (steps.asks_them): a
    # library volunteer under Buurtreminiscentie read two sentences as unsupported until stop 64
    them = (
        asks_them(a.step_text("professional", "nl", formal), a.step_text(ELSEWHERE, "nl", formal))
        for a in overview.approaches
        for formal in (False, True)
    )
    texts = (*template_texts(), *editors, *known, *filter(None, them))
    labels = [label for _, label in APPROACH_FIELDS]
    fragments = {f for t in texts for f in _fragments(t)} | {norm(x) for x in labels}
    names = {norm(n) for a in overview.approaches for n in (a.name, *a.aliases, a.link_title)}
    names |= {norm(t) for t in sections} | {norm(c) for c in CATEGORIES}
    names |= {norm(a.vorm.strip().rstrip(".")) for a in overview.approaches}  # its kind: "methode, praktijkhandboek"
    return Reference(
        approaches=approaches,
        sections=sections,
        templates=texts,
        fragments=tuple(sorted(f for f in fragments if f)),
        names=tuple(sorted(n for n in names if n)),
    )
