"""Whether a group of residents writes, on the group bank (`wijkwijzer group eval --split dev|blind`), and training
(`wijkwijzer group train`).

The bank (`eval/group/`, splits as in :mod:`assistant.evaluation.bank`): a line is ``{"text", "writer", "lang",
"about"?}``, `writer` one of :data:`assistant.answer.group_writer.LABELS`, written by helper sessions from
`eval/briefs/group.md`. The figures are those of what the answer reads (:meth:`GroupReader.is_group`: the patterns or
the model): of the groups, the share read as one; of the others, the share read as a group (a lone resident told
"jullie zijn al een groep" is worse than a group told one resident's step); per reader and per language; with
`--sweep` the same at other thresholds (dev only: the threshold is chosen there).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answer.group_writer import GROUP_AT, LABELS, reads_group
from assistant.answer.persona import resident_group
from assistant.evaluation.bank import labelled, read_bank, share, text_key
from assistant.evaluation.command import add_bank_commands, settings_embedder, threshold_eval, train_label_model
from assistant.settings import PROJECT_ROOT

BANK_DIR = PROJECT_ROOT / "eval" / "group"
SWEEP = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class GroupItem:
    text: str
    writer: str
    lang: str
    about: str = ""
    source: str = ""


def _parse(raw: dict[str, Any], source: str) -> GroupItem:
    return GroupItem(*labelled(raw, source, "writer", LABELS))


def load_group_bank(split: str, directory: Path = BANK_DIR) -> list[GroupItem]:
    return read_bank(split, directory, _parse, lambda i: text_key(i.text))


def _rates(
    items: Sequence[GroupItem], read: Sequence[bool], keep: Callable[[GroupItem], bool] = lambda _: True
) -> dict[str, float | None]:
    """Of the groups among the `items` that `keep` takes, the share `read` as one; of the others, likewise."""
    pairs = [(i, r) for i, r in zip(items, read, strict=True) if keep(i)]
    return {
        "groups_read": share([r for i, r in pairs if i.writer == "groep"]),
        "others_read_as_group": share([r for i, r in pairs if i.writer != "groep"]),
    }


def summarise(items: list[GroupItem], probs: list[float | None], at: float) -> dict[str, Any]:
    both = [reads_group(i.text, p, at) for i, p in zip(items, probs, strict=True)]
    return {
        "messages": len(items),
        "groups": sum(i.writer == "groep" for i in items),
        "at": at,
        "patterns": _rates(items, [resident_group(i.text) for i in items]),
        "model": _rates(items, [p is not None and p >= at for p in probs]),
        "shipped": _rates(items, both),
        "shipped_nl": _rates(items, both, lambda i: i.lang == "nl"),
        "shipped_other": _rates(items, both, lambda i: i.lang != "nl"),
    }


def _print(s: dict[str, Any]) -> None:
    def cell(r: dict[str, float | None]) -> str:
        return f"groep gelezen {r['groups_read'] or 0:.3f}, anderen als groep {r['others_read_as_group'] or 0:.3f}"

    print(f"  drempel {s['at']:.2f}: samen {cell(s['shipped'])}; model {cell(s['model'])}")
    print(f"    patronen {cell(s['patterns'])}; nl {cell(s['shipped_nl'])}; andere talen {cell(s['shipped_other'])}")


def cmd_group_eval(args: argparse.Namespace) -> int:
    from assistant.answer.group_writer import GroupReader

    items = load_group_bank(args.split, args.bank)
    embedder = settings_embedder()
    reader = GroupReader(embedder)
    texts = [i.text for i in items]
    vectors: Any = embedder.embed_queries(texts) if texts else []
    probs = [reader.probability(t, v) for t, v in zip(texts, vectors, strict=True)]

    def misses() -> list[str]:
        wrong = [(i, p) for i, p in zip(items, probs, strict=True) if reads_group(i.text, p) != (i.writer == "groep")]
        return [f"- [{i.writer}, p {p or 0:.2f}] ({i.lang}) {i.text[:160]}" for i, p in wrong]

    return threshold_eval(
        args,
        all(p is not None for p in probs),
        lambda at: summarise(items, probs, at),
        GROUP_AT,
        SWEEP,
        _print,
        lambda s: f"Schrijft een groep bewoners, split {args.split}: {s['messages']} berichten, {s['groups']} groepen",
        misses,
    )


def cmd_group_train(args: argparse.Namespace) -> int:
    from assistant.answer.group_writer import GroupModel

    train = load_group_bank("train", args.bank)
    train_label_model(GroupModel, [i.text for i in train], [i.writer for i in train], args)
    return 0


def add_group_command(sub: Any) -> None:
    add_bank_commands(
        sub,
        "group",
        "schrijft een groep bewoners (voor de volgende stap): trainen op de groepenbank en meten",
        eval_help="groepen als groep gelezen, anderen niet (dev of blind)",
        misses_help="toon wat misging (niet voor blind)",
        train_help="train het model op split train",
        bank=BANK_DIR,
        run=(cmd_group_eval, cmd_group_train),
        sweep=True,
    )
