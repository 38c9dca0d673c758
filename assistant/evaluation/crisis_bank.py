"""The crisis bank in `eval/crisis/` (splits: see :mod:`assistant.evaluation.bank`).

A line: ``{"text", "label", "lang", "about", "crisis_sentence"?, "whole_only"?}``; `label` is one of
:data:`assistant.answer.crisis_model.LABELS`; `crisis_sentence` (crisis messages of several sentences) is the
exact sentence that carries the crisis, used to train on sentences as well as whole messages; `whole_only`: the
message is trained on whole, not on its sentences (see :func:`assistant.answer.crisis_train.samples`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answer.crisis_model import LABELS
from assistant.evaluation.bank import read_bank, text_key
from assistant.settings import PROJECT_ROOT

BANK_DIR = PROJECT_ROOT / "eval" / "crisis"


@dataclass(frozen=True)
class BankItem:
    text: str
    label: str
    lang: str
    about: str = ""
    crisis_sentence: str | None = None
    source: str = ""  # file name
    whole_only: bool = False

    @property
    def crisis(self) -> bool:
        return self.label != "none"


def _parse(raw: dict[str, Any], source: str) -> BankItem:
    item = BankItem(
        text=str(raw["text"]).strip(),
        label=str(raw["label"]),
        lang=str(raw.get("lang", "")).lower(),
        about=str(raw.get("about", "")),
        crisis_sentence=raw.get("crisis_sentence") or None,
        source=source,
        whole_only=bool(raw.get("whole_only", False)),
    )
    if item.label not in LABELS:
        raise ValueError(f"label {item.label!r} is niet een van {', '.join(LABELS)}")
    return item


def load_bank(split: str, directory: Path = BANK_DIR) -> list[BankItem]:
    """Every message of a split, in file order; duplicates (same words) are kept once."""
    return read_bank(split, directory, _parse, lambda i: text_key(i.text))
