"""The second-approach model (:mod:`assistant.retrieve.also_model`): `wijkwijzer also train` fits it on everyday
dev's long stories and chat messages with their whole gold lists; `wijkwijzer also cv` measures it by batch, as
`wijkwijzer approaches cv` does, since everyday dev's figures are otherwise measured on its own training data.

`cv` answers each fifth of dev's batches (files) with a model trained on the other four and prints, per kind and
floor, how often a second approach is shown beside retrieval's first, how often it is in the message's gold list, and
for the messages whose list holds two or more, how often it is one of them. The blind split is never used here.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.evaluation.approaches import FOLDS, KINDS, approach_labels, embedded, labelled_messages
from assistant.evaluation.bank import add_model_commands, batch_folds

if TYPE_CHECKING:
    from assistant.evaluation.everyday import EverydayItem
    from assistant.service import WijkWijzer

FLOORS = (0.3, 0.4, 0.5)


def _sets(ww: WijkWijzer, items: list[EverydayItem]) -> tuple[tuple[str, ...], np.ndarray]:
    names = approach_labels(ww)
    sets = np.zeros((len(items), len(names)), np.float32)
    for i, item in enumerate(items):
        for name in item.expected:
            if name in names:
                sets[i, names.index(name)] = 1.0
    return names, sets


def cmd_also_train(args: argparse.Namespace) -> int:
    from assistant.retrieve.also_model import AlsoModel, fit
    from assistant.service import WijkWijzer
    from assistant.settings import PROJECT_ROOT

    ww = WijkWijzer()
    ww.warm_up()
    items = labelled_messages()
    names, sets = _sets(ww, items)
    model = fit(names, embedded(ww, items), sets, ww.embedder.model_id)
    out = args.out or PROJECT_ROOT / "assistant" / AlsoModel.MODEL_FILE
    model.save(out)
    print(f"Tweede-aanpakmodel: {len(items)} berichten (alledaags dev), {len(names)} aanpakken → {out}")
    return 0


def cmd_also_cv(args: argparse.Namespace) -> int:
    from assistant.retrieve.also_model import AlsoFits, fit
    from assistant.service import WijkWijzer

    ww = WijkWijzer()
    ww.warm_up()
    items = labelled_messages()
    names, sets = _sets(ww, items)
    vectors = embedded(ww, items)
    folds = batch_folds([i.source for i in items], FOLDS)
    first = [ww.retriever.search(i.text, k=1, approaches_only=True, vector=v)[0].target for i, v in zip(items, vectors)]
    rows: dict[tuple[str, float], list[tuple[bool, bool, bool]]] = {}
    for f in range(FOLDS):
        also = AlsoFits(ww.embedder, fit(names, vectors[folds != f], sets[folds != f], ww.embedder.model_id))
        for i in np.flatnonzero(folds == f):
            item = items[i]
            for floor in FLOORS:
                second = also.second(vectors[i], first[i], floor)
                hit = second is not None and second in item.expected
                rows.setdefault((item.kind, floor), []).append((second is not None, hit, len(item.expected) > 1))
    print(f"Tweede aanpak, alledaags dev: {len(items)} berichten, {FOLDS} delen (kruisvalidatie per bestand)")
    for kind in KINDS:
        for floor in FLOORS:
            got = rows.get((kind, floor), [])
            shown = sum(s for s, _, _ in got)
            multi = sum(m for _, _, m in got)
            print(
                f"  {kind} vanaf {floor}: getoond {shown / max(1, len(got)):.3f}; "
                f"in de gouden lijst {sum(h for _, h, _ in got) / max(1, shown):.3f}; "
                f"gevonden bij twee of meer {sum(h and m for _, h, m in got) / max(1, multi):.3f}"
            )
    return 0


def add_also_command(sub: Any) -> None:
    add_model_commands(
        sub,
        "also",
        "het tweede-aanpakmodel: welke aanpak ook past, geleerd van de gouden lijsten van alledaags dev",
        cmd_also_train,
        "train op de lange verhalen en chatberichten van alledaags dev",
        cmd_also_cv,
        "kruisvalidatie over de bestanden van alledaags dev: hoe vaak een tweede, en hoe vaak goed",
    )
