"""The intent bank in `eval/intent/` (splits: see :mod:`assistant.evaluation.bank`).

A line: ``{"text", "label", "lang", "expected"?, "field"?, "history"?, "about"?}``; `label` is one of
:data:`assistant.answer.intent_model.LABELS`; `expected` names the approaches a right answer names (the one asked
about, both compared, every one a list question covers, those a follow-up is about); `history` is the
conversation before the message as ``{"role", "content"}`` turns, the assistant's in its own prose.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answer.intent_model import LABELS
from assistant.evaluation.bank import read_bank, text_key
from assistant.settings import PROJECT_ROOT

BANK_DIR = PROJECT_ROOT / "eval" / "intent"


@dataclass(frozen=True)
class IntentItem:
    text: str
    label: str
    lang: str
    expected: tuple[str, ...] = ()
    field: str | None = None
    history: tuple[dict[str, str], ...] = ()
    about: str = ""
    source: str = ""  # file name


def _parse(raw: dict[str, Any], source: str) -> IntentItem:
    history = tuple({"role": str(t["role"]), "content": str(t["content"])} for t in raw.get("history") or ())
    item = IntentItem(
        text=str(raw["text"]).strip(),
        label=str(raw["label"]),
        lang=str(raw.get("lang", "")).lower(),
        expected=tuple(str(n) for n in raw.get("expected") or ()),
        field=raw.get("field") or None,
        history=history,
        about=str(raw.get("about", "")),
        source=source,
    )
    if item.label not in LABELS:
        raise ValueError(f"label {item.label!r} is niet een van {', '.join(LABELS)}")
    return item


def _key(item: IntentItem) -> str:
    return text_key(item.text + " ".join(t["content"] for t in item.history[-1:]))


def load_intent_bank(split: str, directory: Path = BANK_DIR) -> list[IntentItem]:
    """Every message of a split, in file order; the same words after the same last turn are kept once."""
    return read_bank(split, directory, _parse, _key)
