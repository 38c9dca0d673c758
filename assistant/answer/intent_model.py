"""The learned half of the intent step: a :class:`~assistant.answer.label_model.LabelModel` over :data:`LABELS`,
trained on the intent bank in `eval/intent/` (`wijkwijzer intent train`); weights in `templates/intent_model.npz`."""

from __future__ import annotations

from typing import ClassVar, get_args

from assistant.answer.label_model import LabelModel
from assistant.types import Asked

LABELS: tuple[Asked, ...] = get_args(Asked)
MODEL_FILE = "templates/intent_model.npz"


class IntentModel(LabelModel):
    LABELS: ClassVar[tuple[str, ...]] = LABELS
    MODEL_FILE: ClassVar[str] = MODEL_FILE
