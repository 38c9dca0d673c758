"""The editors' search words (`corpus/zoektermen.md`) as a lexical signal beside the embedding.

A term counts when its words occur in the message in a row, stemmed and with every word kept ("niet gehoord
worden" is not "gehoord"; "wat bewoners kunnen" is not every message with "bewoners"): "verward" in "onze
bovenbuurman is erg verward en praat tegen zichzelf" is a Wijk en Psychiatrie term, though the embedding ranks
Buurtbemiddeling first on "bovenbuurman". "ouderen" keeps its own token: the Dutch stemmer makes it "ouder", as it
does "ouders", and the overview has approaches for each. A term several approaches list counts for each by 1 / that
number. A one-word term also counts when the message writes it as two words ("buren ruzie" for "burenruzie":
scored 0.819 against the refusal floor of 0.826 and was refused, intent dev_blind21). The sum per approach is the
signal; the retriever adds :attr:`RetrievalConfig.term_weight` times it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from assistant.retrieve.lexical import Tokenizer

_ELDERLY = re.compile(r"\boudere(n)?\b")


def _prepared(text: str) -> str:
    """Lower case, "ouderen" kept apart from "ouders" (see the module's docstring)."""
    return _ELDERLY.sub("ouderen_", text.lower())


class TermMatcher:
    def __init__(self, terms: Iterable[tuple[str, Iterable[str]]], tokenize: Tokenizer | None = None) -> None:
        self.tokenize = tokenize or Tokenizer(stop_words=False)
        per_target: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for target, phrases in terms:
            per_target[target].update(t for t in (tuple(self.tokenize(_prepared(p))) for p in phrases) if t)
        shared = Counter(t for found in per_target.values() for t in found)
        self.weight = {t: 1.0 / n for t, n in shared.items()}
        self.by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for target, found in per_target.items():
            for t in found:
                self.by_first[t[0]].append((target, t))

    def match(self, query: str) -> dict[str, float]:
        prepared = _prepared(query)
        words = self.tokenize(prepared)
        seen: set[tuple[str, tuple[str, ...]]] = set()
        for i, w in enumerate(words):
            for target, term in self.by_first.get(w, ()):
                if tuple(words[i : i + len(term)]) == term:
                    seen.add((target, term))
        for w in self.tokenize.joined(prepared):
            seen.update((target, term) for target, term in self.by_first.get(w, ()) if len(term) == 1)
        found: dict[str, float] = defaultdict(float)
        for target, term in seen:
            found[target] += self.weight[term]
        return dict(found)
