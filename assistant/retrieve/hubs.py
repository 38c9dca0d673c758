"""Hubs: approaches that score high against almost every question (ABCD-methode, Right to challenge: their
entries speak of residents, neighbourhoods and participation in general). Each approach's bias is its mean score
over many real questions (the intent bank's `approach` messages, `train` split) minus the mean over all
approaches; retrieval subtracts half of it (:data:`assistant.retrieve.retriever.RetrievalConfig.hub_weight`).

Measured with the biases fit on the train split (issue #14): the intent bank's dev approach questions in other
languages than Dutch had an expected approach in the top 3 for 0.838 → 0.865 (37 questions), the team's eval
questions (134 approach questions) 0.933 → 0.940, first 0.724 → 0.776; weight 1.0 gave 0.865, 0.925 and 0.791.
Stored per embedding model in `templates/hubs.json`, written by `wijkwijzer calibrate`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from assistant.retrieve.retriever import Retriever

#: In the source tree, not the installed package: the fitted values are committed with the code.
HUBS_FILE = PROJECT_ROOT / "assistant" / "templates" / "hubs.json"


@cache
def _all() -> dict[str, dict[str, float]]:
    source = resources.files("assistant").joinpath("templates/hubs.json")
    return dict(json.loads(source.read_text())) if source.is_file() else {}


def hub_biases(model_id: str) -> dict[str, float]:
    """Approach → bias for this embedding model; empty for a model without fitted biases."""
    return dict(_all().get(model_id, {}))


def fit_hubs(retriever: Retriever, questions: Sequence[str]) -> dict[str, float]:
    """Each approach's mean score over `questions` minus the mean over all approaches (without the hub correction,
    the known questions' votes, the editors' search words and situations)."""
    sums: dict[str, list[float]] = {}
    for q in questions:
        hits = retriever.search(
            q, k=100, approaches_only=True, hub_weight=0.0, vote_weight=0.0, term_weight=0.0, situation_weight=0.0
        )
        for h in hits:
            sums.setdefault(h.target, []).append(h.score)
    means = {t: sum(v) / len(v) for t, v in sums.items()}
    overall = sum(means.values()) / len(means) if means else 0.0
    return {t: round(m - overall, 5) for t, m in sorted(means.items())}


def save_hubs(model_id: str, biases: dict[str, float], target: Path = HUBS_FILE) -> Path:
    data = json.loads(target.read_text()) if target.exists() else {}
    data[model_id] = biases
    target.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    _all.cache_clear()
    return target
