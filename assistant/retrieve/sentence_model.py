"""Which sentence of a general section a general question asks for: a classifier over the message's embedding.

The editors' questions (`corpus/vragen.md`) name, per sentence of the general sections, how readers ask for it; the
nearest one (:class:`assistant.retrieve.questions.QuestionMatcher`) chose the sentence to quote. Five questions per
sentence cover few phrasings and fewer languages: on everyday dev's 1,042 general questions whose fact lies in one
sentence, the nearest editors' question named that sentence for 0.702 (Dutch 0.740, other languages 0.592).

A logistic regression over the same vector, trained on the editors' questions plus everyday dev's general questions
(written by some 40 helpers, in seven languages), names it for 0.911 (Dutch 0.940, other languages 0.827),
cross-validated by batch: each fifth of the batches scored by a model trained without it (`wijkwijzer general cv`).
C = 1 / 4 / 16 / 64 / 256 / 1024: 0.590 / 0.829 / 0.895 / 0.911 / 0.910 / 0.905. The questions' own cosine still
decides whether a message is a general question at all; this model only chooses the sentence.

Stored for one embedding model in `templates/sentence_model.npz`, written by `wijkwijzer general train`. Labels are
the sentences themselves: a sentence the editors removed is never quoted, one they added is found the old way
until the model is trained again.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np

from assistant.blas import one_thread
from assistant.settings import PROJECT_ROOT

MODEL_FILE = PROJECT_ROOT / "assistant" / "templates" / "sentence_model.npz"
C_SENTENCES = 64.0  # see the module docstring


class SentenceModel:
    """Per sentence of a general section, a row of weights over the embedding."""

    def __init__(self, model_id: str, labels: Sequence[str], coef: np.ndarray, bias: np.ndarray) -> None:
        self.model_id = model_id
        self.labels = tuple(labels)
        self.coef = coef
        self.bias = bias

    def probabilities(self, vector: np.ndarray) -> np.ndarray:
        """One probability per label (:attr:`labels`), summing to 1."""
        with one_thread():  # see assistant/blas.py
            z = self.coef @ np.asarray(vector, dtype=np.float32) + self.bias
        e = np.exp(z - z.max())
        return np.asarray(e / e.sum())

    @classmethod
    def fit(cls, model_id: str, vectors: np.ndarray, sentences: Sequence[str], c: float = C_SENTENCES) -> SentenceModel:
        """From question vectors and the sentence each asks for."""
        from sklearn.linear_model import LogisticRegression

        fitted = LogisticRegression(C=c, max_iter=5000).fit(np.asarray(vectors, dtype=np.float32), list(sentences))
        return cls(
            model_id,
            [str(s) for s in fitted.classes_],
            fitted.coef_.astype(np.float32),
            fitted.intercept_.astype(np.float32),
        )

    def save(self, path: Path = MODEL_FILE) -> None:
        meta = {"model_id": self.model_id, "labels": list(self.labels)}
        np.savez_compressed(path, meta=np.array(json.dumps(meta)), coef=self.coef.astype(np.float32), bias=self.bias)

    @classmethod
    def load(cls, path: Path | None = None) -> SentenceModel | None:
        """The shipped model (or the one at `path`); None when there is none."""
        source = path or resources.files("assistant").joinpath("templates/sentence_model.npz")
        if not source.is_file():
            return None
        with source.open("rb") as f, np.load(f) as data:
            meta = json.loads(str(data["meta"]))
            return cls(str(meta["model_id"]), meta["labels"], data["coef"].astype(np.float32), data["bias"])
