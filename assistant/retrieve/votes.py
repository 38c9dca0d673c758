"""Votes of known questions: the intent bank's `approach` messages (`train` split) with the approaches a helper
named for each, embedded with the app's model. A new question's nearest known questions vote for their approaches
(weighted by 1 / (1 − cosine), the first-named approach 1.0, the others 0.5), and retrieval adds a small share of
the normalised vote to each approach's score (:data:`assistant.retrieve.retriever.RetrievalConfig.vote_weight`).

Why: multilingual-e5 places questions close to questions across languages far better than questions close to the
Dutch overview ("my neighbours make noise every night" in Arabic lands next to Dutch questions about burenruzie,
not next to the Buurtbemiddeling entry). Measured when it was added (issue #14), with the hub correction on: the
team's eval questions (134 approach questions, written apart from the bank) first 0.761 → 0.873 and top 3
0.940 → 0.978; the intent bank's dev approach questions top 3 0.759 → 0.966 (Dutch, 29) and 0.892 → 0.946 (other
languages, 37). Weight 0.01–0.04 and 5–20 neighbours were tried; 0.02 with 20 was best on the three together.
The same for list questions ("welke aanpakken zijn er voor jongeren"), whose named approaches all weigh 1.0: the
answerer lists what the 3 nearest known list questions vote for (at least half the best vote) together with the
approaches retrieval puts close to the best (:mod:`assistant.answer.extractive`). On the dev list questions (41):
recall 0.84 → 0.93 and precision 0.45 → 0.75 (5.9 approaches shown instead of 11).
Stored for one embedding model in `templates/question_votes.npz`, written by `wijkwijzer intent train`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from assistant.blas import one_thread
from assistant.embed.base import Embedder
from assistant.settings import PROJECT_ROOT

VOTES_FILE = PROJECT_ROOT / "assistant" / "templates" / "question_votes.npz"
NEIGHBOURS = 20
OTHERS_WEIGHT = 0.5  # an approach named after the first one


class QuestionVotes:
    """Known questions' vectors (unit length) and, per question, a weight for each approach."""

    def __init__(self, model_id: str, vectors: np.ndarray, weights: np.ndarray, names: Sequence[str]) -> None:
        self.model_id = model_id
        self.vectors = vectors
        self.weights = weights
        self.names = tuple(names)

    def votes(self, vector: np.ndarray, k: int = NEIGHBOURS) -> dict[str, float]:
        """Approach → its share of the nearest questions' votes, the best-voted approach 1.0."""
        if not len(self.vectors):
            return {}
        unit = vector / max(float(np.linalg.norm(vector)), 1e-12)
        with one_thread():  # see assistant/blas.py
            sims = self.vectors @ unit.astype(np.float32)
        k = min(k, len(sims))
        top = np.argpartition(-sims, k - 1)[:k]
        w = 1.0 / np.maximum(1.0 - sims[top], 1e-6)
        total = (w[:, None] * self.weights[top]).sum(axis=0)
        best = float(total.max())
        return {n: float(v) / best for n, v in zip(self.names, total, strict=True) if v > 0} if best > 0 else {}

    @classmethod
    def fit(
        cls, embedder: Embedder, questions: Sequence[tuple[str, Sequence[str]]], others: float = OTHERS_WEIGHT
    ) -> QuestionVotes:
        """From (question, approaches named for it, best first); `others`: the weight of all but the first (1.0
        for list questions, whose approaches are all equally asked for)."""
        names = sorted({n for _, named in questions for n in named})
        vectors = np.asarray(embedder.embed_queries([q for q, _ in questions]), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        weights = np.zeros((len(questions), len(names)), dtype=np.float32)
        for i, (_, named) in enumerate(questions):
            for pos, n in enumerate(named):
                weights[i, names.index(n)] = max(weights[i, names.index(n)], 1.0 if pos == 0 else others)
        return cls(embedder.model_id, vectors, weights, names)


def save_votes(sets: dict[str, QuestionVotes], path: Path = VOTES_FILE) -> None:
    """Several sets of known questions (by kind: "approach", "list") for one embedding model, in one file."""
    arrays: dict[str, np.ndarray] = {}
    for kind, votes in sets.items():
        arrays[f"{kind}_vectors"] = votes.vectors.astype(np.float16)
        arrays[f"{kind}_weights"] = votes.weights.astype(np.float16)
    model_ids = {v.model_id for v in sets.values()}
    assert len(model_ids) == 1, "one embedding model per file"
    meta = {"model_id": model_ids.pop(), "names": {kind: list(v.names) for kind, v in sets.items()}}
    np.savez_compressed(path, meta=np.array(json.dumps(meta)), **arrays)  # type: ignore[arg-type]
    _load.cache_clear()


@cache
def _load() -> dict[str, QuestionVotes]:
    source = resources.files("assistant").joinpath("templates/question_votes.npz")
    if not source.is_file():
        return {}
    with source.open("rb") as f, np.load(f) as data:
        meta = json.loads(str(data["meta"]))
        return {
            kind: QuestionVotes(
                str(meta["model_id"]),
                data[f"{kind}_vectors"].astype(np.float32),
                data[f"{kind}_weights"].astype(np.float32),
                [str(n) for n in names],
            )
            for kind, names in meta["names"].items()
        }


def question_votes(model_id: str, kind: str = "approach") -> QuestionVotes | None:
    """The shipped votes of this kind when they were made with this embedding model, else None (no votes)."""
    votes = _load().get(kind)
    return votes if votes is not None and votes.model_id == model_id else None
