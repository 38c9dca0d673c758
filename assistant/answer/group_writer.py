"""Whether a group of residents writes: residents who act together and speak for themselves (a bewonerscommissie, a
few neighbours with a plan), who get the editors' group step (`corpus/volgende-stap.md`) and not a provider's "Help
een bewonersgroep …" nor one resident's step.

The patterns (:func:`~assistant.answer.persona.resident_group`) read Dutch only: advisors 85 b found "Somos un grupo
de vecinos …" told "Ayuda a un grupo de residentes" (Right to challenge, next step 2), and a Dutch "Een groep
bewoners wil het zelf gaan beheren … We hebben al een plan" told the same. A :class:`~.label_model.LabelModel` over
two labels, trained on the group bank in `eval/group/` (`wijkwijzer group train`), written by helper sessions from
`eval/briefs/group.md` with look-alikes on purpose (one resident who says "we" for the family, staff who say "we" for
their organisation, writers about a group they are not in), is the learned signal beside them; weights in
`templates/group_model.npz`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from assistant.answer.label_model import LabelModel, LazyModel
from assistant.answer.persona import resident_group

if TYPE_CHECKING:
    import numpy as np

    from assistant.embed.base import Embedder

LABELS: tuple[str, ...] = ("alleen", "groep")
MODEL_FILE = "templates/group_model.npz"
#: The model reads a group from this probability. Trained on the helpers' 800 (`train_a`, `train_b`) alone, it read
#: 2,285 of everyday dev's 9,274 long and chat messages as groups at 0.5; a helper labelled 250 of those and 250
#: others (`eval/briefs/group_label.md`): 48 and 16 were groups. Half of those 500 went into training
#: (`train_everyday`), half is dev (`dev_everyday`). Groups read / others read as a group, dev_everyday (29 groups of
#: 250) and the helpers' dev2 (135 of 299), with the patterns alone 0.069 / 0 and 0.200 / 0: at 0.4 0.828 / 0.127 and
#: 0.993 / 0.091; 0.5 0.690 / 0.072 and 0.933 / 0.042; 0.6 0.483 / 0.009 and 0.815 / 0.006; 0.7 0.172 / 0 and
#: 0.637 / 0. A lone resident told "jullie zijn al een groep" is worse than a group told one resident's step: 0.6.
#: There, 310 more of everyday dev's 9,274 messages read as a group; a helper briefed as a Movisie advisor compared 24
#: of their answers with the patterns' alone, blind to which was which: next step better 17, worse 4; overall better
#: 17, worse 6 (a party to a quarrel, families who still complain one by one, shopkeepers). The group bank's blind
#: split (250, 113 groups, scored once): groups read 0.841 (patterns alone 0.124), others read as a group 0.000.
GROUP_AT = 0.6


class GroupModel(LabelModel):
    LABELS: ClassVar[tuple[str, ...]] = LABELS
    MODEL_FILE: ClassVar[str] = MODEL_FILE


class GroupReader:
    """The group model (loaded on first use) with the patterns; the patterns alone without its weights or under
    another embedding model."""

    def __init__(self, embedder: Embedder | None = None, model: GroupModel | None = None) -> None:
        self._lazy = LazyModel(GroupModel, embedder, model)

    def warm_up(self) -> None:
        self._lazy.warm_up()

    def probability(self, text: str, vector: np.ndarray | None) -> float | None:
        """The model's probability that a group of residents writes; None without its weights or a vector of its
        model."""
        probs = self._lazy.with_vector(text, vector)
        return None if probs is None else probs["groep"]

    def is_group(self, text: str, vector: np.ndarray | None, at: float = GROUP_AT) -> bool:
        return reads_group(text, self.probability(text, vector), at)


def reads_group(text: str, probability: float | None, at: float = GROUP_AT) -> bool:
    """A group of residents writes `text`: the patterns say so, or the model's `probability` is at least `at`."""
    return resident_group(text) or (probability is not None and probability >= at)
