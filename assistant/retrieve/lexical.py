"""BM25 over the chunks (bm25s), with Dutch stemming (PyStemmer) and Dutch stop words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

import bm25s
import numpy as np
import Stemmer
from stop_words import get_stop_words

from assistant.types import Chunk

_TOKEN = re.compile(r"\w\w+", re.UNICODE)


class Tokenizer:
    """Lower-case word tokens, Dutch stop words removed (unless `stop_words` is False), Snowball-stemmed (Dutch)."""

    def __init__(self, stop_words: bool = True) -> None:
        self.stemmer = Stemmer.Stemmer("dutch")
        self.stop = (
            set(get_stop_words("dutch")) | {"wat", "hoe", "kan", "ik", "we", "mijn", "onze"} if stop_words else set()
        )

    def __call__(self, text: str) -> list[str]:
        words = [w for w in _TOKEN.findall(text.lower()) if w not in self.stop]
        return list(self.stemmer.stemWords(words))

    def joined(self, text: str) -> list[str]:
        """Each two neighbouring words written as one, stemmed: Dutch writes compounds apart in chat ("buren ruzie"
        for "burenruzie")."""
        words = _TOKEN.findall(text.lower())
        return list(self.stemmer.stemWords([a + b for a, b in pairwise(words)]))


class BM25Index:
    def __init__(self, chunks: Sequence[Chunk], tokenizer: Tokenizer | None = None) -> None:
        self.chunks = list(chunks)
        self.tokenize = tokenizer or Tokenizer()
        self.model = bm25s.BM25()
        self.model.index([self.tokenize(c.text) or ["-"] for c in self.chunks], show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        """One BM25 score per chunk (same order as `chunks`)."""
        tokens = self.tokenize(query)
        if not tokens:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray(self.model.get_scores(tokens), dtype=np.float32)
