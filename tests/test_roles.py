"""The kind of organisation a writer speaks for, and the next step when that kind carries the approach out."""

from __future__ import annotations

import pytest

from assistant.answer import forms
from assistant.answer.draft import Draft, templates, units
from assistant.answer.roles import runs_it, writer_body
from assistant.service import WijkWijzer
from assistant.types import Overview


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Als wijkagent krijg ik veel meldingen over burenruzies.", "politie"),
        ("Wijkagent hier. Bewoners voelen zich onveilig.", "politie"),
        ("Ik werk als wijkconsulent bij een woningcorporatie in Zaandam.", "corporatie"),
        ("Wij als gemeente willen bewoners laten beslissen over het wijkbudget.", "gemeente"),
        ("Ik ben docent op een vmbo en mijn leerlingen willen iets organiseren.", "school"),
        ("Ik ben opbouwwerker in een dorpskern.", "welzijn"),
        ("Ik ben vrijwilliger in het buurthuis.", "buurthuis"),
        # a resident, or an organisation of no kind an Uitvoerders field names
        ("mijn buren maken elke nacht herrie, ik heb de politie al gebeld", None),
        ("de gemeente doet niks aan de hangjongeren bij de school", None),
        ("Onze organisatie wil iets doen tegen eenzaamheid.", None),
    ],
)
def test_the_writers_kind_of_organisation(text: str, body: str | None) -> None:
    assert writer_body(text) == body


def test_an_uitvoerders_field_names_the_kind(overview: Overview) -> None:
    approaches = {a.name: a for a in overview.approaches}
    assert runs_it("politie", approaches["Buurtbemiddeling"].uitvoerders)
    assert runs_it("school", approaches["Citytrainers"].uitvoerders)
    assert runs_it("corporatie", approaches["ABCD-methode"].uitvoerders)
    assert not runs_it("politie", approaches["Citytrainers"].uitvoerders)
    assert not runs_it(None, approaches["Citytrainers"].uitvoerders)


def test_a_writer_whose_organisation_carries_it_out_is_told_so(e5_ww: WijkWijzer) -> None:
    """A wijkagent who would point neighbours to Buurtbemiddeling is not told to ask the police (the advisor of
    everyday blind 16) but that the police is one of its Uitvoerders, with the starter's step; a resident still
    gets where to ask."""
    own = templates()["nl"]["own_organisation"]
    a = e5_ww.answerer.approaches["Buurtbemiddeling"]
    officer = Draft("nl", role="verwijzer", body="politie")
    forms.recommendation(officer, 1, a, [], 1.0)
    step = next(line for line in officer.lines[-1].split("\n") if "Volgende stap" in line)
    assert own in step and a.step_text("professional", "nl") in step
    assert a.step_text("verwijzer", "nl") not in step
    resident = Draft("nl", role="bewoner")
    forms.recommendation(resident, 1, a, [], 1.0)
    assert own not in resident.lines[-1] and a.step_text("bewoner", "nl") in resident.lines[-1]
    formal = Draft("nl", formal=True, role="verwijzer", body="politie")
    forms.recommendation(formal, 1, a, [], 1.0)
    assert "Uw soort organisatie is zelf een van de uitvoerders" in formal.lines[-1]


def test_why_it_fits_is_the_goal_or_group_sentence_nearest_the_story(e5_ww: WijkWijzer) -> None:
    """A story that shares no rare word with the Doel or Doelgroep gets the sentence nearest by meaning, not the
    first of the field retrieval matched best; a bare group name ("de bewoners van de 55+ wooncomplexen") is not a
    reason (the advisors of everyday blind 15 and 16)."""
    why = templates()["nl"]["label_why"]
    bruis = e5_ww.ask(
        "Als woonconsulent beheer ik vijf seniorencomplexen (55+). Bewoners vereenzamen, de bewonerscommissies zijn "
        "vergrijsd en niemand wil nog iets trekken. Ik zoek een aanpak waarbij een groepje bewoners zelf het complex "
        "weer levendig maakt, en waarbij een professional ze in het begin helpt."
    )
    line = next(x for x in bruis.text.split("\n") if x.startswith(f"- {why}:"))
    assert "vitale woongemeenschappen" in line
    a = e5_ww.answerer.approaches["Studio BRUIS"]
    near = e5_ww.answerer.why.nearness(a.name, e5_ww.answerer.retriever.query_vector("eenzame ouderen in een flat"))
    assert set(near) == {u for key in ("doel", "doelgroep") for u in units(a.field(key))}
    assert max(near.values()) == 0.0 and all(v <= 0.0 for v in near.values())
