"""The approach model: labels from its weights file, deficits only under its own embedder, the shipped weights in
step with the overview, and confusions it was built for on the real stack."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.answer.label_model import N_FEATURES
from assistant.retrieve.approach_model import ApproachModel, ApproachScores
from assistant.service import WijkWijzer

NAMES = ("Buurtbemiddeling", "Resto VanHarte", "Thuis op Straat (TOS)")


class FakeEmbedder:
    model_id = "fake-e5"

    def warm_up(self) -> None:
        pass


def _model(model_id: str = "fake-e5") -> ApproachModel:
    """Three labels, two dimensions: the vector part says Resto VanHarte for (0, 1), the n-gram part is flat."""
    return ApproachModel(
        model_id=model_id,
        vector_coef=np.asarray([[4.0, 0.0], [0.0, 4.0], [0.0, 0.0]], np.float32),
        vector_bias=np.zeros(3, np.float32),
        char_coef=np.zeros((3, N_FEATURES), np.float32),
        char_bias=np.zeros(3, np.float32),
        meta={"labels": list(NAMES)},
    )


def test_labels_come_from_the_weights_file(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    _model().save(path)
    loaded = ApproachModel.load(path)
    assert loaded.labels == NAMES
    assert loaded.probabilities(["x"], np.asarray([[0.0, 1.0]])).shape == (1, 3)


def test_deficits_are_never_above_zero_and_the_favourite_loses_nothing() -> None:
    scores = ApproachScores(FakeEmbedder(), _model())  # type: ignore[arg-type]
    got = scores.deficits("we willen samen eten", np.asarray([0.0, 1.0], np.float32))
    assert set(got) == set(NAMES)
    assert got["Resto VanHarte"] == 0.0
    assert all(v <= 0.0 for v in got.values()) and got["Buurtbemiddeling"] < 0.0


def test_no_deficits_under_another_embedder_or_without_a_vector() -> None:
    other = ApproachScores(FakeEmbedder(), _model("another-model"))  # type: ignore[arg-type]
    assert other.deficits("we willen samen eten", np.asarray([0.0, 1.0], np.float32)) == {}
    same = ApproachScores(FakeEmbedder(), _model())  # type: ignore[arg-type]
    assert same.deficits("we willen samen eten", None) == {}


def test_the_shipped_model_knows_every_approach_of_the_overview(overview) -> None:  # type: ignore[no-untyped-def]
    assert ApproachModel.load().labels == tuple(sorted(a.name for a in overview.approaches))


def test_the_hash_embedder_stack_leaves_the_model_out(hash_ww: WijkWijzer) -> None:
    hash_ww.build_index()
    hits = hash_ww.retriever.search("mijn buren maken elke nacht herrie", k=3, approaches_only=True)
    assert hits and all(h.signals["model"] == 0.0 for h in hits)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # children pushed off a square by older youths: Thuis op Straat, not the sport programme Futsal Chabbab
        (
            "de kleine kinderen kunnen niet meer op het pleintje spelen omdat de grote jongens er de baas zijn",
            "Thuis op Straat (TOS)",
        ),
        # a teenager who wants to organise sport: Citytrainers, not a programme that has him take part
        ("mijn zoon van 16 wil leren hoe hij zelf sport kan organiseren voor de kleintjes in de buurt", "Citytrainers"),
    ],
)
def test_real_stack_tells_look_alike_youth_approaches_apart(e5_ww: WijkWijzer, question: str, expected: str) -> None:
    hits = e5_ww.retriever.search(question, k=3, approaches_only=True)
    assert hits[0].target == expected
    assert hits[0].signals["model"] == 0.0
