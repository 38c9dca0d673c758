"""Split an overview document (plain text or Markdown) into typed blocks with line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELD_LABELS = {
    "doel": "doel",
    "doelgroep": "doelgroep",
    "omschrijving": "omschrijving",
    "uitvoerders": "uitvoerders",
    "vorm": "vorm",
    "lees meer op": "url",
    "categorie": "categorie",
    "voetnoot": "voetnoot",
}
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FIELD = re.compile(r"^\**\s*(?P<label>[A-Za-z][A-Za-z ]{1,20}?)\s*(?:\*\*)?\s*:\s*(?:\*\*)?\s*(?P<rest>.*)$")
_LIST_ITEM = re.compile(r"^(?:\d+[.)]|[-*•])\s+")
_FOOTNOTE = re.compile(rf"^(?:[{SUPERSCRIPTS}]+|\[\^\d+\]:)\s*")
_TOC_LINE = re.compile(r"(\t\s*\d+\s*$)|(\.{3,}\s*\d*\s*$)")


@dataclass(frozen=True)
class Block:
    kind: str  # "heading" | "field" | "footnote" | "toc" | "text"
    text: str
    line: int
    level: int = 0  # Markdown heading level; 0 where the heading was inferred from plain text
    label: str = ""  # field key for kind == "field"
    raw: tuple[str, ...] = ()  # the block's lines as written


def field_label(line: str) -> tuple[str, str] | None:
    """('doelgroep', rest) for 'Doelgroep: ...' (also '**Doelgroep:** ...'); None when no known label."""
    m = _FIELD.match(line)
    if not m:
        return None
    key = FIELD_LABELS.get(m.group("label").strip().lower())
    return (key, m.group("rest").strip()) if key else None


def looks_like_label(line: str) -> str | None:
    """A 'Word:' start that is not a known field label, e.g. a misspelled 'Doelgroepp:'."""
    m = _FIELD.match(line)
    if m and not field_label(line) and len(m.group("label").split()) <= 2 and m.group("label")[0].isupper():
        return m.group("label").strip()
    return None


def _is_plain_heading(line: str) -> bool:
    stripped = line.strip()
    return (
        0 < len(stripped) <= 80
        and len(stripped.split()) <= 12
        and stripped[-1] not in ".:;,!?"
        and not _LIST_ITEM.match(stripped)
        and not _FOOTNOTE.match(stripped)
        and field_label(stripped) is None
        and looks_like_label(stripped) is None
        and not stripped.startswith(("[", "<", "http"))
    )


def _join(lines: list[str]) -> str:
    """Join a block's lines: list items stay on their own line, wrapped prose is folded."""
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if out and not _LIST_ITEM.match(line) and not _LIST_ITEM.match(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        elif out and not _LIST_ITEM.match(line) and _LIST_ITEM.match(out[-1]) and not line[:1].isupper():
            out[-1] = f"{out[-1]} {line}"  # wrapped continuation of a list item
        else:
            out.append(line)
    return "\n".join(out)


def _superscript(match: re.Match[str]) -> str:
    return "".join(SUPERSCRIPTS[int(d)] for d in match.group(1))


def split_blocks(text: str) -> list[Block]:
    """Blank-line separated blocks; a Markdown heading is always a block of its own.

    Markdown footnote references (`[^3]`) become superscript markers (`³`), as in the published text.
    """
    text = re.sub(r"\[\^(\d+)\](?!:)", _superscript, text)
    blocks: list[Block] = []
    current: list[str] = []
    start = 0

    def flush() -> None:
        if current:
            blocks.append(_classify(current, start))
            current.clear()

    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\n")
        if not line.strip():
            flush()
            continue
        if _MD_HEADING.match(line.strip()):
            flush()
            current.append(line)
            start = no
            flush()
            continue
        if not current:
            start = no
        current.append(line)
    flush()
    return blocks


def _classify(lines: list[str], line_no: int) -> Block:
    block = _classify_kind(lines, line_no)
    return Block(block.kind, block.text, block.line, block.level, block.label, tuple(ln.strip() for ln in lines))


def _classify_kind(lines: list[str], line_no: int) -> Block:
    first = lines[0].strip()
    md = _MD_HEADING.match(first)
    if md:
        return Block("heading", md.group(2).strip(), line_no, level=len(md.group(1)))
    if all(_TOC_LINE.search(line) for line in lines):
        return Block("toc", "\n".join(line.strip() for line in lines), line_no)
    if _FOOTNOTE.match(first):
        return Block("footnote", _join(lines), line_no)
    label = field_label(first)
    if label:
        rest = [label[1], *lines[1:]] if label[1] else lines[1:]
        return Block("field", _join(rest) if rest else "", line_no, label=label[0])
    if len(lines) == 1 and _is_plain_heading(first):
        return Block("heading", first, line_no)
    return Block("text", _join(lines), line_no)
