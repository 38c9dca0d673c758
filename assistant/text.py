"""Text patterns and helpers shared by the answerer, the LLM check, the evaluation and the feedback store: one
definition each, so a fix in one place holds everywhere (the answer check and the hallucination check used to
carry their own copies of the link and phone patterns)."""

from __future__ import annotations

import re
import unicodedata

#: A citation "[1]" or "[1, 3]" — not the label of a Markdown link: the help lines are "[113](tel:113)".
CITATION = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\](?!\()")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"'`]+", re.IGNORECASE)
#: Bare domains ('113.nl', 'movisie.nl/…') in the top-level domains answers name.
DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:nl|org|com|eu|be|net|info)\b(?:/[^\s<>()\[\]\"'`]*)?", re.IGNORECASE)
#: Any of the three: URLs, e-mail addresses and bare domains.
LINK = re.compile(f"{URL.pattern}|{EMAIL.pattern}|{DOMAIN.pattern}", re.IGNORECASE)
#: Something that may be a phone number (7+ characters of digits, spaces, dots, dashes, brackets); `phones`
#: keeps those that are one.
PHONE = re.compile(r"(?<![\w/.=-])(?:\+|00)?\(?\d[\d \t().-]{5,}\d(?![\w/])")


def has_words(text: str) -> bool:
    """The text has a letter or digit (not only emoji or punctuation)."""
    return bool(re.search(r"\w", text))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def fold(text: str) -> str:
    """Lower-case, accents removed, punctuation and spacing folded: 'Resto VanHarte!' → 'resto vanharte'."""
    return " ".join(re.findall(r"[a-z0-9]+", _ascii(text)))


def slugify(text: str) -> str:
    """ASCII slug usable in ids and Chroma names: 'PBS in de wijk' → 'pbs-in-de-wijk'."""
    return re.sub(r"[^a-z0-9]+", "-", _ascii(text)).strip("-") or "x"


def contains(haystack: str, needle: str) -> bool:
    """Whole-word containment of two normalised texts ('wijk' is not in 'wijken')."""
    return bool(needle) and f" {needle} " in f" {haystack} "


def norm_url(url: str) -> str:
    """'https://www.Movisie.nl/x/.' → 'movisie.nl/x': scheme, 'www.', trailing punctuation and slash removed."""
    url = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower().rstrip(".,;:!?*_>"))
    return url.rstrip("/")


def links(text: str) -> list[str]:
    """E-mail addresses, URLs and bare domains in a text, normalised, in order."""
    found = [m.group().lower() for m in EMAIL.finditer(text)]
    text = EMAIL.sub(" ", text)
    found += [norm_url(m.group()) for m in URL.finditer(text)]
    text = URL.sub(" ", text)
    return found + [norm_url(m.group()) for m in DOMAIN.finditer(text)]


def _norm_phone(raw: str) -> str:
    digits = re.sub(r"\D", "", raw.replace("(0)", ""))
    return "0" + digits[2:] if raw.startswith("+31") or raw.startswith("0031") else digits


def phones(text: str) -> set[str]:
    """Phone numbers in a text as digits ('+31 6 1234 5678' → '0612345678')."""
    out = set()
    for m in PHONE.finditer(text):
        raw, digits = m.group(), _norm_phone(m.group())
        if 7 <= len(digits) <= 15 and (raw.startswith(("+", "(0", "0"))):
            out.add(digits)
    return out
