"""Whether a group of residents writes (assistant/answer/group_writer.py): the patterns in Dutch, the group model in
every language, and the group's next step."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.answer.group_writer import GROUP_AT, GroupModel, GroupReader
from assistant.service import WijkWijzer

SPANISH_GROUP = (
    "Somos un grupo de vecinos y creemos que podríamos encargarnos del mantenimiento del parque mejor que el "
    "ayuntamiento, que lo tiene abandonado. ¿Cómo podemos proponer al ayuntamiento que nos deje asumir esa tarea?"
)


def test_the_patterns_alone_without_the_weights_or_under_another_embedding_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Other:
        model_id = "hash:test"

    vector = np.ones(8, np.float32)
    assert GroupReader(Other()).is_group("Wij zijn een groepje buren en willen de speeltuin beheren", vector)  # type: ignore[arg-type]
    assert not GroupReader(Other()).is_group("Somos un grupo de vecinos y queremos cuidar el parque", vector)  # type: ignore[arg-type]

    def missing(cls: type, path: object = None) -> GroupModel:
        raise FileNotFoundError("group_model.npz")

    monkeypatch.setattr(GroupModel, "load", classmethod(missing))
    assert GroupReader(Other()).probability("Somos un grupo de vecinos", vector) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "group"),
    [
        # advisors 85 b: told "Ayuda a un grupo de residentes" (Right to challenge)
        (SPANISH_GROUP, True),
        ("Razem z sąsiadami chcemy sami dbać o skwer za naszym blokiem. Jak to załatwić z gminą?", True),
        # one resident who says "we" for the family, and staff who say "we" for their organisation
        ("We hebben al maanden last van de buren boven ons, ze maken elke nacht herrie. Wat kunnen we doen?", False),
        ("Wij zijn een welzijnsorganisatie en willen ouderen in de wijk met elkaar in contact brengen.", False),
        (
            "I work for a housing association. Two tenants have been arguing for months about smoke. What can we do?",
            False,
        ),
    ],
)
def test_the_shipped_model_reads_a_group_in_any_language(e5_ww: WijkWijzer, text: str, group: bool) -> None:
    groups, embed = e5_ww.answerer.groups, e5_ww.answerer.retriever.query_vector
    assert groups.is_group(text, embed(text)) is group, groups.probability(text, embed(text))


def test_a_spanish_group_of_neighbours_gets_the_groups_step_not_a_providers(e5_ww: WijkWijzer) -> None:
    answer = e5_ww.ask(SPANISH_GROUP).text
    step = next(line for line in answer.split("\n") if line.startswith("- Siguiente paso:"))
    assert "**1. Right to challenge**" in answer
    assert not step.startswith("- Siguiente paso: Ayuda a un grupo")


def test_the_group_bank_is_labelled_and_its_blind_split_apart() -> None:
    from assistant.evaluation.group import load_group_bank

    train, dev, blind = (load_group_bank(s) for s in ("train", "dev", "blind"))
    assert len(train) >= 1000 and len(dev) >= 500 and len(blind) == 250
    assert {i.writer for i in train + dev + blind} == {"alleen", "groep"}
    assert not {i.text for i in blind} & {i.text for i in train + dev}
    assert 0.5 <= GROUP_AT < 1.0


def test_the_group_bank_eval_says_when_there_is_no_model(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.cli import main
    from assistant.evaluation.group import load_group_bank, summarise

    lines = [
        {"text": "Wij zijn een groepje buren", "writer": "groep", "lang": "nl"},
        {"text": "Ik woon alleen", "writer": "alleen", "lang": "nl"},
    ]
    (tmp_path / "dev1.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    items = load_group_bank("dev", tmp_path)
    s = summarise(items, [0.2, 0.9], 0.6)
    assert s["patterns"] == {"groups_read": 1.0, "others_read_as_group": 0.0}
    assert s["model"] == {"groups_read": 0.0, "others_read_as_group": 1.0}
    assert s["shipped"] == {"groups_read": 1.0, "others_read_as_group": 1.0}
    assert main(["group", "eval", "--split", "dev", "--bank", str(tmp_path)]) == 2
    assert "train het eerst" in capsys.readouterr().err
