"""Structure-aware chunking: the overview's approaches and sections, and (longer) linked pages.

- An approach is embedded whole (one 'approach' chunk) and per field ('field' chunks: doel, doelgroep,
  omschrijving, uitvoerders), so a question about the target group can match the Doelgroep text alone.
- A general section is split by paragraph under a size limit; a lead-in ending in ':' stays with its list.
- A linked page (Markdown) is split by heading, then by paragraph under the same size limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from assistant.errors import ConfigError
from assistant.types import APPROACH_FIELDS, Approach, Chunk, Overview, Section

MAX_CHARS = 1200
FIELD_CHUNKS = ("doel", "doelgroep", "omschrijving", "uitvoerders")
TERMS_SECTION = "zoektermen"
TERMS_SEPARATOR = ", "
_LABEL = dict(APPROACH_FIELDS)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^([-*+]\s|\d+[.)]\s|\|)")  # a list item or table row starts its own line


def group_paragraphs(paragraphs: Sequence[str], max_chars: int = MAX_CHARS) -> list[str]:
    """Pack paragraphs into pieces of at most ``max_chars`` (a single longer paragraph is split by sentence)."""
    units: list[str] = []
    for p in paragraphs:
        p = p.strip()
        if not p:
            continue
        if units and units[-1].endswith(":"):
            units[-1] = f"{units[-1]}\n{p}"
        else:
            units.append(p)
    pieces: list[str] = []
    for unit in units:
        for part in _split_long(unit, max_chars):
            if pieces and len(pieces[-1]) + 2 + len(part) <= max_chars:
                pieces[-1] = f"{pieces[-1]}\n\n{part}"
            else:
                pieces.append(part)
    return pieces


def _split_long(text: str, max_chars: int) -> list[str]:
    if len(text) <= max_chars:
        return [text]
    out: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        while len(sentence) > max_chars:  # no sentence boundary at all: hard split on a space
            cut = sentence.rfind(" ", 0, max_chars)
            cut = cut if cut > 0 else max_chars
            out.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if out and len(out[-1]) + 1 + len(sentence) <= max_chars:
            out[-1] = f"{out[-1]} {sentence}"
        elif sentence:
            out.append(sentence)
    return out


def approach_text(a: Approach) -> str:
    lines = [f"{a.name} ({a.category})"]
    lines += [f"{label}: {a.field(key)}" for key, label in APPROACH_FIELDS]
    lines += [f"Voetnoot: {note}" for note in a.footnotes]
    return "\n".join(lines)


def approach_chunks(a: Approach, source: str) -> list[Chunk]:
    whole = Chunk(
        id=f"overview:{a.slug}",
        text=approach_text(a),
        kind="approach",
        target=a.name,
        section="overzicht",
        source=source,
        url=a.url,
        category=a.category,
        extra={"aliases": "|".join(a.aliases)},
    )
    fields = [_part(whole, key, f"{_LABEL[key]}: {a.field(key)}") for key in FIELD_CHUNKS]
    if a.terms:  # the editors' everyday words (corpus/zoektermen.md): found by, never quoted
        fields.append(_part(whole, TERMS_SECTION, TERMS_SEPARATOR.join(a.terms)))
    return [whole, *fields]


def chunk_terms(chunk: Chunk) -> list[str]:
    """The editors' search words of an approach's terms chunk (the inverse of :func:`approach_chunks`); [] for
    any other chunk."""
    if chunk.kind != "field" or chunk.section != TERMS_SECTION:
        return []
    text = chunk.text.removeprefix(f"{chunk.target} — ")
    return [t.strip() for t in text.split(TERMS_SEPARATOR) if t.strip()]


def _part(whole: Chunk, section: str, text: str) -> Chunk:
    """A 'field' chunk of an approach: one part of it, embedded on its own, under the approach's name."""
    return replace(
        whole, id=f"{whole.id}:{section}", text=f"{whole.target} — {text}", kind="field", section=section, extra={}
    )


def section_chunks(s: Section, source: str, max_chars: int = MAX_CHARS) -> list[Chunk]:
    paragraphs = [*s.paragraphs, *(f"Voetnoot: {n}" for n in s.footnotes)]
    pieces = group_paragraphs(paragraphs, max_chars)
    return [
        Chunk(
            id=f"overview:section:{s.slug}:{i}",
            text=f"{s.title}\n{piece}",
            kind="general",
            target=s.title,
            section=s.parent or s.title,
            source=source,
        )
        for i, piece in enumerate(pieces)
    ]


def overview_chunks(overview: Overview, source: str | None = None) -> list[Chunk]:
    src = source if source is not None else overview.source
    chunks: list[Chunk] = []
    for a in overview.approaches:
        chunks += approach_chunks(a, src)
    for s in overview.sections:
        chunks += section_chunks(s, src)
    return chunks


def page_sections(markdown: str) -> list[tuple[str, list[str]]]:
    """Split Markdown into (heading, paragraphs); text before the first heading gets heading ''.

    Wrapped lines of a paragraph are joined with spaces; list items and table rows keep their own line."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    para: list[str] = []

    def flush() -> None:
        if para:
            sections[-1][1].append("".join(para).strip())
            para.clear()

    for line in markdown.splitlines():
        m = _MD_HEADING.match(line.strip())
        if m:
            flush()
            sections.append((m.group(2), []))
        elif not line.strip():
            flush()
        else:
            para.append(("\n" if _MD_ITEM.match(line.strip()) else " ") + line.strip())
    flush()
    return [(h, ps) for h, ps in sections if ps]


def page_chunks(
    markdown: str,
    approach: Approach,
    source: str,
    url: str | None,
    max_chars: int = MAX_CHARS,
    id_prefix: str | None = None,
    page_format: str = "html",
) -> list[Chunk]:
    """Chunks of a linked approach page, each tied to its approach, heading and URL.

    Ids are ``page:<slug>:<n>`` (``id_prefix`` replaces ``page:<slug>``, e.g. for a PDF the page links to);
    ``extra`` says where the text comes from (``format``: html or pdf) and its place in it (``position``)."""
    prefix = id_prefix or f"page:{approach.slug}"
    chunks: list[Chunk] = []
    for heading, paragraphs in page_sections(markdown):
        for piece in group_paragraphs(paragraphs, max_chars):
            title = f"{approach.name} — {heading}" if heading else approach.name
            chunks.append(
                Chunk(
                    id=f"{prefix}:{len(chunks)}",
                    text=f"{title}\n{piece}",
                    kind="page",
                    target=approach.name,
                    section=heading or "pagina",
                    source=source,
                    url=url,
                    category=approach.category,
                    extra={"format": page_format, "position": str(len(chunks))},
                )
            )
    return chunks


def unique_ids(chunks: Iterable[Chunk]) -> list[Chunk]:
    """Raise on duplicate ids (two approaches with the same slug would otherwise overwrite each other)."""
    seen: dict[str, Chunk] = {}
    for c in chunks:
        if c.id in seen:
            raise ConfigError(f"dubbele chunk-id {c.id!r} ({seen[c.id].target!r} en {c.target!r})")
        seen[c.id] = c
    return list(seen.values())
