"""Remove personal data from free text before it is stored: e-mail addresses, phone numbers, IBANs,
postcodes with house numbers, citizen service numbers and URLs with query strings.

Names in free text cannot be found reliably; the store keeps no name, IP or cookie fields at all.
"""

from __future__ import annotations

import re

from assistant.text import EMAIL

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (EMAIL, "[e-mail]"),
    (re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{4}(?:\s?\d{4}){2}\s?\d{2}\b", re.IGNORECASE), "[iban]"),
    (re.compile(r"https?://\S+\?\S+"), "[link]"),
    # Dutch and international phone numbers: +31 6 12345678, 06-12345678, 020 123 4567, 0800-0113 …
    (re.compile(r"(?<![\w+])(?:\+|00)\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?\d(?:[\s.-]?\d){7,10}\b"), "[telefoon]"),
    (re.compile(r"(?<![\w+])0\d(?:[\s.-]?\d){7,9}\b"), "[telefoon]"),
    (re.compile(r"(?<![\w+])0800[\s.-]?\d{4}\b"), "[telefoon]"),
    (re.compile(r"\b\d{9}\b"), "[nummer]"),  # BSN-like
    (re.compile(r"\b\d{4}\s?[A-Z]{2}\s*\d{1,5}(?:\s?[a-zA-Z]\b)?", re.UNICODE), "[adres]"),  # postcode + huisnummer
)


def scrub(text: str) -> str:
    """The text with personal data replaced by a placeholder such as ``[e-mail]``."""
    for pattern, placeholder in _PATTERNS:
        text = pattern.sub(placeholder, text)
    return text
