"""The kind of organisation a writer speaks for, and the next step when that kind carries the approach out."""

from __future__ import annotations

import pytest

from assistant.answer import forms
from assistant.answer.draft import Draft, templates, units
from assistant.answer.roles import asked_body, runs_it, writer_body, writer_role
from assistant.service import WijkWijzer
from assistant.types import Overview


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Als wijkagent wil ik met buurtbemiddeling starten.", "politie"),
        ("Wijkagent hier. We willen iets opzetten tegen de onveiligheid.", "politie"),
        ("Ik werk als wijkconsulent bij een woningcorporatie en wil iets opzetten in Zaandam.", "corporatie"),
        ("Wij als gemeente willen bewoners laten beslissen over het wijkbudget.", "gemeente"),  # commissions it
        ("Ik ben docent op een vmbo en mijn leerlingen willen iets organiseren.", "school"),
        ("Ik ben opbouwwerker en wil in een dorpskern iets opzetten.", "welzijn"),
        ("Ik ben vrijwilliger in het buurthuis en wil iets organiseren.", "buurthuis"),
        ("Wij zijn een woningcorporatie en willen een methode invoeren.", "corporatie"),
        ("Ons team jongerenwerk wil iets structureels opzetten.", "welzijn"),
        ("Ik ben vrijwilliger bij een kleine sportvereniging en wil jongeren laten trainen om iets te organiseren.",
         "vrijwilliger"),
        # one who wants somewhere to send people, a resident, or an organisation of no kind the Uitvoerders name
        ("Als wijkagent zoek ik iets waar ik twee buren naartoe kan sturen.", None),
        ("mijn buren maken elke nacht herrie, ik heb de politie al gebeld", None),
        ("de gemeente doet niks aan de hangjongeren bij de school", None),
        ("Onze organisatie wil iets opzetten tegen eenzaamheid.", None),
    ],
)  # fmt: skip
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
    """A wijkagent who would set Buurtbemiddeling up is not told to ask the police (the advisor of everyday blind 16)
    but that the police is one of its Uitvoerders, with the starter's step; one who wants to refer two neighbours
    gets the referrer's step (blind 17's and 18's advisors); a resident still gets where to ask."""
    t = templates()["nl"]
    a = e5_ww.answerer.approaches["Buurtbemiddeling"]
    officer = Draft("nl", role="professional", body="politie")  # would set it up
    forms.recommendation(officer, 1, a, [], 1.0)
    step = next(line for line in officer.lines[-1].split("\n") if "Volgende stap" in line)
    assert t["own_organisation"] in step and a.step_text("professional", "nl") in step
    # one who points two families to it gets the referrer's step, without the note
    consultant = Draft("nl", role="verwijzer", body="corporatie")
    forms.recommendation(consultant, 1, a, [], 1.0)
    step = next(line for line in consultant.lines[-1].split("\n") if "Volgende stap" in line)
    assert a.step_text("verwijzer", "nl") in step and t["own_organisation"] not in step
    resident = Draft("nl", role="bewoner")
    forms.recommendation(resident, 1, a, [], 1.0)
    assert "Daar hoor je zelf bij" not in resident.lines[-1] and a.step_text("bewoner", "nl") in resident.lines[-1]
    formal = Draft("nl", formal=True, role="professional", body="politie")
    forms.recommendation(formal, 1, a, [], 1.0)
    assert "Daar hoort u zelf bij (u of uw organisatie)" in formal.lines[-1]
    # a wethouder or policy adviser commissions it: the editors' step for a municipality, without the note
    alderman = Draft("nl", role="opdrachtgever", body="gemeente")
    forms.recommendation(alderman, 1, a, [], 1.0)
    assert t["own_organisation"] not in alderman.lines[-1]


def test_a_practice_nurse_refers() -> None:
    """In a GP's practice one refers (everyday blind 21's advisor); a practice named as a partner makes no referrer."""
    nurse = (
        "Ik ben praktijkondersteuner bij een huisartsenpraktijk. We hebben een aantal patiënten die steeds vastlopen. "
        "Ik zoek iets in de buurt met een vaste groep die elke week samenkomt."
    )
    assert writer_role(nurse) == "verwijzer"
    partner = "Als wijkcoördinator moet ik met bewoners, scholen en huisartsen een gezamenlijk plan opstellen."
    assert writer_role(partner) == "professional"


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


def test_a_question_whether_some_kind_may_carry_it_out_gets_a_yes(e5_ww: WijkWijzer) -> None:
    """ "Mag een vrijwilliger zoiets uitvoeren?" (the advisor of everyday blind 17: the "ja" was hidden in a quote)."""
    assert asked_body("Mag een vrijwilliger zoiets uitvoeren?") == "vrijwilliger"
    assert asked_body("Ik twijfel: kan de school dat zelf doen?") == "school"
    assert asked_body("Could our school do it?") == "school"
    assert asked_body("wat kan een school doen tegen pesten?") is None  # not a yes/no question
    assert asked_body("Kan de gemeente mij een boete geven?") is None
    yes = templates()["nl"]["may_carry_out"]
    a = e5_ww.answerer.approaches["Citytrainers"]
    d = Draft("nl", role="professional", body="vrijwilliger", asked_body="vrijwilliger")
    forms.recommendation(d, 1, a, [], 1.0)
    assert f"- {yes}" in d.lines[-1]
    other = Draft("nl", asked_body="politie")  # the Uitvoerders of Citytrainers do not name the police: no yes
    forms.recommendation(other, 1, a, [], 1.0)
    assert yes not in other.lines[-1]
