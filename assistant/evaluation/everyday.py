"""Everyday messages (`eval/everyday/`, issue #15): long stories, chat spelling, facts about a named approach and
about the overview's general parts, written by helper sessions from one brief (a Movisie advisor's gold labels).

A line: ``{"text", "kind", "lang", "expected", "fact"?, "field"?, "section"?, "about"?}``; `kind` is ``long``,
``typo``, ``fact`` or ``general``; `expected` the approaches that fit, best first (``long``, ``typo``) or the one
asked about (``fact``); `fact` a piece of the overview a right answer quotes. Splits as in
:mod:`assistant.evaluation.bank`.

Figures (`wijkwijzer everyday eval --split dev|blind`), per retrieval mode (dense, bm25, shipped) on search alone,
and on the answer as shipped:
- ``long`` / ``typo``: an expected approach among the first three, and the first one expected (the answer: among
  the first three cited, and the first cited);
- ``fact`` / ``general``: the answer contains the expected piece (its words in order: case, white space and
  punctuation ignored, as in the grounding checks);
- ``side`` / ``side_missing`` / ``plain`` (the side-question stories of `eval/side/`, with ``--bank eval/side``; see
  :mod:`assistant.evaluation.side`): as ``long``, and whether the answer's side line answers the direct question with
  the expected piece, says the overview does not tell, or is absent where none was asked;
- for every kind, how often a help line was shown (none of these messages is a crisis), and for ``long`` /
  ``typo`` how often the answer is a recommendation, how many approaches it shows and how many of them are expected
  (precision).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.evaluation.bank import SPLITS, mean, read_bank, share, text_key
from assistant.evaluation.citations import cited_approaches
from assistant.evaluation.reference import norm
from assistant.evaluation.side import SIDE_KINDS, side_line
from assistant.retrieve.retriever import MODES
from assistant.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from assistant.service import WijkWijzer

BANK_DIR = PROJECT_ROOT / "eval" / "everyday"
KINDS = ("long", "typo", "fact", "general", *SIDE_KINDS)


@dataclass(frozen=True)
class EverydayItem:
    text: str
    kind: str
    lang: str
    expected: tuple[str, ...] = ()
    fact: str = ""
    source: str = ""


def _parse(raw: dict[str, Any], source: str) -> EverydayItem:
    item = EverydayItem(
        text=str(raw["text"]).strip(),
        kind=str(raw["kind"]),
        lang=str(raw.get("lang", "")).lower(),
        expected=tuple(str(n) for n in raw.get("expected") or ()),
        fact=str(raw.get("fact") or ""),
        source=source,
    )
    if item.kind not in KINDS:
        raise ValueError(f"kind {item.kind!r} is niet een van {', '.join(KINDS)}")
    if item.kind in ("fact", "general", "side") and not item.fact:
        raise ValueError("een fact- of general-bericht heeft een 'fact' nodig")
    return item


def load_everyday_bank(split: str, directory: Path = BANK_DIR) -> list[EverydayItem]:
    return read_bank(split, directory, _parse, lambda i: text_key(i.text))


def evaluate(ww: WijkWijzer, items: Sequence[EverydayItem], misses: list[str] | None = None) -> dict[str, Any]:
    """Search per mode and the shipped answer for every message; the figures per kind."""
    search: dict[str, dict[str, list[tuple[bool, bool]]]] = {m: defaultdict(list) for m in MODES}
    answer: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        if item.kind in ("long", "typo"):
            for mode in MODES:
                found = [h.target for h in ww.retriever.search(item.text, k=5, approaches_only=True, mode=mode)]
                search[mode][item.kind].append(
                    (bool(set(found[:3]) & set(item.expected)), found[:1] == [item.expected[0]] if found else False)
                )
        a = ww.ask(item.text)
        row: dict[str, Any] = {"help_line": a.crisis_tier is not None}  # none of these messages is a crisis
        if item.kind in ("long", "typo", *SIDE_KINDS):
            cited = cited_approaches(a)
            row |= {
                "top3": bool(set(cited[:3]) & set(item.expected)),
                "first": bool(cited) and cited[0] in item.expected,
                "recommended": a.intent == "approach",
                "shown": len(cited),
                "precision": len(set(cited) & set(item.expected)) / len(cited) if cited else 0.0,
            }
            ok, shown = row["top3"] and row["first"], list(cited)
            if item.kind in SIDE_KINDS:  # the direct question answered on top, said missing, or none asked
                line = side_line(a.text)
                row["side_line"] = line is not None
                row["side_answered"] = line is not None and bool(item.fact) and norm(item.fact) in norm(line)
                row["side_missing"] = line is not None and side_line(a.text, missing=True) is not None
                row["found"] = bool(item.fact) and norm(item.fact) in norm(a.text)
                want = {"side": "side_answered", "side_missing": "side_missing"}.get(item.kind)
                ok = row[want] if want else not row["side_line"]
                shown = [line or "(geen zijvraagregel)"]
        else:
            row["found"] = ok = norm(item.fact) in norm(a.text)  # words in order; punctuation and case aside
            shown = [a.text[:200]]
        answer[item.kind].append(row)
        if misses is not None and not ok:
            misses.append(f"- [{item.kind}] {item.text[:160]} | want {list(item.expected) or item.fact} got {shown}")
    out: dict[str, Any] = {"messages": len(items), "search": {}, "answer": {}}
    for mode in MODES:
        out["search"][mode] = {
            k: {"top3": share([t for t, _ in v]), "first": share([f for _, f in v]), "n": len(v)}
            for k, v in sorted(search[mode].items())
        }
    for kind, rows in sorted(answer.items()):
        figures: dict[str, Any] = {"n": len(rows), "help_line": share([r["help_line"] for r in rows])}
        if kind in ("long", "typo", *SIDE_KINDS):
            figures |= {k: share([r[k] for r in rows]) for k in ("top3", "first", "recommended")}
            figures |= {k: mean([r[k] for r in rows]) for k in ("shown", "precision")}
            if kind in SIDE_KINDS:
                figures |= {k: share([r[k] for r in rows]) for k in ("side_line", "side_answered", "side_missing")}
                figures["found"] = share([r["found"] for r in rows])
        else:
            figures["found"] = share([r["found"] for r in rows])
        out["answer"][kind] = figures
    return out


def print_summary(split: str, s: dict[str, Any]) -> None:
    print(f"Alledaagse berichten ({split}, {s['messages']}):")
    for mode, kinds in s["search"].items():
        row = "; ".join(f"{k} top 3 {v['top3']}, eerste {v['first']} (n={v['n']})" for k, v in kinds.items())
        print(f"  zoeken {mode}: {row}")
    for kind, v in s["answer"].items():
        if "top3" in v:
            text = (
                f"top 3 {v['top3']}, eerste {v['first']}, als aanbeveling {v['recommended']}, "
                f"getoond gem. {v['shown']}, precisie {v['precision']}"
            )
            if "side_line" in v:
                text += (
                    f"; zijvraagregel {v['side_line']}, beantwoord met het feit {v['side_answered']}, "
                    f"'staat er niet in' {v['side_missing']}, feit ergens in het antwoord {v['found']}"
                )
        else:
            text = f"gevonden {v['found']}"
        print(f"  antwoord {kind} (n={v['n']}): {text}; met hulplijn {v['help_line']}")


def add_everyday_command(sub: Any) -> None:
    inner = sub.add_parser("everyday", help="alledaagse berichten (eval/everyday/): lang, chattaal, feiten")
    cmds = inner.add_subparsers(dest="everyday_command", required=True)
    p = cmds.add_parser("eval", help="zoeken per modus en het antwoord, per soort bericht")
    p.add_argument("--split", choices=tuple(SPLITS), default="dev", help="welke split (standaard dev)")
    p.add_argument("--json", action="store_true", help="cijfers als JSON")
    p.add_argument("--misses", action="store_true", help="toon wat misging (niet voor blind)")
    p.add_argument("--bank", type=Path, default=BANK_DIR, help="een andere bank, bv. eval/side (de zijvraagverhalen)")
    p.set_defaults(func=cmd_everyday_eval)


def cmd_everyday_eval(args: argparse.Namespace) -> int:
    from assistant.service import WijkWijzer

    ww = WijkWijzer()
    ww.warm_up()
    misses: list[str] = []
    summary = evaluate(
        ww, load_everyday_bank(args.split, args.bank), misses if args.misses and args.split != "blind" else None
    )
    if args.json:
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_summary(args.split, summary)
    print("\n".join(misses))
    return 0
