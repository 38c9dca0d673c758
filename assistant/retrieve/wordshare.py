"""How much of an editors' text a message says in its own words: the share of the text's word weight (rarer words,
by idf over all the texts, weigh more) that the message has too.

multilingual-e5 reads a short text mostly by its theme, so among editors' texts of one theme the nearest by meaning
is often not the one whose words the writer uses; a little of this share beside the cosine picks that one (used for
the editors' questions, `questions.py`, and the situation an answer shows, `situations.py`). Words are
:func:`assistant.text.fold` words, as every other matcher's: a message in another script shares none, and meaning
alone decides.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from assistant.text import fold


def words(text: str) -> set[str]:
    """The folded words of `text`, numbers left out."""
    return {w for w in fold(text).split() if not w.isdigit()}


class WordShare:
    """The texts' words and weights, computed once."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._words = [words(t) for t in texts]
        df = Counter(w for ws in self._words for w in ws)
        self._idf = {w: math.log((1 + len(self._words)) / (1 + n)) for w, n in df.items()}
        self._total = [sum(self._idf[w] for w in ws) for ws in self._words]  # each text's whole weight

    def shares(self, message: str) -> np.ndarray:
        """Per text: the share of its words' weight that `message` has too (0 for a text without words)."""
        have = words(message)
        out = np.zeros(len(self._words))
        for i, (ws, total) in enumerate(zip(self._words, self._total, strict=True)):
            out[i] = sum(self._idf[w] for w in ws & have) / total if total else 0.0
        return out
