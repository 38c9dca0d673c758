"""Side questions inside stories (`wijkwijzer side eval --split dev|blind`), and training (`wijkwijzer side train`).

The bank (`eval/side/`, splits as in :mod:`assistant.evaluation.bank`) has two kinds of file:
- `train_*.jsonl`: lone question sentences, ``{"text", "label", "lang"}`` with `label` one of
  :data:`assistant.answer.side.LABELS`, written by a helper from `eval/briefs/side_train.md`;
- `dev*.jsonl` and `blind*.jsonl`: stories written from `eval/briefs/side_questions.md`, ``{"text", "kind", "lang",
  "expected", "question", "fact", "field"}`` with `kind` ``side`` (a direct question the overview answers: `fact`),
  ``side_missing`` (one it does not answer) or ``plain`` (no direct question). Here every question sentence of a
  story is an item: `side` when it is the story's `question`, else `main`. (`wijkwijzer everyday eval --bank
  eval/side` scores the same stories' answers.)

The figures: the share of side questions the model reads as side, the share of main questions it reads as side (a
quote under a question nobody asked), per threshold with `--sweep` (dev only: the threshold is chosen there).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answer.side import LABELS, SIDE_AT
from assistant.evaluation.bank import labelled, read_bank, share, text_key
from assistant.evaluation.command import add_bank_commands, settings_embedder, threshold_eval, train_label_model
from assistant.settings import PROJECT_ROOT

BANK_DIR = PROJECT_ROOT / "eval" / "side"
SIDE_KINDS = ("side", "side_missing", "plain")
SWEEP = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


@dataclass(frozen=True)
class SideItem:
    text: str
    label: str
    lang: str
    about: str = ""
    source: str = ""


def side_line(text: str, missing: bool = False) -> str | None:
    """The answer's line that answers the writer's side question (with `missing`: the one saying the overview does
    not tell), in any answer language or register; None without one."""
    from assistant.answer.draft import register_texts, templates

    keys = ("side_missing",) if missing else ("side_asked", "side_missing")
    forms = {
        (f"- {head.strip()}", tail.strip())
        for lang in templates()
        for formal in (False, True)
        for key in keys
        for head, tail in [register_texts(lang, formal)[key].split("{asked}")]
    }
    lines = text.split("\n")
    return next((x for x in lines for head, tail in forms if x.startswith(head) and tail in x), None)


def _sentence(raw: dict[str, Any], source: str) -> SideItem:
    return SideItem(*labelled(raw, source, "label", LABELS))


def _story(raw: dict[str, Any], source: str) -> dict[str, Any]:
    if str(raw["kind"]) not in SIDE_KINDS:
        raise ValueError(f"kind {raw['kind']!r} is niet side, side_missing of plain")
    return {**raw, "source": source}


def load_side_bank(split: str, directory: Path = BANK_DIR) -> list[SideItem]:
    """Lone sentences (`train`), or every question sentence of the split's stories (`dev`, `blind`)."""
    from assistant.answer.echo import statements

    if split == "train":  # a sentence also asked in a dev or blind story counts only there (the briefs share examples)
        held = {text_key(i.text) for other in ("dev", "blind") for i in load_side_bank(other, directory)}
        return read_bank(split, directory, _sentence, lambda i: text_key(i.text), held_out=held)
    found = []
    for story in read_bank(split, directory, _story, lambda s: text_key(str(s["text"]))):
        asked = " ".join(str(story.get("question") or "").split())
        for sentence, asks in statements(str(story["text"])):
            plain = " ".join(sentence.split())
            if asks:
                label = "side" if asked and (asked in plain or plain in asked) else "main"
                found.append(SideItem(sentence, label, str(story.get("lang", "")), "", story["source"]))
    return found


def probabilities(items: list[SideItem], embedder: Any) -> list[float | None]:
    """The side model's probability for every item, as the answerer computes it."""
    from assistant.answer.side import SideQuestions

    reader = SideQuestions(embedder)
    texts = [i.text for i in items]
    vectors = embedder.embed_queries(texts) if texts else []
    return [reader.probability(t, v) for t, v in zip(texts, vectors, strict=True)]


def summarise(items: list[SideItem], probs: list[float | None], side_at: float) -> dict[str, Any]:
    said = [p is not None and p >= side_at for p in probs]
    return {
        "sentences": len(items),
        "side_at": side_at,
        "side_found": share([s for s, i in zip(said, items, strict=True) if i.label == "side"]),
        "main_as_side": share([s for s, i in zip(said, items, strict=True) if i.label == "main"]),
        "side": sum(i.label == "side" for i in items),
        "main": sum(i.label == "main" for i in items),
    }


def _print(s: dict[str, Any]) -> None:
    print(
        f"  drempel {s['side_at']:.2f}: zijvraag gevonden {s['side_found']} (van {s['side']}); hoofdvraag als "
        f"zijvraag gelezen {s['main_as_side']} (van {s['main']})"
    )


def cmd_side_eval(args: argparse.Namespace) -> int:
    items = load_side_bank(args.split, args.bank)
    probs = probabilities(items, settings_embedder())

    def misses() -> list[str]:
        wrong = [(i, p) for i, p in zip(items, probs, strict=True) if ((p or 0.0) >= SIDE_AT) != (i.label == "side")]
        return [f"- [{i.label} {p or 0.0:.2f}] ({i.lang}) {i.text[:160]}" for i, p in wrong]

    return threshold_eval(
        args,
        all(p is not None for p in probs),
        lambda side_at: summarise(items, probs, side_at),
        SIDE_AT,
        SWEEP,
        _print,
        lambda _: f"Zijvragen in verhalen, split {args.split}: {len(items)} vraagzinnen",
        misses,
    )


def cmd_side_train(args: argparse.Namespace) -> int:
    from assistant.answer.side import SideModel

    train = load_side_bank("train", args.bank)
    train_label_model(SideModel, [i.text for i in train], [i.label for i in train], args)
    return 0


def add_side_command(sub: Any) -> None:
    add_bank_commands(
        sub,
        "side",
        "zijvragen in een verhaal ('is het ook voor meiden?'): trainen op de zijvraagbank en meten",
        eval_help="zijvragen gevonden, hoofdvragen als zijvraag gelezen (dev of blind)",
        misses_help="toon wat misging (niet voor blind)",
        train_help="train het model op split train",
        bank=BANK_DIR,
        run=(cmd_side_eval, cmd_side_train),
        sweep=True,
    )
