"""Recognise approaches named in a question: exact acronyms ('TOS', 'pbs') and fuzzy names ('resto van harte')."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from assistant.text import fold


def short_names(name: str) -> list[str]:
    """How people shorten what a name spells out: "7 bouwstenen voor … een buurtagenda" → "7 bouwstenen" and its
    last word; "Het vouchersysteem" → "voucher"; "Eigen Kracht-conferentie" → "Eigen Kracht". For recognising a
    name only: the answerer still counts these words as content ("wie beslist welke initiatieven een voucher
    krijgen" is about the voucher)."""
    words = name.split()
    found = [name.split(" voor ")[0], words[-1]] if len(words) >= 5 and " voor " in name else []
    if "-" in name and len(name.rsplit("-", 1)[0].split()) >= 2:  # "Eigen Kracht-conferentie" → "Eigen Kracht"
        found.append(name.rsplit("-", 1)[0])
    return found + [w[: -len("systeem")] for w in words if w.lower().endswith("systeem") and len(w) >= 12]


def name_forms(name: str) -> list[str]:
    """How a name may be written in a message, longest first: "Thuis op Straat (TOS)" → itself, "Thuis op Straat"
    and "TOS"; plus :func:`short_names`. For leaving names out of a message before its language is identified."""
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    inner = re.findall(r"\(([^)]+)\)", name)
    return sorted({name, bare, *inner, *short_names(name)} - {""}, key=len, reverse=True)


#: A long one-word name may be misspelt further when the whole word is compared ("Buurtreminiszenz"): words of at
#: least LONG_WORD letters match at WORD_THRESHOLD. On the intent bank's 4,720 messages (every split): one more
#: name found, none wrongly (the same check with the phrase threshold at 80 instead: 5 more, 44 wrong).
LONG_WORD = 14
WORD_THRESHOLD = 75.0
#: Words a name shares with everyday messages. A name that is little else ("PBS in de wijk": "pbs") is not matched
#: fuzzily, only exactly (and its acronym): "zoiets in de wijk" scored 88 against "pbsindewijk". On the intent and
#: everyday banks (every split) PBS in de wijk was found fuzzily 15 times, never in a message about it.
COMMON_WORDS = frozenset(["in", "de", "het", "een", "op", "en", "voor", "van", "wijk", "buurt"])
MIN_OWN_LETTERS = 4
#: A fuzzy match counts only where each of the name's own words (outside :data:`COMMON_WORDS`, of at least
#: :data:`MIN_OWN_LETTERS`) matches in the matched place at this score: "wat er al aan kracht in de wijk zit" scored
#: 89 against "slagkrachtindewijk" and was answered as a question about Slagkracht in de wijk (advisors 85 b: overall
#: 1); "slagkracht" scores 80 there ("laankracht"), "thuis" 89 in "tuis op straat", "straat" 91 in "thuis op staat".
#: On the intent and everyday banks (every split but the blind ones, 46,141 messages) two names are no longer found:
#: that story's Slagkracht in de wijk (an opbouwwerker's, in everyday dev) and Community Organising in "I'm a community
#: organiser-in-training" (a job). At 80, none.
OWN_WORD_THRESHOLD = 85.0


class NameMatcher:
    """Scores in [0, 1] for approaches whose name or alias occurs in the question (typos tolerated)."""

    def __init__(self, names: Iterable[tuple[str, Iterable[str]]], threshold: float = 88.0) -> None:
        self.threshold = threshold
        self.acronyms: dict[str, str] = {}
        # (folded phrase without spaces, target, its own words where fuzzy matching is allowed, else none)
        self.phrases: list[tuple[str, str, tuple[str, ...]]] = []
        self.long_words: list[tuple[str, str]] = []  # (folded one-word name of LONG_WORD letters or more, target)
        for target, aliases in names:
            for variant in (target, *aliases, *short_names(target)):
                folded = fold(variant)
                if not folded:
                    continue
                if variant.isupper() and len(folded) <= 6:
                    self.acronyms[folded] = target
                own = "".join(w for w in folded.split() if w not in COMMON_WORDS)
                if len(folded.replace(" ", "")) >= 6:
                    words = tuple(w for w in folded.split() if w not in COMMON_WORDS and len(w) >= MIN_OWN_LETTERS)
                    self.phrases.append((folded.replace(" ", ""), target, words if len(own) >= MIN_OWN_LETTERS else ()))
                if " " not in folded and len(folded) >= LONG_WORD:
                    self.long_words.append((folded, target))

    def match(self, question: str) -> dict[str, float]:
        return {target: score for target, (score, _) in self._found(question).items()}

    def in_order(self, question: str) -> list[str]:
        """The approaches named, in the order they are named ("X of Y, wat past beter" → [X, Y])."""
        found = self._found(question)
        return sorted(found, key=lambda t: found[t][1])

    def _found(self, question: str) -> dict[str, tuple[float, int]]:
        """Target → (score, where in the squashed question it starts)."""
        q = fold(question)
        squashed = q.replace(" ", "")
        found: dict[str, tuple[float, int]] = {}
        for word in q.split():
            if word in self.acronyms:
                found[self.acronyms[word]] = (1.0, squashed.find(word))
        for phrase, target, own in self.phrases:
            at = squashed.find(phrase)
            if at >= 0:
                found[target] = (1.0, min(at, found.get(target, (0.0, at))[1]))
            elif own and len(squashed) >= len(phrase) - 1:
                hit = fuzz.partial_ratio_alignment(phrase, squashed)
                if hit is not None and hit.score >= self.threshold and hit.score / 100.0 > found.get(target, (0, 0))[0]:
                    window = squashed[hit.dest_start : hit.dest_end]  # its own words misspelt, not left out
                    if all(fuzz.partial_ratio(w, window) >= OWN_WORD_THRESHOLD for w in own):
                        found[target] = (hit.score / 100.0, hit.dest_start)
        for word in {w for w in q.split() if len(w) >= LONG_WORD - 3}:
            for name, target in self.long_words:
                score = fuzz.ratio(name, word)
                if target not in found and score >= WORD_THRESHOLD:
                    found[target] = (score / 100.0, squashed.find(word))
        return found
