"""The learned half of the crisis check: a :class:`~assistant.answer.label_model.LabelModel` over :data:`LABELS`.

On the dev split, at 2% false alarms on look-alikes, the average of the two regressions caught 0.85 of the crises
and with the neighbours added 0.94 (each alone: 0.65, 0.77, 0.82). Trained on the crisis bank in `eval/crisis/`
(`wijkwijzer crisis train`); the weights and the neighbours' vectors ship in `templates/crisis_model.npz`.
"""

from __future__ import annotations

import re
from typing import ClassVar, get_args

import numpy as np

from assistant.answer.label_model import LabelModel
from assistant.types import CrisisKind

CRISIS_LABELS: tuple[CrisisKind, ...] = get_args(CrisisKind)  # "suicide", "acute_danger", "domestic_violence"
LABELS = ("none", *CRISIS_LABELS)
MODEL_FILE = "templates/crisis_model.npz"

#: sentence ends, also Arabic and chat ("?!", "ok?ik"); a full stop only before a space (not in "o.a."); lines
SENTENCE_END = re.compile(r"[!?؟…]+|\.+(?=\s|$)|[\r\n]+")
WINDOW, STRIDE = 16, 8  # words: unpunctuated run-on messages are scored in overlapping windows too


def sentences(text: str) -> list[str]:
    """The parts of a message scored on their own: sentences, and windows of long unpunctuated ones.

    One-part messages return [] (the whole message is already scored)."""
    parts: list[str] = []
    for s in SENTENCE_END.split(text):
        words = s.split()
        if len(words) < 2:
            continue
        if len(words) <= WINDOW + STRIDE:
            parts.append(" ".join(words))
            continue
        for start in range(0, len(words) - STRIDE, STRIDE):
            parts.append(" ".join(words[start : start + WINDOW]))
    parts = list(dict.fromkeys(parts))
    return parts if len(parts) > 1 or (parts and parts[0] != " ".join(text.split())) else []


class CrisisModel(LabelModel):
    LABELS: ClassVar[tuple[str, ...]] = LABELS
    MODEL_FILE: ClassVar[str] = MODEL_FILE

    def char_crisis(self, texts: list[str]) -> np.ndarray:
        """(n,) the n-gram part's crisis probability alone: no embedding needed, a fraction of a millisecond."""
        return np.asarray(1.0 - self.char_probabilities(texts)[:, 0]) if texts else np.zeros(0)
