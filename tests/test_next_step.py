"""A professional's next step for an offer that may already run nearby (steps.NOT_JOINED, "exists_first")."""

from __future__ import annotations

from assistant.answer.draft import templates
from assistant.service import WijkWijzer


def _step(ww: WijkWijzer, message: str) -> str:
    answer = ww.ask(message).text
    return next(line for line in answer.split("\n") if line.startswith(("- Volgende stap:", "- Next step:")))


def test_a_corporation_is_told_to_look_for_the_local_mediation_service_first(e5_ww: WijkWijzer) -> None:
    """Advisors 83 b: a housing corporation with two quarrelling tenants was "told to set up Buurtbemiddeling from
    scratch instead of first checking for the existing local service"."""
    step = _step(
        e5_ww,
        "Ik werk bij een woningcorporatie. Twee huurders in een van onze flats hebben al maanden ruzie over "
        "sigarettenrook op het balkon. Het is geen zaak voor de politie, maar de sfeer op de hele galerij is verpest. "
        "Wat kunnen we doen?",
    )
    first = templates()["nl"]["exists_first"].format(name="Buurtbemiddeling")
    assert step.startswith(f"- Volgende stap: {first} ")  # and then how to start it where it does not run yet
    assert "initiatiefgroep" in step


def test_a_way_of_working_is_not_something_to_join(e5_ww: WijkWijzer) -> None:
    """The pairwise comparison: ABCD-methode's "sign people up" did not suit an opbouwwerker who would apply it."""
    step = _step(
        e5_ww,
        "Als opbouwwerker wil ik in de wijk eerst in kaart brengen wat bewoners kunnen en willen, in plaats van te "
        "beginnen bij de problemen. Welke aanpak past daarbij?",
    )
    assert "Zoek eerst uit" not in step and "eerste van de 5 stappen" in step


def test_a_resident_gets_no_providers_check(e5_ww: WijkWijzer) -> None:
    step = _step(e5_ww, "mijn buren maken elke nacht herrie, wat kan ik doen")
    assert "Zoek eerst uit" not in step and "Vraag bij" in step


def test_after_the_check_the_step_goes_on_in_small_letters_but_a_name(e5_ww: WijkWijzer) -> None:
    """Advisors 86 a: "template seams show, as in 'Zo niet: Neem …'"."""
    step = _step(
        e5_ww,
        "Ik ben opbouwwerker en wil in de wijk iets doen aan eenzaamheid: samen eten met buurtbewoners. Hoe begin ik?",
    )
    assert "Zo niet: neem contact op met Stichting VanHarte" in step


def test_an_approachs_kind_is_said_in_the_readers_language(e5_ww: WijkWijzer) -> None:
    """Advisors 86 b: "(interventie)" among the Dutch in answers in other languages."""
    answer = e5_ww.ask("Somos un grupo de vecinos y queremos cuidar el parque nosotros mismos. ¿Cómo?").text
    assert "**1. Right to challenge** (método, guía de inspiración)" in answer
    assert "**1. Buurtbemiddeling** (methode)" in e5_ww.ask("mijn buren maken elke nacht herrie").text  # Dutch as is


def test_a_resident_who_asks_whether_it_exists_hears_the_overview_names_no_local_offer(e5_ww: WijkWijzer) -> None:
    """Advisors 87 a: "bestaat zoiets?" got a plain "Ja" that "reads like a promise that there is one nearby"
    (steps.local_note)."""
    answer = e5_ww.ask(
        "ik ben moeder van 3 kids, wil met andere ouders praten over opvoeden, hier wonen allemaal verschillende "
        "culturen. bestaat zoiets"
    ).text
    first = answer.split("\n")[0]
    assert first.startswith("Ja:") and templates()["nl"]["not_local"].split(";")[0][:20] in first
