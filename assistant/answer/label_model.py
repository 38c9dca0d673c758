"""A text classifier over the app's own signals: three models whose class probabilities are averaged.

- logistic regression over the message's embedding (the vector retrieval computes anyway; multilingual-e5 places
  "ik wil er een eind aan maken", "I want to end it" and "yaşamak istemiyorum" close together);
- the 10 nearest bank messages by that embedding (cosine, weighted by 1 / distance): close phrasings of known
  messages decide more sharply than one linear boundary;
- logistic regression over hashed character n-grams (2–5, within words), which carry chat spelling, typos and
  words the embedding blurs.

The crisis check (:mod:`assistant.answer.crisis_model`) and the intent step (:mod:`assistant.answer.intent_model`)
are two instances: each a subclass naming its labels and weights file, trained by :mod:`.label_train` on its bank.
Inference is numpy only. The vector parts belong to the embedding model they were trained with: under another
model (the hash embedder in tests, an English sentence-transformers model) only the n-gram part scores.
"""

from __future__ import annotations

import json
import math
import re
import threading
import unicodedata
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

import numpy as np

from assistant.blas import one_thread
from assistant.errors import ConfigError

if TYPE_CHECKING:
    from assistant.embed.base import Embedder

N_FEATURES = 1 << 18
NGRAMS = (2, 5)
KNN_K = 10

_SPACE = re.compile(r"\s+")
_WORDS = re.compile(r"\w+")
M = TypeVar("M", bound="LabelModel")
T = TypeVar("T")


def normalize(text: str) -> str:
    """Lower case, no accents (Latin script only; Arabic and Cyrillic keep their marks), repeats squeezed."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)
    return _SPACE.sub(" ", text).strip()


def char_features(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Hashed character n-grams of each word (with a space either side), sublinear tf, l2-normalised."""
    counts: dict[int, int] = {}
    for word in _WORDS.findall(normalize(text)):
        w = f" {word} "
        for n in range(NGRAMS[0], NGRAMS[1] + 1):
            for i in range(max(1, len(w) - n + 1)):
                h = zlib.crc32(w[i : i + n].encode("utf-8")) % N_FEATURES
                counts[h] = counts.get(h, 0) + 1
    if not counts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    idx = np.fromiter(counts, dtype=np.int64, count=len(counts))
    val = np.fromiter((1.0 + math.log(c) for c in counts.values()), dtype=np.float32, count=len(counts))
    return idx, val / np.linalg.norm(val)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=-1, keepdims=True))


@dataclass(frozen=True)
class LabelModel:
    """The weights of one classifier; subclasses set :attr:`LABELS` and :attr:`MODEL_FILE`. A subclass whose labels
    are data (the approaches of the overview) leaves :attr:`LABELS` empty: its labels are those it was trained on,
    kept in :attr:`meta`."""

    LABELS: ClassVar[tuple[str, ...]] = ()
    MODEL_FILE: ClassVar[str] = ""

    model_id: str  # the embedding model the vector half was trained on
    vector_coef: np.ndarray  # (labels, dim)
    vector_bias: np.ndarray  # (labels,)
    char_coef: np.ndarray  # (labels, N_FEATURES)
    char_bias: np.ndarray  # (labels,)
    meta: dict[str, object]  # bank sizes, training options, thresholds
    knn_vectors: np.ndarray | None = None  # (samples, dim), unit length: the training samples' embeddings
    knn_labels: np.ndarray | None = None  # (samples,) label index of each
    knn_k: int = KNN_K

    @property
    def labels(self) -> tuple[str, ...]:
        trained = self.meta.get("labels", ())
        return self.LABELS or (tuple(str(x) for x in trained) if isinstance(trained, list | tuple) else ())

    def probabilities(self, texts: list[str], vectors: np.ndarray | None) -> np.ndarray:
        """(n, labels) class probabilities; `vectors` None or from another model: the n-gram part alone."""
        with one_thread():  # see assistant/blas.py
            return self._probabilities(texts, vectors)

    def char_probabilities(self, texts: list[str]) -> np.ndarray:
        """(n, labels) the n-gram part alone: no embedding needed, a fraction of a millisecond per text."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        return softmax(np.stack([self._char_logits(t) for t in texts]))

    def _probabilities(self, texts: list[str], vectors: np.ndarray | None) -> np.ndarray:
        char_logits = np.stack([self._char_logits(t) for t in texts]) if texts else np.zeros((0, len(self.labels)))
        parts = [softmax(char_logits)]
        if vectors is not None and len(texts):
            v = np.asarray(vectors, dtype=np.float32)
            parts.append(softmax(v @ self.vector_coef.T + self.vector_bias))
            if self.knn_vectors is not None and self.knn_labels is not None:
                parts.append(self._neighbours(v))
        return np.asarray(sum(parts) / len(parts))

    def _neighbours(self, vectors: np.ndarray) -> np.ndarray:
        assert self.knn_vectors is not None and self.knn_labels is not None
        unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        sims = unit @ self.knn_vectors.T
        k = min(self.knn_k, sims.shape[1])
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        weights = 1.0 / np.maximum(1.0 - np.take_along_axis(sims, top, axis=1), 1e-6)
        out = np.zeros((len(vectors), len(self.labels)))
        np.add.at(out, (np.arange(len(vectors))[:, None], self.knn_labels[top]), weights)
        return np.asarray(out / out.sum(axis=1, keepdims=True))

    def _char_logits(self, text: str) -> np.ndarray:
        idx, val = char_features(text)
        return np.asarray(self.char_coef[:, idx] @ val + self.char_bias)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            vector_coef=self.vector_coef.astype(np.float32),
            vector_bias=self.vector_bias.astype(np.float32),
            char_coef=self.char_coef.astype(np.float16),  # halves the file; probabilities differ < 1e-3
            char_bias=self.char_bias.astype(np.float32),
            knn_vectors=np.zeros((0, 0), np.float16)
            if self.knn_vectors is None
            else self.knn_vectors.astype(np.float16),
            knn_labels=np.zeros(0, np.int8) if self.knn_labels is None else self.knn_labels.astype(np.int8),
            meta=np.array(
                json.dumps({**self.meta, "model_id": self.model_id, "labels": list(self.labels), "knn_k": self.knn_k})
            ),
        )

    @classmethod
    def load(cls: type[M], path: Path | None = None) -> M:
        source = path or resources.files("assistant").joinpath(cls.MODEL_FILE)
        with source.open("rb") as f, np.load(f) as data:
            meta = json.loads(str(data["meta"]))
            if cls.LABELS and tuple(meta.get("labels", ())) != cls.LABELS:
                raise ConfigError(f"model {source}: labels {meta.get('labels')} are not {list(cls.LABELS)}")
            return cls(
                model_id=str(meta["model_id"]),
                vector_coef=data["vector_coef"].astype(np.float32),
                vector_bias=data["vector_bias"].astype(np.float32),
                # kept as stored (float16): the same values, half the memory (six models, about 25 MB); a message's
                # few columns are taken to float32 when multiplied
                char_coef=data["char_coef"],
                char_bias=data["char_bias"].astype(np.float32),
                meta=meta,
                knn_vectors=data["knn_vectors"].astype(np.float32) if data["knn_vectors"].size else None,
                knn_labels=data["knn_labels"].astype(np.int64) if data["knn_labels"].size else None,
                knn_k=int(meta.get("knn_k", KNN_K)),
            )


class Lazy(Generic[T]):
    """Weights loaded on first use by `load` (cheap to build; :meth:`warm_up` loads them): None when their file is not
    there (not trained yet)."""

    def __init__(self, load: Callable[[], T], model: T | None = None) -> None:
        self._loader, self._model, self._load = load, model, model is None
        self._lock = threading.Lock()  # a rebuilt index's new answerer is not warmed: requests may race to load

    @property
    def model(self) -> T | None:
        with self._lock:
            if self._load:
                try:
                    self._model = self._loader()
                except FileNotFoundError:
                    self._model = None
                self._load = False
        return self._model

    def warm_up(self) -> None:
        _ = self.model


class LazyModel(Lazy[M]):
    """A label model loaded on first use (see :class:`Lazy`), and the class probabilities of one message with the
    vector the app computed anyway, whose part is used only when it comes from the embedding model the weights were
    trained with."""

    def __init__(self, cls: type[M], embedder: Embedder | None = None, model: M | None = None) -> None:
        super().__init__(cls.load, model)
        self.cls, self.embedder = cls, embedder

    def probabilities(self, text: str, vector: np.ndarray | None) -> dict[str, float] | None:
        model = self.model
        if model is None:
            return None
        same = self.embedder is not None and vector is not None and self.embedder.model_id == model.model_id
        p = model.probabilities([text], np.asarray([vector]) if same else None)[0]
        return {label: float(x) for label, x in zip(model.labels, p, strict=True)}

    def with_vector(self, text: str, vector: np.ndarray | None) -> dict[str, float] | None:
        """The class probabilities only where the vector part scores: None without the weights, without `vector` or
        under another embedding model than the one they were trained with (the tone, side-question and group readers:
        the n-gram half alone reads words, not whose they are)."""
        model = self.model
        if model is None or vector is None or self.embedder is None or self.embedder.model_id != model.model_id:
            return None
        return self.probabilities(text, vector)
