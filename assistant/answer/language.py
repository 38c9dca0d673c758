"""The language a message is written in, for choosing the help text (not the answer templates: those are nl/en).

py3langid (a maintained fork of langid.py; the model ships in the package) restricted to the languages people in
Dutch neighbourhoods write in. Restricting helps short chat messages: unrestricted, 'k wil dr nie meer zijn' is
Afrikaans. Figures on the crisis bank: see the README ("Crisis").
"""

from __future__ import annotations

import re
import threading
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


def message_language(text: str, default: str = "nl") -> str:
    """The message's language code among :data:`CANDIDATES` (Afrikaans look-alikes are Dutch); the caller falls
    back for codes it has no text for. Text without letters is `default`."""
    if not _LETTER.search(text):
        return default
    with _lock:  # the identifier keeps per-call state
        lang, _ = _identifier().classify(text)
    return "nl" if lang == "af" else str(lang)
