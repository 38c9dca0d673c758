"""The approach model (:mod:`assistant.retrieve.approach_model`): `wijkwijzer approaches train` fits it on everyday
dev's long stories and chat messages; `wijkwijzer approaches cv` measures it the honest way, since everyday dev's
search figures are then measured on its own training data.

`cv` splits everyday dev's batches (files) into five folds; each fold's messages are searched with a model trained
without that fold, and once with no model. It prints top 3 and first for both, per kind. The blind split is never
used here: :func:`assistant.evaluation.bank.read_bank` leaves it out of dev.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.evaluation.bank import add_model_commands, batch_folds, share
from assistant.evaluation.everyday import EverydayItem, load_everyday_bank
from assistant.retrieve.retriever import clean_query

if TYPE_CHECKING:
    from assistant.retrieve.approach_model import ApproachModel
    from assistant.service import WijkWijzer

FOLDS = 5
KINDS = ("long", "typo")


def labelled_messages(split: str = "dev") -> list[EverydayItem]:
    """Everyday long stories and chat messages of `split`; each is labelled with its first expected approach."""
    return [i for i in load_everyday_bank(split) if i.kind in KINDS and i.expected]


def approach_labels(ww: WijkWijzer) -> tuple[str, ...]:
    """The labels of the models trained on everyday dev's approaches: the overview's approaches, sorted."""
    return tuple(sorted(a.name for a in ww.overview().approaches))


def fit(ww: WijkWijzer, items: Sequence[EverydayItem], vectors: np.ndarray) -> ApproachModel:
    """The model on `items` (`vectors`: their query embeddings, row by row), labelled with the overview's
    approaches (an approach no message names never wins)."""
    from assistant.answer.label_train import C_CHAR, C_VECTOR, fit_model
    from assistant.retrieve.approach_model import ApproachModel

    names = approach_labels(ww)
    y = np.asarray([names.index(i.expected[0]) for i in items])
    texts = [i.text for i in items]
    return fit_model(ApproachModel, texts, y, ww.embedder, C_VECTOR, C_CHAR, vectors=lambda _: vectors, labels=names)


def embedded(ww: WijkWijzer, items: Sequence[EverydayItem]) -> np.ndarray:
    """The messages' query embeddings as retrieval computes them, once (cross-validation fits five models)."""
    q = ww.retriever
    return np.stack([q.query_vector(clean_query(i.text, q.max_query_chars)) for i in items]).astype(np.float32)


def cmd_approaches_train(args: argparse.Namespace) -> int:
    from assistant.retrieve.approach_model import ApproachModel
    from assistant.service import WijkWijzer
    from assistant.settings import PROJECT_ROOT

    ww = WijkWijzer()
    ww.warm_up()
    items = labelled_messages()
    model = fit(ww, items, embedded(ww, items))
    out = args.out or PROJECT_ROOT / "assistant" / ApproachModel.MODEL_FILE
    model.save(out)
    print(f"Aanpakmodel: {len(items)} berichten (alledaags dev), {len(model.labels)} aanpakken → {out}")
    return 0


def cmd_approaches_cv(args: argparse.Namespace) -> int:
    from assistant.retrieve.approach_model import ApproachScores
    from assistant.service import WijkWijzer

    ww = WijkWijzer()
    ww.warm_up()
    items = labelled_messages()
    sources = {i.source for i in items}
    folds = batch_folds([i.source for i in items], FOLDS)
    vectors = embedded(ww, items)
    shipped = ww.retriever.model
    found: dict[tuple[str, str], list[tuple[bool, bool]]] = defaultdict(list)
    try:
        for f in range(FOLDS):
            held = [i for i, g in zip(items, folds, strict=True) if g == f]
            train = [i for i, g in zip(items, folds, strict=True) if g != f]
            ww.retriever.model = ApproachScores(ww.embedder, fit(ww, train, vectors[folds != f]))
            for name, weight in (("zonder model", 0.0), ("met model (kruisvalidatie)", None)):
                for item in held:
                    hits = ww.retriever.search(item.text, k=3, approaches_only=True, model_weight=weight)
                    got = [h.target for h in hits]
                    hit = (bool(set(got) & set(item.expected)), got[:1] == [item.expected[0]])
                    found[(name, item.kind)].append(hit)
    finally:
        ww.retriever.model = shipped
    print(f"Lange verhalen en chatberichten van alledaags dev: {len(items)} in {len(sources)} bestanden, {FOLDS} delen")
    for (name, kind), rows in found.items():
        print(
            f"  {name}, {kind} ({len(rows)}): top 3 {share([a for a, _ in rows]):.3f}; "
            f"eerste {share([b for _, b in rows]):.3f}"
        )
    return 0


def add_approaches_command(sub: Any) -> None:
    add_model_commands(
        sub,
        "approaches",
        "het aanpakmodel: welke aanpak een bericht zoekt, geleerd van alledaags dev",
        cmd_approaches_train,
        "train op de lange verhalen en chatberichten van alledaags dev",
        cmd_approaches_cv,
        "kruisvalidatie over de bestanden van alledaags dev: top 3 en eerste",
    )
