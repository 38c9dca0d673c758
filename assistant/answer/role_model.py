"""The learned half of the writer's role (:mod:`assistant.answer.roles`): a
:class:`~assistant.answer.label_model.LabelModel` over the four roles, trained on the role bank in `eval/roles/`
(`wijkwijzer roles train`); weights in `templates/role_model.npz`."""

from __future__ import annotations

from typing import ClassVar, get_args

from assistant.answer.label_model import LabelModel
from assistant.types import Role

LABELS: tuple[Role, ...] = get_args(Role)
MODEL_FILE = "templates/role_model.npz"


class RoleModel(LabelModel):
    LABELS: ClassVar[tuple[str, ...]] = LABELS
    MODEL_FILE: ClassVar[str] = MODEL_FILE
