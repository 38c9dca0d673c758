"""Whether a sentence is written in Dutch words a dictionary knows: a short chat message's sentence is told back to its
writer only then ("je kunt ni slapen", "jullie wille het zwembad overneme vd gemeente" read as the answer's own
spelling, not the writer's; see :func:`assistant.answer.address.told_back_short`).

The dictionary is pyspellchecker's Dutch word list (343,585 words from subtitles, with their counts), loaded at first
use (0.4 s, about 48 MB). Of the chat forms in everyday dev's short messages it knows none of "mn ff vd vl ipv ni idk
wrm ofzo krijge voetballe overneme", and it knows "parkeergarage lekkages hangjongeren spijbelen buurtbemiddeling"; it
does not know some compounds ("seniorenflat", "huiswerkhulp"), whose sentences are then not told back (quoted or left
out, as before). A word of one letter counts as chat spelling ("n", "t", "r", "k"), except "u".
"""

from __future__ import annotations

import gzip
import json
import pkgutil
import re
import threading
from functools import cache

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
#: A number written as an ordinal ("in de 2e", "de 3de", "1ste") is a number, not the word "e" or "de": before, "mn
#: zoon zit in de 2e en gaat bijna ni meer naar school" was not told back (advisors 73 a/b read its why as "only a
#: quote").
_ORDINAL = re.compile(r"\b\d+(?:e|de|ste)\b", re.I)
_LOCK = threading.Lock()


@cache
def _load() -> dict[str, int]:
    # the package's own word list read as it reads it (lower case, counts of one word summed), without building a
    # SpellChecker: 48 MB more in the process in place of 73 MB (stop 57)
    raw = pkgutil.get_data("spellchecker", "resources/nl.json.gz")
    counts: dict[str, int] = {}
    for word, n in json.loads(gzip.decompress(raw or b"{}")).items():
        counts[word.lower()] = counts.get(word.lower(), 0) + n
    return counts


def _dictionary() -> dict[str, int]:
    with _LOCK:  # (loaded once when two requests come at the same time)
        return _load()


def warm_up() -> None:
    """Load the word list now (the server's warm-up) rather than in the first request that tells a chat back."""
    _dictionary()


def count(word: str) -> int:
    """How often the dictionary's subtitles hold `word` (lower case); 0 for a word it does not know."""
    return _dictionary().get(word, 0)


def known(text: str) -> bool:
    """Every word of `text` is a Dutch word the dictionary knows (digits and signs aside); no emoji or other symbol."""
    if any(not (c.isalnum() or c.isspace() or c in ".,;:!?'’()-–—+/%") for c in text):
        return False
    words = [w.casefold() for w in _WORD.findall(_ORDINAL.sub(" ", text))]
    vocabulary = _dictionary()
    return bool(words) and all((len(w) > 1 or w == "u") and w in vocabulary for w in words)
