"""The sentence model (:mod:`assistant.retrieve.sentence_model`): `wijkwijzer general train` fits it on the editors'
questions plus everyday dev's general questions; `wijkwijzer general cv` measures it the honest way, since everyday
dev's general figure is then measured on its own training data.

`cv` splits everyday dev's batches (files) into five folds; each fold's general questions are answered with a model
trained without that fold, and once with no model (the nearest editors' question). It prints, for both, the share
whose answer quotes the expected fact and the share whose first quoted sentence is the one holding it. The blind
split is never used here: it is left out of training by :func:`assistant.evaluation.bank.read_bank`.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.evaluation.bank import add_model_commands, batch_folds, share
from assistant.evaluation.everyday import EverydayItem, evaluate, load_everyday_bank
from assistant.evaluation.reference import norm

if TYPE_CHECKING:
    from assistant.retrieve.questions import QuestionMatcher
    from assistant.retrieve.sentence_model import SentenceModel
    from assistant.service import WijkWijzer

FOLDS = 5


def labelled_questions(matcher: QuestionMatcher, split: str = "dev") -> list[tuple[EverydayItem, str]]:
    """Everyday general questions of `split` with the sentence holding their fact (those whose fact lies in exactly
    one sentence the editors wrote questions for)."""
    sentences = sorted({sentence for _, sentence, _ in matcher.entries})
    out = []
    for item in load_everyday_bank(split):
        if item.kind != "general":
            continue
        holding = [s for s in sentences if norm(item.fact) in norm(s)]
        if len(holding) == 1:
            out.append((item, holding[0]))
    return out


def fit(ww: WijkWijzer, questions: Sequence[tuple[EverydayItem, str]], vectors: np.ndarray) -> SentenceModel:
    """The model on the editors' questions and `questions` (`vectors`: their embeddings, row by row)."""
    from assistant.retrieve.sentence_model import SentenceModel

    matcher = ww.retriever.questions
    assert matcher is not None
    labels = [sentence for _, sentence, _ in matcher.entries] + [sentence for _, sentence in questions]
    return SentenceModel.fit(ww.embedder.model_id, np.vstack([matcher.vectors(), vectors]), labels)


def embedded(ww: WijkWijzer, questions: Sequence[tuple[EverydayItem, str]]) -> np.ndarray:
    """The questions' embeddings, once (cross-validation fits five models on parts of them)."""
    return np.asarray(ww.embedder.embed_queries([i.text for i, _ in questions]), dtype=np.float32)


def cmd_general_train(args: argparse.Namespace) -> int:
    from assistant.retrieve.sentence_model import MODEL_FILE
    from assistant.service import WijkWijzer

    ww = WijkWijzer()
    ww.warm_up()
    assert ww.retriever.questions is not None
    questions = labelled_questions(ww.retriever.questions)
    model = fit(ww, questions, embedded(ww, questions))
    model.save(args.out or MODEL_FILE)
    print(
        f"Zinsmodel: {len(ww.retriever.questions.entries)} redactievragen en {len(questions)} algemene vragen "
        f"(alledaags, dev), {len(model.labels)} zinnen → {args.out or MODEL_FILE}"
    )
    return 0


def cmd_general_cv(args: argparse.Namespace) -> int:
    from assistant.service import WijkWijzer

    ww = WijkWijzer()
    ww.warm_up()
    matcher = ww.retriever.questions
    assert matcher is not None
    questions = labelled_questions(matcher)
    sources = {i.source for i, _ in questions}
    folds = batch_folds([i.source for i, _ in questions], FOLDS)
    vectors = embedded(ww, questions)
    shipped = matcher.model
    found: dict[str, list[bool]] = {"zonder model": [], "met model (kruisvalidatie)": []}
    first: dict[str, list[bool]] = {k: [] for k in found}
    try:
        for f in range(FOLDS):
            held = [q for q, g in zip(questions, folds, strict=True) if g == f]
            for name, model in (
                ("zonder model", None),
                (
                    "met model (kruisvalidatie)",
                    fit(ww, [q for q, g in zip(questions, folds, strict=True) if g != f], vectors[folds != f]),
                ),
            ):
                matcher.model = model
                summary = evaluate(ww, [i for i, _ in held])
                found[name].append(summary["answer"]["general"]["found"] * len(held))
                for item, sentence in held:
                    got = matcher.answer(ww.retriever.query_vector(item.text), item.text)
                    first[name].append(got is not None and got[1][0] == sentence)
    finally:
        matcher.model = shipped
    print(f"Algemene vragen van alledaags dev met hun zin: {len(questions)} in {len(sources)} bestanden, {FOLDS} delen")
    for name in found:
        print(
            f"  {name}: feit gevonden {sum(found[name]) / len(questions):.3f}; zin als eerste {share(first[name]):.3f}"
        )
    return 0


def add_general_command(sub: Any) -> None:
    add_model_commands(
        sub,
        "general",
        "het zinsmodel: welke zin van een algemeen deel een vraag zoekt",
        cmd_general_train,
        "train op de redactievragen en de algemene vragen van alledaags dev",
        cmd_general_cv,
        "kruisvalidatie over de bestanden van alledaags dev: feit gevonden, zin eerst",
    )
