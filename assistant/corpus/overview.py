"""Parse the WijkWijzer overview (plain text as published, or the same structure as Markdown).

Structure recognised:
- front matter (title, subtitle, authors, date) before the table of contents ('Inhoudsopgave') or,
  in Markdown, between the `#` title and the first `##` heading;
- the table of contents, which is skipped;
- approaches: a heading directly followed by a 'Doel:' field, then Doelgroep, Omschrijving,
  Uitvoerders, Vorm and 'Lees meer op' (an optional 'Categorie:' overrides the category);
- category headings ('Interventies', 'Andere methodische aanpakken') that set the category;
- every other heading starts a general section; footnotes (¹ …) attach to the text carrying the marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.corpus.blocks import SUPERSCRIPTS, Block, looks_like_label, split_blocks
from assistant.errors import WijkWijzerError, read_text_file
from assistant.types import APPROACH_FIELDS, CATEGORIES, Approach, Overview, Section

REQUIRED = tuple(key for key, _ in APPROACH_FIELDS) + ("url",)
LABELS = dict(APPROACH_FIELDS) | {"url": "Lees meer op", "categorie": "Categorie", "voetnoot": "Voetnoot"}
INTRO_TITLE = "Inleiding"
COLOPHON_TITLE = "Over dit overzicht"

_MARKER = re.compile(rf"[{SUPERSCRIPTS}]+")
_STRAY_REF = re.compile(r"\[\d+\]")
_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)]*)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_AUTHOR = re.compile(r"^(?:Met medewerking van\s+)?(?P<name>[^()]+?)\s*\((?P<org>[^)]+)\)$")
_DATE = re.compile(
    r"^(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+\d{4}$", re.I
)


class OverviewParseError(WijkWijzerError, ValueError):
    """The overview file does not have the expected structure; the message names the entry and line."""

    def __init__(self, message: str, source: str = "", line: int = 0) -> None:
        where = f"{source}:{line}: " if source else (f"regel {line}: " if line else "")
        super().__init__(f"{where}{message}")
        self.line = line


def clean(text: str) -> str:
    """Plain text: no footnote markers, stray '[3]' references, bold markers or link syntax; a doubled full stop
    after a word is one (PBS in de wijk's "wijkcultuur..": advisors 89 a/b, "the source's '..' typo", 2 of 50)."""
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _BOLD.sub(lambda m: m.group(1), text)
    text = _ITALIC.sub(lambda m: m.group(1), text)
    text = _STRAY_REF.sub("", _MARKER.sub("", text))
    text = re.sub(r"(?<=\w)\.\.(?!\.)", ".", text)  # (an ellipsis keeps its three)
    return re.sub(r"[ \t]+", " ", text).replace(" .", ".").strip()


def parse_url(value: str) -> str | None:
    """'<https://…>', '[t](https://…)' or a bare URL → the URL; '[t](#)' or no link → None."""
    for candidate in re.findall(r"<(https?://[^>\s]+)>|\((https?://[^)\s]+)\)|(https?://\S+)", value):
        url = next(c for c in candidate if c)
        return url.rstrip(".,;")
    return None


def parse_link_title(value: str) -> str:
    """'[t](#)' → 't': the title of a link without an address; '' for a real link or none."""
    if parse_url(value):
        return ""
    found = _MD_LINK.search(value)
    return clean(found.group(1)) if found else ""


def _category_of(heading: str) -> str | None:
    low = heading.lower()
    if low == "interventies":
        return "interventie"
    if "methodische aanpakken" in low or low in ("methoden", "methodes"):
        return "methode"
    if low in ("handreikingen",):
        return "handreiking"
    return None


def _aliases(name: str, footnotes: tuple[str, ...]) -> tuple[str, ...]:
    found: list[str] = []
    paren = re.search(r"\(([^)]+)\)", name)
    if paren:
        found += [paren.group(1), re.sub(r"\s*\([^)]*\)", "", name)]
    found += [tok for tok in re.findall(r"\b[A-Z]{2,}\b", name)]
    if name.lower().startswith("het "):
        found.append(name[4:])
    if name.endswith("-methode"):
        found.append(name[: -len("-methode")])
    found += [f for f in footnotes if len(f.split()) <= 5]
    return tuple(dict.fromkeys(a.strip() for a in found if a.strip() and a.strip() != name))


@dataclass
class _Draft:
    name: str
    category: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    last: str = ""


@dataclass
class _SectionDraft:
    title: str
    parent: str | None
    line: int
    paragraphs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Parser:
    source: str
    blocks: list[Block]
    pos: int = 0
    approaches: list[_Draft] = field(default_factory=list)
    sections: list[_SectionDraft] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    toc: set[str] = field(default_factory=set)

    def fail(self, message: str, line: int) -> OverviewParseError:
        return OverviewParseError(message, self.source, line)

    def front_matter(self) -> tuple[str, str, tuple[str, ...], tuple[str, ...], str]:
        """Consume the front matter and table of contents: title, subtitle, authors, contributors, date."""
        lines: list[str] = []
        markdown = bool(self.blocks) and self.blocks[0].level == 1
        while self.pos < len(self.blocks):
            b = self.blocks[self.pos]
            if b.kind == "heading" and b.text.lower() == "inhoudsopgave":
                self.pos += 1
                while self.pos < len(self.blocks) and self.blocks[self.pos].kind == "toc":
                    for entry in self.blocks[self.pos].text.splitlines():
                        self.toc.add(clean(re.sub(r"[.\s]*\d*$", "", entry)))
                    self.pos += 1
                break
            if markdown and b.kind == "heading" and b.level >= 2:
                break
            if b.kind in ("field", "footnote"):
                raise self.fail("onverwacht veld of voetnoot vóór de inhoud", b.line)
            lines += [b.text] if b.kind == "heading" else list(b.raw)
            self.pos += 1
        if not lines:
            raise self.fail("geen titel gevonden", 1)
        people = [(ln.startswith("Met medewerking"), m) for ln in lines if (m := _AUTHOR.match(ln))]
        authors = tuple(f"{m.group('name')} ({m.group('org')})" for helper, m in people if not helper)
        helpers = tuple(f"{m.group('name')} ({m.group('org')})" for helper, m in people if helper)
        date = next((ln for ln in lines if _DATE.match(ln)), "")
        rest = [ln for ln in lines[1:] if not _AUTHOR.match(ln) and ln != date]
        return clean(lines[0]), " — ".join(clean(r) for r in rest), authors, helpers, date

    def body(self) -> None:
        category = ""
        top: str | None = None
        current: _SectionDraft | None = None
        intro = _SectionDraft(INTRO_TITLE, None, 0)
        while self.pos < len(self.blocks):
            b = self.blocks[self.pos]
            nxt = self.blocks[self.pos + 1] if self.pos + 1 < len(self.blocks) else None
            self.pos += 1
            if b.kind == "footnote":
                self._footnote(b)
            elif b.kind == "heading" and nxt is not None and nxt.kind == "field" and nxt.label != "voetnoot":
                self._approach(b, category)
                current = None
            elif b.kind == "heading" and _category_of(clean(b.text)):
                category = _category_of(clean(b.text)) or ""
                current = _SectionDraft(clean(b.text), top, b.line)  # text under it (rare) is a section
                self.sections.append(current)
            elif b.kind == "heading":
                title = clean(b.text)
                is_top = b.level == 2 if b.level else (title in self.toc or not self.toc)
                parent = None if is_top else top
                if is_top:
                    top = title
                current = _SectionDraft(title, parent, b.line)
                self.sections.append(current)
            elif b.kind == "field" and b.label == "voetnoot":
                (current or intro).notes.append(clean(b.text))
            elif b.kind == "field":
                raise self.fail(f"veld '{LABELS.get(b.label, b.label)}' staat niet onder een aanpak", b.line)
            elif b.kind == "toc":
                continue
            elif current is None and not self.sections and not self.approaches:
                intro.paragraphs.append(b.text)
            elif current is None:
                raise self.fail("tekst na een aanpak hoort bij geen veld of kop", b.line)
            else:
                current.paragraphs.append(b.text)
        if intro.paragraphs:
            self.sections.insert(0, intro)

    def _footnote(self, b: Block) -> None:
        m = re.match(rf"^([{SUPERSCRIPTS}]+)|^\[\^(\d+)\]:", b.text)
        if not m:
            return
        marker = m.group(1) or "".join(SUPERSCRIPTS[int(d)] for d in m.group(2))
        self.footnotes[marker] = clean(b.text[m.end() :])

    def _approach(self, heading: Block, category: str) -> None:
        draft = _Draft(name=heading.text.strip(), category=category, line=heading.line)
        name = clean(draft.name)
        while self.pos < len(self.blocks):
            b = self.blocks[self.pos]
            if b.kind in ("heading", "footnote", "toc"):
                break
            self.pos += 1
            if b.kind == "field" and b.label == "voetnoot":
                draft.notes.append(clean(b.text))
                continue
            if b.kind == "field":
                if b.label in draft.fields:
                    raise self.fail(f"aanpak '{name}': veld '{LABELS[b.label]}' staat er twee keer", b.line)
                draft.fields[b.label] = b.text
                draft.last = b.label
                continue
            unknown = looks_like_label(b.text)
            if unknown:
                raise self.fail(f"aanpak '{name}': onbekend veld '{unknown}'", b.line)
            if draft.last == "url":
                raise self.fail(f"aanpak '{name}': tekst na 'Lees meer op' hoort bij geen veld", b.line)
            draft.fields[draft.last] += "\n" + b.text
        for key in REQUIRED:
            if not clean(draft.fields.get(key, "")):
                raise self.fail(f"aanpak '{name}': veld '{LABELS[key]}' ontbreekt of is leeg", draft.line)
        if not draft.category and "categorie" not in draft.fields:
            raise self.fail(f"aanpak '{name}': geen categorie (kop 'Interventies' of veld 'Categorie')", draft.line)
        self.approaches.append(draft)

    def finish_approach(self, d: _Draft) -> Approach:
        raw = " ".join([d.name, *d.fields.values()])
        notes = self._notes(raw, d.notes)
        values = {key: clean(d.fields[key]) for key in REQUIRED if key != "url"}
        category = clean(d.fields.get("categorie", "")).lower() or (
            "handreiking" if values["vorm"].lower().startswith("handreiking") else d.category
        )
        name = clean(d.name)
        if category not in CATEGORIES:
            raise self.fail(f"aanpak '{name}': categorie {category!r} is geen van {', '.join(CATEGORIES)}", d.line)
        return Approach(
            name=name,
            category=category,
            url=parse_url(d.fields["url"]),
            link_title=parse_link_title(d.fields["url"]),
            footnotes=notes,
            aliases=_aliases(name, notes),
            line=d.line,
            doel=values["doel"],
            doelgroep=values["doelgroep"],
            omschrijving=values["omschrijving"],
            uitvoerders=values["uitvoerders"],
            vorm=values["vorm"],
        )

    def _notes(self, raw: str, explicit: list[str]) -> tuple[str, ...]:
        marked = [self.footnotes[m] for m in dict.fromkeys(_MARKER.findall(raw)) if m in self.footnotes]
        return tuple(dict.fromkeys(marked + explicit))

    def finish_section(self, d: _SectionDraft) -> Section:
        notes = self._notes(" ".join(d.paragraphs), d.notes)
        return Section(d.title, tuple(clean(p) for p in d.paragraphs), d.parent, notes, d.line)


def parse_overview(text: str, source: str = "") -> Overview:
    """Parse the overview text (plain text or Markdown) into an :class:`Overview`."""
    p = _Parser(source=source, blocks=split_blocks(text))
    title, subtitle, authors, contributors, date = p.front_matter()
    p.body()
    approaches = tuple(p.finish_approach(d) for d in p.approaches)
    if not approaches:
        raise OverviewParseError("geen enkele aanpak gevonden (een kop gevolgd door 'Doel:')", source, 1)
    seen: set[str] = set()
    for a in approaches:
        if a.name in seen:
            raise OverviewParseError(f"aanpak '{a.name}' staat er twee keer", source, a.line)
        seen.add(a.name)
    sections = [p.finish_section(s) for s in p.sections if any(x.strip() for x in s.paragraphs)]
    colophon = [
        f"{title}: {subtitle}" if subtitle else title,
        f"Auteurs: {', '.join(authors)}." if authors else "",
        f"Met medewerking van {', '.join(contributors)}." if contributors else "",
        f"Verschenen: {date}." if date else "",
    ]
    sections.append(Section(COLOPHON_TITLE, tuple(x for x in colophon if x)))
    return Overview(title, subtitle, approaches, tuple(sections), authors, contributors, date, source)


def load_overview(path: str | Path, source: str | None = None) -> Overview:
    """Read and parse an overview file (.txt or .md)."""
    path = Path(path)
    text = read_text_file(path, "bronbestand", OverviewParseError)
    return parse_overview(text, source if source is not None else path.name)
