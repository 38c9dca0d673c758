"""The team's evaluation questions (`eval/questions.yaml`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

KINDS = ("approach", "factual", "general", "out_of_scope", "crisis", "injection", "followup")


@dataclass(frozen=True)
class EvalItem:
    id: str
    kind: str
    style: str
    question: str
    expected: tuple[str, ...] = ()
    fact: str | None = None
    section: str | None = None
    must_contain: tuple[str, ...] = ()
    must_not_contain: tuple[str, ...] = ()
    history: tuple[dict[str, str], ...] = ()
    crisis: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


def load_items(path: Path) -> list[EvalItem]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    items: list[EvalItem] = []
    for raw in data["items"]:
        if raw["kind"] not in KINDS:
            raise ValueError(f"{raw.get('id')}: unknown kind {raw['kind']!r}")
        items.append(
            EvalItem(
                id=raw["id"],
                kind=raw["kind"],
                style=raw.get("style", ""),
                question=raw["question"],
                expected=tuple(raw.get("expected") or ()),
                fact=raw.get("fact"),
                section=raw.get("section"),
                must_contain=tuple(raw.get("must_contain") or ()),
                must_not_contain=tuple(raw.get("must_not_contain") or ()),
                history=tuple(raw.get("history") or ()),
                crisis=raw.get("crisis"),
            )
        )
    return items
