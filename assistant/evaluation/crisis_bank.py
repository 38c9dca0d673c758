"""The crisis bank in `eval/crisis/`: labelled chat messages, JSON Lines, written by helper sessions.

Splits, by file name:
- ``train_*.jsonl``: what the model learns from (several batches, each written from its own brief);
- ``dev*.jsonl``: where the thresholds are chosen and design choices are measured;
- ``blind*.jsonl``: written by a helper that saw only a brief (not the code, not the other splits); scored once per
  change and never tuned on. A blind file that has been studied moves to ``dev`` and a fresh one is written.

A line: ``{"text", "label", "lang", "about", "crisis_sentence"?}``; `label` is one of
:data:`assistant.answer.crisis_model.LABELS`; `crisis_sentence` (crisis messages of several sentences) is the
exact sentence that carries the crisis, used to train on sentences as well as whole messages.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.answer.crisis_model import LABELS
from assistant.errors import WijkWijzerError
from assistant.settings import PROJECT_ROOT

BANK_DIR = PROJECT_ROOT / "eval" / "crisis"
SPLITS = {"train": "train_*.jsonl", "dev": "dev*.jsonl", "blind": "blind*.jsonl"}


class BankError(WijkWijzerError, ValueError):
    """A bank file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class BankItem:
    text: str
    label: str
    lang: str
    about: str = ""
    crisis_sentence: str | None = None
    source: str = ""  # file name

    @property
    def crisis(self) -> bool:
        return self.label != "none"


def bank_files(split: str, directory: Path = BANK_DIR) -> list[Path]:
    if split not in SPLITS:
        raise BankError(f"onbekende split {split!r}; kies uit {', '.join(SPLITS)}")
    return sorted(directory.glob(SPLITS[split]))


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def load_bank(split: str, directory: Path = BANK_DIR) -> list[BankItem]:
    """Every message of a split, in file order; duplicates (same words) are kept once. A message that two helpers
    happened to write alike counts only in `blind` (4 of them when the blind split was written)."""
    items: dict[str, BankItem] = {}
    held_out = set() if split == "blind" else {_key(i.text) for i in load_bank("blind", directory)}
    for path in bank_files(split, directory):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                item = BankItem(
                    text=str(raw["text"]).strip(),
                    label=str(raw["label"]),
                    lang=str(raw.get("lang", "")).lower(),
                    about=str(raw.get("about", "")),
                    crisis_sentence=raw.get("crisis_sentence") or None,
                    source=path.name,
                )
            except (ValueError, KeyError, TypeError) as exc:
                raise BankError(f"{path.name}:{n}: geen geldige regel ({exc})") from exc
            if item.label not in LABELS:
                raise BankError(f"{path.name}:{n}: label {item.label!r} is niet een van {', '.join(LABELS)}")
            if item.text and _key(item.text) not in held_out:
                items.setdefault(_key(item.text), item)
    return list(items.values())
