"""The second-approach model: its weights file round trip, the second only from the floor and never the first, nothing
under another embedder, the shipped weights in step with the overview, and a story with two fitting approaches on
the real stack."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.retrieve.also_model import KNN_K, AlsoFits, AlsoModel, fit
from assistant.service import WijkWijzer

NAMES = ("Buurtreminiscentie", "Resto VanHarte", "Wijktheater")


class FakeEmbedder:
    model_id = "fake-e5"


def _model(model_id: str = "fake-e5") -> AlsoModel:
    """Two dimensions; every bank message near (0, 1) lists Buurtreminiscentie and Wijktheater, near (1, 0) Resto."""
    near, far = np.tile([[0.0, 1.0]], (KNN_K, 1)), np.tile([[1.0, 0.0]], (KNN_K, 1))
    sets = np.vstack([np.tile([[1.0, 0.0, 1.0]], (KNN_K, 1)), np.tile([[0.0, 1.0, 0.0]], (KNN_K, 1))])
    return fit(NAMES, np.vstack([near, far]).astype(np.float32), sets, model_id)


def test_the_weights_file_keeps_labels_and_scores(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    model = _model()
    model.save(path)
    loaded = AlsoModel.load(path)
    assert loaded.labels == NAMES
    v = np.asarray([0.0, 1.0], np.float32)
    assert np.allclose(loaded.fits(v), model.fits(v), atol=1e-3)


def test_the_second_is_never_the_first_and_only_from_the_floor() -> None:
    also = AlsoFits(FakeEmbedder(), _model())  # type: ignore[arg-type]
    stories = np.asarray([0.0, 1.0], np.float32)
    assert also.second(stories, "Buurtreminiscentie", 0.4) == "Wijktheater"
    assert also.second(stories, "Wijktheater", 0.4) == "Buurtreminiscentie"
    assert also.second(stories, "Buurtreminiscentie", 0.99) is None  # (0.5 from the neighbours plus the regression)
    assert also.second(None, "Buurtreminiscentie", 0.4) is None


def test_nothing_under_another_embedder() -> None:
    other = AlsoFits(FakeEmbedder(), _model("another-model"))  # type: ignore[arg-type]
    assert other.second(np.asarray([0.0, 1.0], np.float32), "Buurtreminiscentie", 0.0) is None


def test_the_shipped_model_knows_every_approach_of_the_overview(overview) -> None:  # type: ignore[no-untyped-def]
    assert AlsoModel.load().labels == tuple(sorted(a.name for a in overview.approaches))


def test_a_story_that_fits_two_approaches_gets_both(e5_ww: WijkWijzer) -> None:
    """Advisors 82 a/b: "only one approach where a second clearly fits" (9 and 10 of 25); Moeder- en vadercentra
    beside Wijkacademie Opvoeden for a newly arrived mother (dev_blind82). A story that fits one stays with one."""
    story = (
        "Ik woon één jaar in Nederland. Ik heb drie kinderen. Opvoeden is hier anders dan in mijn land. De school zegt "
        "dingen die ik niet goed begrijp, en mijn kinderen zeggen: mama, hier doen ze het zo. Ik wil praten met andere "
        "moeders over de kinderen. Waar kan dat?"
    )
    answer = e5_ww.ask(story).text
    assert "**1. Wijkacademie Opvoeden**" in answer and "**2. Moeder- en vadercentra**" in answer
    one = e5_ww.ask("mn buurman draait elke nacht keiharde muziek en we praten ni meer, wat kan ik doen zonder politie")
    assert "**1. Buurtbemiddeling**" in one.text and "**2. " not in one.text
