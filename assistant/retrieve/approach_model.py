"""Which approach a message is about, learned from the everyday bank: a
:class:`~assistant.answer.label_model.LabelModel` (logistic regression over the message's embedding, its 10 nearest
bank messages, logistic regression over character n-grams; averaged) whose labels are the overview's approaches.

Trained by `wijkwijzer approaches train` on everyday dev's long stories and chat messages (6,154 in stop 52, each
labelled with the approach a Movisie advisor named first) and measured by `wijkwijzer approaches cv`, which answers
each fifth of dev's batches (files) with a model trained on the other four. Retrieval adds
``weight * (p - max p)`` to each approach's score (:data:`~assistant.retrieve.retriever.RetrievalConfig.model_weight`)
and then raises every approach alike, so the best approach scores what the best scored without the model: it
re-orders the approaches, and the general sections compare with the best score as before. The refusal floors read
the search without it, as they were calibrated (:func:`~assistant.retrieve.retriever.without_model`).

Why: the dense score and its corrections confuse approaches that share words (Futsal Chabbab, Thuis op Straat and
Citytrainers are all "jongeren op een plein"; Buurtbemiddeling and Wijk en Psychiatrie both "een lastige buurman").
Cross-validated by batch (`wijkwijzer approaches cv`, stop 52), long stories top 3 / first 0.984 / 0.902 → 0.999 /
0.981 and chat messages 0.990 / 0.933 → 0.999 / 0.984 at weight 0.15. In a first run with the batches shuffled into
folds, weights 0.1–0.3 were within 0.002 of each other, and every language gained (Turkish first 0.856 → 0.963,
Arabic 0.855 → 0.974).

The model belongs to the embedding model it was trained with; under another one (the hash embedder in tests, an
English sentence-transformers model) it is left out entirely, as the editors' situations are.
"""

from __future__ import annotations

from functools import cache
from typing import ClassVar

import numpy as np

from assistant.answer.label_model import LabelModel
from assistant.embed.base import Embedder


class ApproachModel(LabelModel):
    """Labels: the approaches it was trained on (in its weights file), not a fixed list."""

    MODEL_FILE: ClassVar[str] = "templates/approach_model.npz"


@cache
def shipped() -> ApproachModel | None:
    """The packaged weights, loaded once per process (0.2 s; every service in the tests builds a retriever); None
    before `wijkwijzer approaches train` has written them."""
    try:
        return ApproachModel.load()
    except FileNotFoundError:
        return None


class ApproachScores:
    """Per approach, ``p - max p`` for one message (empty when the model is missing or from another embedder)."""

    def __init__(self, embedder: Embedder, model: ApproachModel | None = None) -> None:
        self.embedder, self._model = embedder, model

    @property
    def model(self) -> ApproachModel | None:
        return self._model if self._model is not None else shipped()

    def warm_up(self) -> None:
        _ = self.model

    def deficits(self, text: str, vector: np.ndarray | None) -> dict[str, float]:
        model = self.model
        if model is None or vector is None or self.embedder.model_id != model.model_id:
            return {}
        p = model.probabilities([text], np.asarray([vector]))[0]
        top = float(p.max())
        return {name: float(x) - top for name, x in zip(model.labels, p, strict=True)}
