"""The editors' search words (`corpus/zoektermen.md`) as a lexical signal beside the embedding.

A term counts when every (stemmed) content word of it is in the message: "verward" in "onze bovenbuurman is erg
verward en praat tegen zichzelf" is a Wijk en Psychiatrie term, though the embedding ranks Buurtbemiddeling first
on "bovenbuurman". A term several approaches list counts for each by 1 / that number. The sum per approach is the
signal; the retriever adds :attr:`RetrievalConfig.term_weight` times it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from assistant.retrieve.lexical import Tokenizer


class TermMatcher:
    def __init__(self, terms: Iterable[tuple[str, Iterable[str]]], tokenize: Tokenizer | None = None) -> None:
        self.tokenize = tokenize or Tokenizer()
        self.terms: dict[str, set[frozenset[str]]] = {}
        for target, phrases in terms:
            stems = {frozenset(self.tokenize(p)) for p in phrases}
            self.terms.setdefault(target, set()).update(s for s in stems if s)
        shared = Counter(s for stems in self.terms.values() for s in stems)
        self.weight = {s: 1.0 / n for s, n in shared.items()}

    def match(self, query: str) -> dict[str, float]:
        words = set(self.tokenize(query))
        found = {t: sum(self.weight[s] for s in stems if s <= words) for t, stems in self.terms.items()}
        return {t: score for t, score in found.items() if score}
