"""The team's evaluation questions (`eval/questions.yaml`)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.answer.crisis_model import CRISIS_LABELS
from assistant.errors import ConfigError, read_text_file

KINDS = ("approach", "factual", "general", "out_of_scope", "crisis", "injection", "followup")
STYLES = ("resident", "professional", "typo", "informal", "english")
#: `dev`: the items the design choices were made on; `holdout`: written after them, reported apart.
SPLITS = ("dev", "holdout")


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
    split: str = "dev"
    extra: dict[str, object] = field(default_factory=dict)


def load_items(path: Path, splits: Collection[str] | None = None) -> list[EvalItem]:
    """All items of the file (or only those of the given splits), in file order."""
    data = yaml.safe_load(read_text_file(path, "vragenbestand"))
    items: list[EvalItem] = []
    for raw in data["items"]:
        where = raw.get("id", "?")
        if raw["kind"] not in KINDS:
            raise ConfigError(f"{where}: unknown kind {raw['kind']!r}")
        split = raw.get("split", "dev")
        if split not in SPLITS:
            raise ConfigError(f"{where}: unknown split {split!r}; choose from {SPLITS}")
        if splits is not None and split not in splits:
            continue
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
                split=split,
            )
        )
    return items


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).casefold()


def validate_items(items: Iterable[EvalItem], approach_names: Collection[str], document: str) -> list[str]:
    """Problems in the question set: duplicate ids, unknown styles or approach names, missing fields per kind,
    and `fact` / `must_contain` strings that are not literally (case-insensitively) in the document."""
    problems: list[str] = []
    seen: set[str] = set()
    doc = _plain(document)
    for item in items:
        where = item.id
        if item.id in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(item.id)
        if item.style not in STYLES:
            problems.append(f"{where}: unknown style {item.style!r}")
        problems += [f"{where}: unknown approach {name!r}" for name in item.expected if name not in approach_names]
        if item.kind in ("approach", "factual", "followup") and not item.expected:
            problems.append(f"{where}: {item.kind} needs `expected`")
        if item.kind == "followup" and not item.history:
            problems.append(f"{where}: followup needs `history`")
        if item.kind == "crisis" and item.crisis not in CRISIS_LABELS:  # the crisis check's own kinds
            problems.append(f"{where}: crisis needs `crisis` in {CRISIS_LABELS}")
        for text in ([item.fact] if item.fact else []) + list(item.must_contain):
            if _plain(text) not in doc:
                problems.append(f"{where}: {text!r} is not in the document")
    return problems
