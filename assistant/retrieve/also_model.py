"""Which other approach also fits a message, learned from the everyday bank's full gold lists: the second approach an
answer shows beside the best one (:meth:`AlsoFits.second`).

Every advisor round named "only one approach where a second clearly fits" (advisors 82 a/b: 9 and 10 of 25).
Retrieval returns a second approach within its gap for only 0.5% of everyday dev's long stories, and the approach model
(:mod:`.approach_model`) cannot say which: it learns each message's first approach only, so its probabilities for a
second one are small (cross-validated, a second with p ≥ 0.3 shown for 1.5% of long stories, 0.60 of them in the gold
list). This model learns every approach of each message's gold list ("expected": the approaches a Movisie advisor
would accept), one yes/no per approach: logistic regression over the message's embedding (sigmoid) and the share of
its 15 nearest bank messages whose list holds the approach, averaged.

Cross-validated on everyday dev's 9,030 long and chat messages, by batch: the best approach other than retrieval's
first, shown from a floor (:data:`~assistant.answer.margins.ALSO_FITS`, 0.5). Long stories (shown / in the gold list /
of the stories with two or more in their list, the second found): 0.3 → 0.237 / 0.495 / 0.462, 0.4 → 0.122 / 0.640 /
0.309, 0.5 → 0.060 / 0.769 / 0.182; chat messages 0.4 → 0.045 / 0.598 / 0.250, 0.5 → 0.022 / 0.741 / 0.160.
Regularisation C 1, 4 and 16 were within 0.04 of each other at the same share shown. (Measured with retrieval's first
under a cross-validated approach model too; `wijkwijzer also cv` takes the shipped retrieval's first.)

The model belongs to the embedding model it was trained with; under another one it gives nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import ClassVar

import numpy as np

from assistant.answer.label_model import Lazy
from assistant.blas import one_thread
from assistant.embed.base import Embedder

#: Nearest bank messages whose gold lists vote (cross-validated: 10 and 25 within 0.02 of 15).
KNN_K = 15


@dataclass(frozen=True)
class AlsoModel:
    """The weights: one logistic regression per approach and the bank's messages with their gold lists."""

    MODEL_FILE: ClassVar[str] = "templates/also_model.npz"

    model_id: str
    labels: tuple[str, ...]
    coef: np.ndarray  # (labels, dim)
    bias: np.ndarray  # (labels,)
    knn_vectors: np.ndarray  # (samples, dim), unit length
    knn_sets: np.ndarray  # (samples, labels) 1 where the message's gold list holds the approach
    meta: dict[str, object]

    def fits(self, vector: np.ndarray) -> np.ndarray:
        """(labels,) how well each approach also fits the message with this embedding, 0–1."""
        with one_thread():  # see assistant/blas.py
            v = np.asarray(vector, dtype=np.float32)
            linear = 1.0 / (1.0 + np.exp(-(self.coef @ v + self.bias)))
            sims = self.knn_vectors @ (v / max(float(np.linalg.norm(v)), 1e-12))
            top = np.argpartition(-sims, KNN_K - 1)[:KNN_K]
            return np.asarray((linear + self.knn_sets[top].mean(axis=0)) / 2)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            coef=self.coef.astype(np.float32),
            bias=self.bias.astype(np.float32),
            knn_vectors=self.knn_vectors.astype(np.float16),
            knn_sets=self.knn_sets.astype(np.uint8),
            meta=np.array(json.dumps({**self.meta, "model_id": self.model_id, "labels": list(self.labels)})),
        )

    @classmethod
    def load(cls, path: Path | None = None) -> AlsoModel:
        source = path or resources.files("assistant").joinpath(cls.MODEL_FILE)
        with source.open("rb") as f, np.load(f) as data:
            meta = json.loads(str(data["meta"]))
            return cls(
                model_id=str(meta["model_id"]),
                labels=tuple(str(x) for x in meta["labels"]),
                coef=data["coef"].astype(np.float32),
                bias=data["bias"].astype(np.float32),
                knn_vectors=data["knn_vectors"].astype(np.float32),
                knn_sets=data["knn_sets"].astype(np.float32),
                meta=meta,
            )


def fit(labels: tuple[str, ...], vectors: np.ndarray, sets: np.ndarray, model_id: str, c: float = 4.0) -> AlsoModel:
    """The model on bank messages with these embeddings (`vectors`) and gold lists (`sets`, messages × `labels`)."""
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(vectors, dtype=np.float32)
    coef, bias = np.zeros((len(labels), x.shape[1]), np.float32), np.full(len(labels), -30.0, np.float32)
    for j in range(len(labels)):
        if 0 < sets[:, j].sum() < len(x):  # (an approach no message lists never fits)
            m = LogisticRegression(C=c, max_iter=2000).fit(x, sets[:, j])
            coef[j], bias[j] = m.coef_[0], m.intercept_[0]
    unit = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    meta: dict[str, object] = {"samples": len(x), "c": c, "knn_k": KNN_K}
    return AlsoModel(model_id, labels, coef, bias, unit, np.asarray(sets, np.float32), meta)


class AlsoFits:
    """The model (`templates/also_model.npz`, loaded on first use): the second approach for a message."""

    def __init__(self, embedder: Embedder, model: AlsoModel | None = None) -> None:
        self.embedder, self._lazy = embedder, Lazy(AlsoModel.load, model)

    @property
    def model(self) -> AlsoModel | None:
        return self._lazy.model

    def warm_up(self) -> None:
        self._lazy.warm_up()

    def second(self, vector: np.ndarray | None, first: str, floor: float) -> str | None:
        """The approach other than `first` that fits the message (embedded as `vector`) best, when it scores at least
        `floor`; None without the model, under another embedding model, or when none does."""
        model = self.model
        if model is None or vector is None or self.embedder.model_id != model.model_id:
            return None
        q = model.fits(vector)
        order = [j for j in np.argsort(-q) if model.labels[j] != first]
        return model.labels[order[0]] if order and q[order[0]] >= floor else None
