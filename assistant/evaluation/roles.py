"""The writer's role on the role bank (`wijkwijzer roles eval --split dev|blind`), and training (`wijkwijzer roles
train`).

The bank (`eval/roles/`, splits as in :mod:`assistant.evaluation.bank`): a line is ``{"text", "role", "lang",
"about"?}``, `role` one of :data:`assistant.answer.role_model.LABELS`, written by helper sessions from
`eval/briefs/roles.md` with look-alikes on purpose (a resident who mentions the wijkagent, a teacher about one pupil
or about her school). The figures: the share of messages whose role is read right, overall, per role and per
language, for the patterns alone (`rules`), the model alone (`model`) and the two as shipped (`shipped`, see
:func:`assistant.answer.roles.writer_role`). The blind split prints figures only.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answer.role_model import LABELS
from assistant.evaluation.bank import labelled, mean, read_bank, text_key
from assistant.evaluation.command import add_bank_commands, settings_embedder, train_label_model
from assistant.settings import PROJECT_ROOT

BANK_DIR = PROJECT_ROOT / "eval" / "roles"
READERS = ("rules", "model", "shipped")


@dataclass(frozen=True)
class RoleItem:
    text: str
    role: str
    lang: str
    about: str = ""
    source: str = ""


def _parse(raw: dict[str, Any], source: str) -> RoleItem:
    return RoleItem(*labelled(raw, source, "role", LABELS))


def load_role_bank(split: str, directory: Path = BANK_DIR) -> list[RoleItem]:
    return read_bank(split, directory, _parse, lambda i: text_key(i.text))


def readings(items: list[RoleItem], embedder: Any) -> dict[str, list[str]]:
    """The role each reader gives every item: the patterns, the model alone (the patterns without its weights) and
    :class:`~assistant.answer.roles.RoleReader` as the answerer uses it, on `embedder`'s vectors."""
    from assistant.answer.roles import RoleReader, rule_role, writer_role

    reader = RoleReader(embedder)
    texts = [i.text for i in items]
    vectors = embedder.embed_queries(texts) if texts else []
    probs = [reader.probabilities(t, v) for t, v in zip(texts, vectors, strict=True)]
    return {
        "rules": [rule_role(t) for t in texts],
        "model": [max(p, key=lambda k: p[k]) if p else rule_role(t) for t, p in zip(texts, probs, strict=True)],
        "shipped": [writer_role(t, p) for t, p in zip(texts, probs, strict=True)],
    }


def summarise(items: list[RoleItem], read: dict[str, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {"messages": len(items), "by_role": dict(Counter(i.role for i in items))}
    for reader, roles in read.items():
        right = [r == i.role for r, i in zip(roles, items, strict=True)]
        per_role: dict[str, list[bool]] = defaultdict(list)
        per_lang: dict[str, list[bool]] = defaultdict(list)
        for ok, i in zip(right, items, strict=True):
            per_role[i.role].append(ok)
            per_lang["nl" if i.lang == "nl" else "other"].append(ok)
        out[reader] = {
            "accuracy": mean([float(x) for x in right]),
            "per_role": {k: mean([float(x) for x in v]) for k, v in sorted(per_role.items())},
            "per_language": {k: mean([float(x) for x in v]) for k, v in sorted(per_lang.items())},
        }
    return out


def cmd_roles_eval(args: argparse.Namespace) -> int:
    items = load_role_bank(args.split, args.bank)
    read = readings(items, settings_embedder())
    summary = summarise(items, read)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print(f"Rol van de schrijver, split {args.split}: {len(items)} berichten {summary['by_role']}")
        print(f"{'':10} {'alles':>7} " + " ".join(f"{r:>13}" for r in LABELS) + f" {'nl':>6} {'andere':>7}")
        for reader in READERS:
            s = summary[reader]
            cells = " ".join(f"{s['per_role'].get(r) or 0:>13.3f}" for r in LABELS)
            lang = s["per_language"]
            print(
                f"{reader:10} {s['accuracy']:>7.3f} {cells} {lang.get('nl') or 0:>6.3f} {lang.get('other') or 0:>7.3f}"
            )
    if args.misses:
        if args.split == "blind":
            print("\nDe blinde split toont geen missers: wie ze leest, maakt er dev van.", file=sys.stderr)
            return 2
        for i, got in zip(items, read["shipped"], strict=True):
            if got != i.role:
                print(f"- [{i.role} → {got}] ({i.lang}) {i.text[:160]}")
    return 0


def cmd_roles_train(args: argparse.Namespace) -> int:
    from assistant.answer.role_model import RoleModel

    train = load_role_bank("train", args.bank)
    train_label_model(RoleModel, [i.text for i in train], [i.role for i in train], args)
    return 0


def add_roles_command(sub: Any) -> None:
    add_bank_commands(
        sub,
        "roles",
        "de rol van de schrijver (voor de volgende stap): trainen op de rollenbank en meten per split",
        eval_help="rol goed gelezen per rol en taal: patronen, model en samen (dev of blind)",
        misses_help="toon wat misging (niet voor blind)",
        train_help="train het model op split train",
        bank=BANK_DIR,
        run=(cmd_roles_eval, cmd_roles_train),
    )
