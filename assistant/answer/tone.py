"""The writer's tone: one human line above a recommendation when the writer shows worry, sadness, nuisance or fear.

Every advisor rating of everyday answers found no human word: "Er is nergens empathie, ook niet bij rouw, zorgen om
een kind of angst" (everyday blind 25's advisor, 25 answers). A wrong line is worse than none ("Wat verdrietig wat
je meemaakt" to a policy officer asking for a method), so the line is said only where the tone model is sure
(:data:`SHOW_AT`) and never under another embedding model than the one it was trained with: its n-gram half alone
reads feeling words, not whose feeling they are.

A :class:`~assistant.answer.label_model.LabelModel` over five tones, trained on the tone bank in `eval/tone/`
(`wijkwijzer tone train`), written by helper sessions from `eval/briefs/tone.md` with look-alikes on purpose (a
professional asking how to reach lonely elderly people is `geen`); weights in `templates/tone_model.npz`. The lines
are in `templates/answer.yaml` (`tone_<label>`, a formal Dutch one for a writer who says "u").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from assistant.answer.label_model import LabelModel, LazyModel

if TYPE_CHECKING:
    from assistant.embed.base import Embedder

#: `geen` first: no line.
LABELS: tuple[str, ...] = ("geen", "zorgen", "verdriet", "last", "bang")
MODEL_FILE = "templates/tone_model.npz"
#: The line is said when the most probable tone is not `geen` and has at least this probability. On tone dev 1 (300
#: messages, 120 `geen`), line on `geen` / right line on a feeling / lines said that are right: 0.40 → 0 / 0.950 /
#: 0.961; 0.45 → 0 / 0.922 / 0.971; 0.50 → 0 / 0.850 / 0.994; 0.60 → 0 / 0.689 / 1.0. A wrong line is worse than
#: none, so the lowest value at which at least 99% of the lines said are right. Raised to 0.55 in stop 53: advisors
#: 55 a/b found "Dat klinkt zwaar" above a cheerful 84-year-old's memories (verdriet 0.51) and "Ik begrijp dat je je
#: zorgen maakt" above a 15-year-old who wants to play football (zorgen 0.52), 2 of 25. Tone dev (599, re-read then):
#: 0.50 → 0.004 / 0.881 / 0.994; 0.55 → 0 / 0.809 / 1.000.
#: Stop 59 added `train_d` (400, from the same brief with a focus on writers whose situation could be sad but who show
#: no sadness: cheerful older people who want to move or meet people, eager newcomers, warm memories; advisors 75 a/b
#: found "Dat klinkt zwaar" above a healthy 71-year-old, verdriet 0.56 → 0.50 now). At 0.55, tone dev (599): a line on
#: `geen` 0 → 0, the right line on a feeling 0.812 → 0.845, lines said right 1.000 → 1.000; tone blind 2 (300, scored
#: once with each model): 0 → 0, 0.806 → 0.811, 0.993 → 1.000. On everyday dev's 8,159 long and chat messages the
#: verdriet line went 341 → 319 and zorgen 560 → 523.
SHOW_AT = 0.55


class ToneModel(LabelModel):
    LABELS: ClassVar[tuple[str, ...]] = LABELS
    MODEL_FILE: ClassVar[str] = MODEL_FILE


def tone_of(probs: dict[str, float] | None, show_at: float = SHOW_AT) -> str | None:
    """The tone a line is said for, or None (no model, `geen`, or not sure enough)."""
    if not probs:
        return None
    best = max(probs, key=lambda k: probs[k])
    return best if best != "geen" and probs[best] >= show_at else None


class ToneReader:
    """The tone model (`templates/tone_model.npz`, loaded on first use); None for every message without its weights
    or under another embedding model."""

    def __init__(self, embedder: Embedder | None = None, model: ToneModel | None = None) -> None:
        self._lazy = LazyModel(ToneModel, embedder, model)

    def warm_up(self) -> None:
        self._lazy.warm_up()

    def probabilities(self, text: str, vector: np.ndarray | None) -> dict[str, float] | None:
        """The model's probability of each tone; None without its weights or without a vector of its model."""
        return self._lazy.with_vector(text, vector)

    def tone(self, text: str, vector: np.ndarray | None) -> str | None:
        return tone_of(self.probabilities(text, vector))
