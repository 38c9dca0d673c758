"""The language a message is written in, for choosing the help text (not the answer templates: those are nl/en).

py3langid (a maintained fork of langid.py; the model ships in the package) restricted to the languages people in
Dutch neighbourhoods write in. Restricting helps short chat messages: unrestricted, 'k wil dr nie meer zijn' is
Afrikaans. Figures on the crisis bank: see the README ("Crisis").
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import cache
from typing import Any

#: Candidates: the help-text languages plus the ones that would otherwise be mistaken for them.
CANDIDATES = ("nl", "en", "tr", "ar", "pl", "uk", "es", "de", "fr", "ru", "pt", "it", "ro", "bg", "fa", "so", "af")
_LETTER = re.compile(r"[^\W\d_]+")
_lock = threading.Lock()


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


def message_language(text: str, supported: Sequence[str], default: str = "nl") -> str:
    """The message's language when it is in `supported`, Dutch for Afrikaans look-alikes, else the language code
    (the caller falls back for codes it has no text for). Empty or digit-only text is `default`."""
    if not _LETTER.search(text):
        return default
    with _lock:  # the identifier keeps per-call state
        lang, _ = _identifier().classify(text)
    lang = "nl" if lang == "af" else str(lang)
    return lang
