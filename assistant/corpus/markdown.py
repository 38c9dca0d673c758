"""Render a parsed overview as Markdown with the structure the parser reads back.

Editors can convert the published text once (`wijkwijzer corpus markdown`) and then add or change an
approach by editing the Markdown file.
"""

from __future__ import annotations

from assistant.corpus.overview import COLOPHON_TITLE, INTRO_TITLE, LABELS
from assistant.types import APPROACH_FIELDS, Approach, Overview

_GROUPS = (("interventie", "Interventies"), ("methode", "Andere methodische aanpakken"))


def _approach_md(a: Approach) -> list[str]:
    out = [f"### {a.name}", ""]
    if a.category == "handreiking":
        out += ["**Categorie:** handreiking", ""]
    for key, label in APPROACH_FIELDS:
        out += [f"**{label}:** {a.field(key)}", ""]
    link = f"<{a.url}>" if a.url else f"[{a.link_title}](#)" if a.link_title else "(geen link)"
    out += [f"**{LABELS['url']}:** {link}", ""]
    for note in a.footnotes:
        out += [f"**Voetnoot:** {note}", ""]
    return out


def to_markdown(overview: Overview) -> str:
    lines = [f"# {overview.title}", ""]
    if overview.subtitle:
        lines += [part + "  " for part in overview.subtitle.split(" — ")] + [""]
    lines += list(overview.authors) + [""]
    lines += [f"Met medewerking van {c}" for c in overview.contributors] + [""]
    if overview.date:
        lines += [overview.date, ""]
    general = [s for s in overview.sections if s.title != COLOPHON_TITLE]
    before = [s for s in general if s.title in (INTRO_TITLE,) or s.line < min(a.line for a in overview.approaches)]
    after = [s for s in general if s not in before]

    def section_md(s_list: list) -> None:
        for s in s_list:
            lines.extend([f"{'###' if s.parent else '##'} {s.title}", ""])
            for p in s.paragraphs:
                lines.extend([p, ""])
            for note in s.footnotes:
                lines.extend([f"**Voetnoot:** {note}", ""])

    section_md(before)
    lines += ["## Overzicht van de aanpakken", ""]
    for category, heading in _GROUPS:
        lines += [f"## {heading}", ""]
        for a in overview.approaches:
            if a.category == category:
                lines += _approach_md(a)
    for a in overview.approaches:
        if a.category not in dict(_GROUPS):
            lines += _approach_md(a)
    section_md(after)
    return "\n".join(lines).rstrip() + "\n"
