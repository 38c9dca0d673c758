"""Fitting the answerer's refusal thresholds (`wijkwijzer calibrate`), stored per embedding model and language in
`templates/calibration.json`, which :func:`assistant.answer.draft.calibration` reads."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answer.intent import detect_language, unsupported_fact
from assistant.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from assistant.evaluation.dataset import EvalItem
    from assistant.retrieve.retriever import Retriever

#: In the source tree, not the installed package: the fitted values are committed with the code.
CALIBRATION_FILE = PROJECT_ROOT / "assistant" / "templates" / "calibration.json"


def calibrate(retriever: Retriever, items: Sequence[EvalItem], margin: float = 0.002) -> dict[str, float]:
    """Per language: the lowest threshold on the top dense score that refuses every out-of-scope question
    that the 'facts never given' rule does not already catch. Fit on the `dev` split only: the hold-out
    questions were written after the design choices and must not tune them."""
    thresholds: dict[str, float] = {}
    for item in items:
        if item.split != "dev" or item.kind != "out_of_scope" or unsupported_fact(item.question):
            continue
        top = retriever.search(item.question, k=1, model_weight=0.0)[0]  # as the answerer's floor reads it
        language = detect_language(item.question)
        thresholds[language] = max(thresholds.get(language, 0.0), round(top.signals["dense"] + margin, 4))
    return thresholds


def save_calibration(model_id: str, thresholds: dict[str, float], target: Path = CALIBRATION_FILE) -> Path:
    """Store the thresholds of one model next to those of the others; returns the file written."""
    data = json.loads(target.read_text()) if target.exists() else {}
    data[model_id] = thresholds
    target.write_text(json.dumps(data, indent=1) + "\n")
    return target
