"""The writer's tone on the tone bank (`wijkwijzer tone eval --split dev|blind`), and training (`wijkwijzer tone
train`).

The bank (`eval/tone/`, splits as in :mod:`assistant.evaluation.bank`): a line is ``{"text", "tone", "lang",
"about"?}``, `tone` one of :data:`assistant.answer.tone.LABELS`, written by helper sessions from
`eval/briefs/tone.md`. The figures are those of the line the answer would say (:func:`assistant.answer.tone.tone_of`):
how many `geen` messages get a line (a wrong line is worse than none), how many messages with a feeling get the line
of that feeling, and of the lines said, the share that is the right one; with `--sweep` the same for other
thresholds (dev only: the threshold is chosen there).
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.answer.tone import LABELS, SHOW_AT, tone_of
from assistant.evaluation.bank import labelled, read_bank, share, text_key
from assistant.evaluation.command import add_bank_commands, settings_embedder, threshold_eval, train_label_model
from assistant.settings import PROJECT_ROOT

BANK_DIR = PROJECT_ROOT / "eval" / "tone"
SWEEP = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)


@dataclass(frozen=True)
class ToneItem:
    text: str
    tone: str
    lang: str
    about: str = ""
    source: str = ""


def _parse(raw: dict[str, Any], source: str) -> ToneItem:
    return ToneItem(*labelled(raw, source, "tone", LABELS))


def load_tone_bank(split: str, directory: Path = BANK_DIR) -> list[ToneItem]:
    return read_bank(split, directory, _parse, lambda i: text_key(i.text))


def probabilities(items: list[ToneItem], embedder: Any) -> list[dict[str, float] | None]:
    """The tone model's probabilities for every item, as the answerer computes them."""
    from assistant.answer.tone import ToneReader

    reader = ToneReader(embedder)
    texts = [i.text for i in items]
    vectors = embedder.embed_queries(texts) if texts else []
    return [reader.probabilities(t, v) for t, v in zip(texts, vectors, strict=True)]


def summarise(items: list[ToneItem], probs: list[dict[str, float] | None], show_at: float) -> dict[str, Any]:
    said = [tone_of(p, show_at) for p in probs]
    plain = [s is not None for s, i in zip(said, items, strict=True) if i.tone == "geen"]
    felt = [s == i.tone for s, i in zip(said, items, strict=True) if i.tone != "geen"]
    lines = [s == i.tone for s, i in zip(said, items, strict=True) if s is not None]
    per_tone = {
        t: share([s == t for s, i in zip(said, items, strict=True) if i.tone == t]) for t in LABELS if t != "geen"
    }
    argmax = [p is not None and max(p, key=lambda k: p[k]) == i.tone for p, i in zip(probs, items, strict=True)]
    return {
        "messages": len(items),
        "by_tone": dict(Counter(i.tone for i in items)),
        "show_at": show_at,
        "line_on_geen": share(plain),
        "right_line_on_feeling": share(felt),
        "per_tone": per_tone,
        "lines_right": share(lines),
        "lines": len(lines),
        "argmax_accuracy": share(argmax),
    }


def _print(s: dict[str, Any]) -> None:
    tones = ", ".join(f"{t} {v:.3f}" if v is not None else f"{t} -" for t, v in s["per_tone"].items())
    print(
        f"  drempel {s['show_at']:.2f}: regel bij geen {s['line_on_geen']:.3f}; juiste regel bij een gevoel "
        f"{s['right_line_on_feeling']:.3f} ({tones}); gezegde regels juist {s['lines_right'] or 0:.3f} "
        f"({s['lines']}); model zonder drempel {s['argmax_accuracy']:.3f}"
    )


def cmd_tone_eval(args: argparse.Namespace) -> int:
    items = load_tone_bank(args.split, args.bank)
    probs = probabilities(items, settings_embedder())

    def misses() -> list[str]:
        said = [(i, tone_of(p)) for i, p in zip(items, probs, strict=True)]
        wrong = [(i, got) for i, got in said if got != (None if i.tone == "geen" else i.tone)]
        return [f"- [{i.tone} → {got or 'geen'}] ({i.lang}) {i.text[:160]}" for i, got in wrong]

    return threshold_eval(
        args,
        all(p is not None for p in probs),
        lambda show_at: summarise(items, probs, show_at),
        SHOW_AT,
        SWEEP,
        _print,
        lambda s: f"Toon van de schrijver, split {args.split}: {len(items)} berichten {s['by_tone']}",
        misses,
    )


def cmd_tone_train(args: argparse.Namespace) -> int:
    from assistant.answer.tone import ToneModel

    train = load_tone_bank("train", args.bank)
    train_label_model(ToneModel, [i.text for i in train], [i.tone for i in train], args)
    return 0


def add_tone_command(sub: Any) -> None:
    add_bank_commands(
        sub,
        "tone",
        "de toon van de schrijver (een menselijke regel boven het antwoord): trainen op de toonbank en meten",
        eval_help="regel bij berichten zonder gevoel, juiste regel bij een gevoel (dev of blind)",
        misses_help="toon wat misging (niet voor blind)",
        train_help="train het model op split train",
        bank=BANK_DIR,
        run=(cmd_tone_eval, cmd_tone_train),
        sweep=True,
    )
