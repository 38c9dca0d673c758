"""Vectors of fixed texts (the editors' situations and questions) kept in a file beside the index, so that a start
does not embed them again: about 100 situation lines and 300 questions took 2–3 s each at every warm-up.

The file holds one matrix and a key (the model id and every text, hashed): any change to the texts or the model
embeds them again and rewrites the file. A folder that cannot be written is not an error — the vectors are then
computed at every start, as before.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.embed.base import Embedder


def _key(model_id: str, texts: Sequence[str]) -> str:
    digest = hashlib.sha256(model_id.encode())
    for t in texts:
        digest.update(b"\x1f" + t.encode())
    return digest.hexdigest()


def cached_vectors(embedder: Embedder, texts: Sequence[str], path: Path | None) -> np.ndarray:
    """`embedder.embed_queries(texts)`, read from `path` when it holds the same texts and model, else computed and
    written there (atomically). `path` None: always computed."""
    if not texts:
        return np.zeros((0, 1), dtype=np.float32)
    key = _key(embedder.model_id, texts)
    if path is not None and path.is_file():
        try:
            with np.load(path, allow_pickle=False) as stored:
                if str(stored["key"]) == key:
                    return np.asarray(stored["vectors"], dtype=np.float32)
        except (OSError, ValueError, KeyError):  # unreadable or another layout: embed again
            pass
    vectors = np.asarray(embedder.embed_queries(list(texts)), dtype=np.float32)
    if path is not None:
        _write(path, key, vectors)
    return vectors


def _write(path: Path, key: str, vectors: np.ndarray) -> None:
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz")
        with os.fdopen(fd, "wb") as f:
            np.savez(f, key=np.array(key), vectors=vectors)
        os.replace(tmp, path)
    except OSError:  # a read-only folder: computed again at the next start
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
