"""Retrieval metrics (hit@k, MRR) for several retrieval modes in one run."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.evaluation.dataset import EvalItem
from assistant.retrieve.retriever import Retriever

RETRIEVAL_KINDS = ("approach", "factual")


@dataclass(frozen=True)
class RetrievalScores:
    mode: str
    n: int
    hit1: float
    hit3: float
    hit5: float
    mrr: float
    misses: tuple[tuple[str, str, tuple[str, ...]], ...]  # (item id, question, top-3) where hit@1 failed


def rank_of(targets: Sequence[str], expected: Iterable[str]) -> int | None:
    wanted = set(expected)
    return next((i + 1 for i, t in enumerate(targets) if t in wanted), None)


def retrieval_items(items: Iterable[EvalItem]) -> list[EvalItem]:
    """Single-turn questions with expected approaches."""
    return [i for i in items if i.kind in RETRIEVAL_KINDS and i.expected]


def evaluate(retriever: Retriever, items: Sequence[EvalItem], mode: str, k: int = 10) -> RetrievalScores:
    ranks: list[int | None] = []
    misses = []
    for item in items:
        targets = [h.target for h in retriever.search(item.question, k=k, mode=mode, approaches_only=True)]
        rank = rank_of(targets, item.expected)
        ranks.append(rank)
        if rank != 1:
            misses.append((item.id, item.question, tuple(targets[:3])))
    n = len(ranks) or 1

    def hit(k: int) -> float:
        return sum(1 for r in ranks if r is not None and r <= k) / n

    mrr = sum(1 / r for r in ranks if r) / n
    return RetrievalScores(mode, len(ranks), hit(1), hit(3), hit(5), mrr, tuple(misses))
