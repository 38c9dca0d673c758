"""The language a message is written in, for the crisis check's help text and the answer's connecting text.

py3langid (a maintained fork of langid.py; the model ships in the package) restricted to the languages people in
Dutch neighbourhoods write in. Restricting helps short chat messages: unrestricted, 'k wil dr nie meer zijn' is
Afrikaans. Figures on the crisis bank: see the README ("Crisis").
"""

from __future__ import annotations

import re
import threading
from functools import cache
from typing import Any

from assistant.text import URL

#: Candidates: the help-text languages plus the ones that would otherwise be mistaken for them.
CANDIDATES = ("nl", "en", "tr", "ar", "pl", "uk", "es", "de", "fr", "ru", "pt", "it", "ro", "bg", "fa", "so", "af")
_LETTER = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
#: Letters that, among the candidates, only one language of a script uses: Ukrainian і ї є ґ; Russian ы э ё
#: (Bulgarian writes ъ too); Persian پ ژ and its own kāf and yā (Iraqi Arabic writes چ and گ too).
_UKRAINIAN, _RUSSIAN = re.compile(r"[іїєґ]"), re.compile(r"[ыэё]")
_PERSIAN = re.compile(r"[پژکی]")
#: Words only Russian or only Ukrainian writes, for Cyrillic text without a telling letter ("Что посоветуете?",
#: "Как оплатить штраф …?", "Привет!" were Ukrainian, "що порадите?" and "хто тебе створив?" Bulgarian). On the
#: banks' train and dev messages in the two languages: Ukrainian 1,384 → 1,405 of 1,448, Russian 215 → 218 of 227
#: (the rest are written in Latin letters).
_RUSSIAN_WORDS = frozenset((
    "что", "как", "кто", "это", "если", "или", "когда", "почему", "нужно", "надо", "спасибо", "пожалуйста", "меня",
    "мне", "она", "они", "нет", "есть", "можно", "сосед", "соседи", "помогите", "здравствуйте", "посоветуете",
    "посоветуй", "привет", "чем", "какая", "какой", "какое", "какие", "каков", "какова", "сколько", "второй",
    "второе", "цель", "отличается",
))  # fmt: skip
_UKRAINIAN_WORDS = frozenset((
    "що", "як", "хто", "це", "якщо", "або", "коли", "чому", "треба", "дякую", "будь", "мене", "мені", "вона",
    "вони", "немає", "нема", "можна", "сусід", "сусіди", "допоможіть", "порадите", "порадиш", "яка", "який",
    "яке", "які", "мета", "призначений", "призначена", "призначено", "перший", "перше", "молодь",
))  # fmt: skip
_LATIN_WORD = re.compile(r"\S*[a-zA-Z]\S*")
_LATIN_LETTER = re.compile(r"[a-zA-Z\u00c0-\u024f]")
#: The code for a message in a script no candidate writes (Ethiopic, Chinese …): no texts, so English.
OTHER_SCRIPT = "und"
_lock = threading.Lock()


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CANDIDATES))
    return identifier


def script_language(text: str, short: bool = False) -> str | None:
    """For text with Cyrillic or Arabic letters (a writer who uses them reads them; the Latin words beside them are
    mostly approach names), the language its letters say, else None (the identifier decides). The identifier took
    short Ukrainian for Russian or Bulgarian ("Хто проводить Wijktheater?", "що порадиш?") and short Arabic for
    Persian ("ما هدف Resto VanHarte؟"); a Dutch approach name in it made it Dutch ("TOS чи PBS in de wijk?").
    Letters only one language of a script uses decide; without them, Latin words left out, the identifier does; for
    a `short` message (one or two words, too few for it) Cyrillic is Ukrainian. On the crisis bank's train and dev
    messages: 0.962 right before and after; the intent bank's connecting text 0.975 → 0.983 (with the short-message
    rules of `answer_language`)."""
    arabic, cyrillic = len(_ARABIC.findall(text)), len(_CYRILLIC.findall(text))
    lower = text.lower()
    if not arabic and not cyrillic and _LETTER.search(text) and not _LATIN_LETTER.search(text):
        return OTHER_SCRIPT  # "ሰላም" (Tigrinya) was Dutch: a script none of the candidates writes
    if arabic and arabic >= cyrillic:
        return "fa" if _PERSIAN.search(text) else _identify(_LATIN_WORD.sub(" ", text))
    if cyrillic:
        russian, ukrainian = bool(_RUSSIAN.search(lower)), bool(_UKRAINIAN.search(lower))
        if not russian and not ukrainian:  # no telling letter: the words only one of the two writes decide
            words = _LETTER.findall(lower)
            ru, uk = sum(w in _RUSSIAN_WORDS for w in words), sum(w in _UKRAINIAN_WORDS for w in words)
            russian, ukrainian = ru > uk, uk > ru
        if not russian and (short or ukrainian):
            return "uk"
        return "ru" if russian and not ukrainian else _identify(_LATIN_WORD.sub(" ", text))
    return None


def _identify(text: str) -> str:
    return _classify(text)[0]


def _classify(text: str) -> tuple[str, float]:
    with _lock:  # the identifier keeps per-call state
        lang, probability = _identifier().classify(text)
    return ("nl" if lang == "af" else str(lang)), float(probability)


def sure_language(text: str, minimum: float) -> str | None:
    """The identifier's language when it gives it at least `minimum` (Afrikaans look-alikes are Dutch), else None."""
    lang, probability = _classify(text)
    return lang if probability >= minimum else None


#: Letters of the Latin alphabet that, among the answer languages, only one uses: for messages of one or two words.
_LETTERS = (("pl", re.compile(r"[ąęłńśźż]")), ("tr", re.compile(r"[ğış]")), ("es", re.compile(r"[ñ¿¡]")))


def letter_language(text: str) -> str | None:
    """The answer language whose own Latin letters the text has ("dzięki!" → pl), else None."""
    lower = text.lower()
    return next((lang for lang, letters in _LETTERS if letters.search(lower)), None)


#: A message of a few words is in another language than Dutch when its words are on average this much more
#: frequent in it (wordfreq's Zipf scale: 1.0 is ten times as frequent; `scripts/word-frequencies` writes the
#: table). On the intent, everyday and crisis banks' 644 train and dev messages of one or two words, the rest of
#: `answer_language` as before: 0.868 right → 0.922 (Dutch ones 0.943 → 0.940; with :data:`OTHER_SCRIPT` 0.930);
#: at 0.5 0.880 (Dutch 0.835), at 1.5 0.891. It replaced "Dutch unless clearly English" by function words
#: ("merhaba" and "co polecacie?" were Dutch); "hallo", "tips?" and "help" stay Dutch. The table loads in 30 ms.
FREQUENT_MARGIN = 1.0


@cache
def _frequencies() -> tuple[dict[str, int], tuple[str, ...], Any]:
    from importlib import resources

    import numpy as np

    with resources.files("assistant").joinpath("templates/word_frequencies.npz").open("rb") as f, np.load(f) as npz:
        words = str(npz["words"]).split("\n")
        return {w: i for i, w in enumerate(words)}, tuple(str(npz["languages"]).split(",")), npz["zipf"] / 10.0


def frequent_language(text: str, default: str = "nl") -> str:
    """The language whose words these are by how often each is written (Latin-script languages only), when that
    is clearly more than `default`'s (:data:`FREQUENT_MARGIN`); else `default`. A word not in the table counts
    as rare everywhere."""
    index, languages, zipf = _frequencies()
    words = _LETTER.findall(text.lower())
    rows = [index[w] for w in words if w in index]
    if not rows:
        return default
    mean = zipf[rows].sum(axis=0) / len(words)
    best = int(mean.argmax())
    return languages[best] if mean[best] - mean[languages.index(default)] >= FREQUENT_MARGIN else default


def message_language(text: str, default: str = "nl") -> str:
    """The message's language code among :data:`CANDIDATES` (Afrikaans look-alikes are Dutch); the caller falls
    back for codes it has no text for. Text without letters is `default`."""
    if not _LETTER.search(text):
        return default
    return script_language(text) or _identify(text)


#: Pieces of a message its writer did not write in their own language: markup and links, a quoted term
#: ("¿Qué significa 'Goed Onderbouwd'?" was Dutch), the overview's own names ("WijkWijzer nedir?" was Dutch) and
#: laughter ("haha leuk" was Somali). Left out before the language of the connecting text is chosen, on the
#: intent, everyday and crisis banks' 35,254 train and dev messages: right 0.9903 → 0.9912 (Dutch 0.9979 →
#: 0.9987, others 0.978 → 0.979); each of the four alone 0.9905–0.9908. With the Russian and Ukrainian question
#: words added above ("Яка мета …?", "Для кого призначений …?" were Bulgarian or Russian, so English): 0.9917.
_MARKUP = re.compile(rf"```.*?```|<[^>]*>|{URL.pattern}", re.DOTALL | re.IGNORECASE)
_QUOTED = re.compile(
    r"(?<!\w)'[^'\n]{2,60}'(?!\w)|\"[^\"\n]{2,60}\"|‘[^’\n]{2,60}’|“[^”\n]{2,60}”|«[^»\n]{2,60}»|„[^“”\n]{2,60}[“”]"
)
_OVERVIEW_NAMES = re.compile(r"(?<!\w)(?:wijkwijzer|movisie|goed onderbouwd|goed beschreven)(?!\w)", re.IGNORECASE)
_LAUGHTER = re.compile(r"(?<!\w)(?:(?:ha){2,}h?|(?:he){2,}|(?:hi){2,}|lol|xd+|lmao)(?!\w)", re.IGNORECASE)
#: Names of places mid-sentence ("When is bin collection in Den Haag Escamp?" got Dutch: intent dev_blind44), two or
#: more capitalised words after a lower-case one. On the banks' 40,123 train and dev messages only that one changed.
_PLACE = re.compile(r"(?<=[a-z,] )[A-Z][a-z]+(?: [A-Z][a-z]+)+")


def not_the_writers(text: str) -> str:
    """`text` without the pieces that say nothing of its writer's language; the text itself when nothing with
    letters would be left."""
    out = text
    for pattern in (_MARKUP, _QUOTED, _OVERVIEW_NAMES, _LAUGHTER, _PLACE):
        out = pattern.sub(" ", out)
    return out if _LETTER.search(out) else text
