"""Training a :class:`~assistant.answer.label_model.LabelModel` (`wijkwijzer crisis train`, `wijkwijzer intent
train`). Needs scikit-learn; the app itself only loads the weights."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

from assistant.answer.label_model import N_FEATURES, LabelModel, char_features
from assistant.embed.base import Embedder

M = TypeVar("M", bound=LabelModel)
#: Regularisation, chosen on the crisis bank's dev split (`wijkwijzer crisis train --c-vector/--c-char`; see the
#: README, "Crisis"). The intent model uses the same values; they were not tuned on the intent bank.
C_VECTOR = 4.0
C_CHAR = 8.0


def char_matrix(texts: Sequence[str]) -> Any:  # scipy.sparse.csr_matrix
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    for t in texts:
        idx, val = char_features(t)
        indices.append(idx)
        data.append(val)
        indptr.append(indptr[-1] + len(idx))
    return csr_matrix((np.concatenate(data), np.concatenate(indices), np.array(indptr)), shape=(len(texts), N_FEATURES))


def fit_model(
    cls: type[M],
    texts: Sequence[str],
    y: np.ndarray,
    embedder: Embedder,
    c_vector: float,
    c_char: float,
    vectors: Callable[[Sequence[str]], np.ndarray] | None = None,
    meta: dict[str, object] | None = None,
    labels: Sequence[str] = (),
) -> M:
    """Both regressions (class-balanced) and the neighbours on `texts` labelled `y` (indices into `cls.LABELS`, or
    into `labels` for a model whose labels are data)."""
    from sklearn.linear_model import LogisticRegression

    labels = tuple(labels) or cls.LABELS
    x_vec = np.asarray((vectors or embedder.embed_queries)(list(texts)), dtype=np.float32)
    vec = LogisticRegression(C=c_vector, max_iter=5000, class_weight="balanced").fit(x_vec, y)
    char = LogisticRegression(C=c_char, max_iter=5000, class_weight="balanced").fit(char_matrix(texts), y)
    unit = x_vec / np.maximum(np.linalg.norm(x_vec, axis=1, keepdims=True), 1e-12)
    return cls(
        model_id=embedder.model_id,
        vector_coef=_all_labels(vec, labels, x_vec.shape[1]),
        vector_bias=_all_labels_bias(vec, labels),
        char_coef=_all_labels(char, labels, N_FEATURES),
        char_bias=_all_labels_bias(char, labels),
        meta={
            **(meta or {}),
            "samples": len(texts),
            "c_vector": c_vector,
            "c_char": c_char,
            "labels": list(labels),
            "by_label": {label: int((y == i).sum()) for i, label in enumerate(labels)},
        },
        knn_vectors=unit,
        knn_labels=y,
    )


def _all_labels(model: Any, labels: Sequence[str], dim: int) -> np.ndarray:
    """Coefficients with a row for every label (a label without samples never wins: a very low bias)."""
    out = np.zeros((len(labels), dim), dtype=np.float32)
    if len(model.classes_) == 2:  # one row, for the second class: softmax of (0, z) is its logistic probability
        out[model.classes_[1]] = model.coef_[0]
    else:
        out[model.classes_] = model.coef_
    return out


def _all_labels_bias(model: Any, labels: Sequence[str]) -> np.ndarray:
    out = np.full(len(labels), -30.0, dtype=np.float32)
    if len(model.classes_) == 2:
        out[model.classes_[0]], out[model.classes_[1]] = 0.0, model.intercept_[0]
    else:
        out[model.classes_] = model.intercept_
    return out
