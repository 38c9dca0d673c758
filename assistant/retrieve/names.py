"""Recognise approaches named in a question: exact acronyms ('TOS', 'pbs') and fuzzy names ('resto van harte')."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from assistant.text import fold


class NameMatcher:
    """Scores in [0, 1] for approaches whose name or alias occurs in the question (typos tolerated)."""

    def __init__(self, names: Iterable[tuple[str, Iterable[str]]], threshold: float = 88.0) -> None:
        self.threshold = threshold
        self.acronyms: dict[str, str] = {}
        self.phrases: list[tuple[str, str]] = []  # (folded phrase without spaces, target)
        for target, aliases in names:
            for variant in (target, *aliases):
                folded = fold(variant)
                if not folded:
                    continue
                if variant.isupper() and len(folded) <= 6:
                    self.acronyms[folded] = target
                if len(folded.replace(" ", "")) >= 6:
                    self.phrases.append((folded.replace(" ", ""), target))

    def match(self, question: str) -> dict[str, float]:
        q = fold(question)
        found: dict[str, float] = {}
        for word in q.split():
            if word in self.acronyms:
                found[self.acronyms[word]] = 1.0
        squashed = q.replace(" ", "")
        for phrase, target in self.phrases:
            if phrase in squashed:
                found[target] = 1.0
            elif len(squashed) >= len(phrase) - 1:
                score = fuzz.partial_ratio(phrase, squashed)
                if score >= self.threshold:
                    found[target] = max(found.get(target, 0.0), score / 100.0)
        return found
