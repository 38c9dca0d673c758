"""Citation correctness: every [n] refers to a listed source; the cited approaches are expected ones
(precision) and the expected ones are cited (recall)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from assistant.answer.check import citations
from assistant.types import Answer


@dataclass(frozen=True)
class CitationCheck:
    markers: tuple[int, ...]  # every [n] in the text, in order
    invalid: tuple[int, ...]  # markers that refer to no listed source
    cited: tuple[str, ...]  # approaches cited through a valid marker (general sections excluded)
    precision: float | None  # share of cited approaches that are expected (None: nothing cited or expected)
    recall: float | None  # share of expected approaches that are cited (None: nothing expected)

    @property
    def valid(self) -> bool:
        return not self.invalid


def cited_approaches(answer: Answer) -> tuple[str, ...]:
    """Approaches the text cites with a marker that refers to a listed source, in order of first citation."""
    by_n = {s.n: s for s in answer.sources}
    names = [by_n[n].approach for n in citations(answer.text) if n in by_n and by_n[n].kind == "approach"]
    return tuple(dict.fromkeys(names))


def precision_recall(cited: Collection[str], expected: Collection[str]) -> tuple[float | None, float | None]:
    got, want = set(cited), set(expected)
    precision = len(got & want) / len(got) if got and want else None
    recall = len(got & want) / len(want) if want else None
    return precision, recall


def check_citations(answer: Answer, expected: Collection[str], cited: Collection[str] | None = None) -> CitationCheck:
    """`cited` overrides what counts as cited (the naive baseline has no markers; see `baselines.py`)."""
    markers = tuple(citations(answer.text))
    numbers = {s.n for s in answer.sources}
    invalid = tuple(dict.fromkeys(n for n in markers if n not in numbers))
    names = tuple(cited) if cited is not None else cited_approaches(answer)
    precision, recall = precision_recall(names, expected)
    return CitationCheck(markers, invalid, names, precision, recall)
