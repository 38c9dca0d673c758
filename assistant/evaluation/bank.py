"""Labelled message banks (`eval/crisis/`, `eval/intent/`): JSON Lines written by helper sessions, in splits.

Splits, by file name:
- ``train_*.jsonl``: what a model learns from (several batches, each written from its own brief);
- ``dev*.jsonl``: where thresholds are chosen and design choices are measured;
- ``blind*.jsonl``: written by a helper that saw only a brief (not the code, not the other splits); scored once per
  change and never tuned on. A blind file that has been studied moves to ``dev`` and a fresh one is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from assistant.errors import WijkWijzerError

SPLITS = {"train": "train_*.jsonl", "dev": "dev*.jsonl", "blind": "blind*.jsonl"}
T = TypeVar("T")


class BankError(WijkWijzerError, ValueError):
    """A bank file that cannot be read; the message names the file and line."""


def bank_files(split: str, directory: Path) -> list[Path]:
    if split not in SPLITS:
        raise BankError(f"onbekende split {split!r}; kies uit {', '.join(SPLITS)}")
    return sorted(directory.glob(SPLITS[split]))


def text_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def read_bank(
    split: str,
    directory: Path,
    parse: Callable[[dict[str, Any], str], T],
    key: Callable[[T], str],
    held_out: Collection[str] | None = None,
) -> list[T]:
    """Every item of a split, in file order; `parse(line, file name)` makes an item (raising ValueError, KeyError
    or TypeError for a bad line). Duplicates (the same `key`) are kept once, and an item that is also in `blind`
    counts only there (two helpers may happen to write alike: 4 crisis messages when that split was written).
    `held_out`: the keys to leave out instead, for a bank whose splits are not parsed alike (the side bank's lone
    training sentences beside its stories)."""
    items: dict[str, T] = {}
    if held_out is None:
        held_out = set() if split == "blind" else {key(i) for i in read_bank("blind", directory, parse, key)}
    for path in bank_files(split, directory):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = parse(json.loads(line), path.name)
            except (ValueError, KeyError, TypeError) as exc:
                raise BankError(f"{path.name}:{n}: geen geldige regel ({exc})") from exc
            k = key(item)
            if k and k not in held_out:
                items.setdefault(k, item)
    return list(items.values())


def labelled(raw: dict[str, Any], source: str, field: str, labels: Sequence[str]) -> tuple[str, str, str, str, str]:
    """A line of a one-label bank (``{"text", field, "lang"?, "about"?}``, the role and tone banks) as (text, label,
    lang, about, source); ValueError for a label not in `labels`."""
    label = str(raw[field])
    if label not in labels:
        raise ValueError(f"{field} {label!r} is niet een van {', '.join(labels)}")
    return str(raw["text"]).strip(), label, str(raw.get("lang", "")).lower(), str(raw.get("about", "")), source


def share(flags: Sequence[bool]) -> float | None:
    """The share of true flags, rounded to 3 places; None for no items (a figure the split cannot give)."""
    return round(sum(flags) / len(flags), 3) if flags else None


def mean(values: Sequence[float]) -> float | None:
    """The mean, rounded to 3 places; None for no items."""
    return round(sum(values) / len(values), 3) if values else None


def batch_folds(sources: Sequence[str], folds: int) -> np.ndarray:
    """Each item's fold, by the batch (file) it came from: a batch's messages share a writer and a style, so
    cross-validation holds out whole batches (`wijkwijzer general cv`, `wijkwijzer approaches cv`)."""
    fold = {s: n % folds for n, s in enumerate(sorted(set(sources)))}
    return np.asarray([fold[s] for s in sources])


def add_model_commands(
    sub: Any,
    name: str,
    about: str,
    train: Callable[[Any], int],
    train_help: str,
    cv: Callable[[Any], int],
    cv_help: str,
) -> None:
    """`wijkwijzer NAME train [--out FILE]` and `wijkwijzer NAME cv` for a model trained on a bank."""
    inner = sub.add_parser(name, help=about).add_subparsers(dest=f"{name}_command", required=True)
    fit = inner.add_parser("train", help=train_help)
    fit.add_argument("--out", type=Path, default=None, help="waar het model heen gaat (standaard het pakket)")
    fit.set_defaults(func=train)
    inner.add_parser("cv", help=cv_help).set_defaults(func=cv)
