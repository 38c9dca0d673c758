"""The one person a resident writes for is asked first (concerned.py, the `concerned_step_*` templates)."""

from __future__ import annotations

import pytest

from assistant.answer.concerned import concerned
from assistant.answer.draft import templates
from assistant.service import WijkWijzer


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Mijn broer drinkt te veel en heeft schulden. Hij wil zelf ook dat het anders gaat.", "nl", ("broer", "he")),
        ("mn oma is 80 en zit de hele dag binnen, is er iets waar ze kan bewegen?", "nl", ("oma", "she")),
        ("Onze ouders wonen nog zelfstandig maar zien bijna niemand meer.", "nl", ("ouders", "they")),
        ("My dad is 72, recently widowed, and mostly sits in his flat.", "en", ("dad", "he")),
        ("Mi hermano tiene deudas y bebe demasiado.", "es", ("hermano", "he")),
    ],
)
def test_the_person_is_read_where_the_message_is_about_them(
    text: str, language: str, expected: tuple[str, str]
) -> None:
    assert concerned(text, language) == expected


@pytest.mark.parametrize(
    "text",
    [
        # the writer about their own meal: the daughter only comes by (the pairwise comparison's first loss)
        "Sinds mijn vrouw is overleden zit ik alleen. Mijn dochter woont in Groningen. Is er iets in de buurt?",
        "Mijn moeder is vorig jaar overleden en nu eet ik elke avond alleen. Is er iets in de buurt?",
        "Mijn man is 70 en wil meer bewegen.",  # a partner is the writer's own household
        "Annem 80 yaşında ve hep evde oturuyor.",  # no patterns for Turkish yet
    ],
)
def test_no_person_to_ask_first(text: str) -> None:
    assert concerned(text, "tr" if text.startswith("Annem") else "nl") is None


def _step(ww: WijkWijzer, message: str) -> str:
    answer = ww.ask(message).text
    return next(line for line in answer.split("\n") if line.startswith(("- Volgende stap:", "- Siguiente paso:")))


def test_a_grandchild_is_told_to_ask_oma_first(e5_ww: WijkWijzer) -> None:
    """Advisors 86 b: a 15-year-old far from her oma was told to phone a welfare organisation "instead of suggesting
    what to tell oma"."""
    step = _step(e5_ww, "mn oma is 80 en zit de hele dag binnen, is er ff iets waar ze kan bewegen met andere oudjes?")
    first = templates()["nl"]["concerned_step_she"].format(who="oma")
    assert step.startswith(f"- Volgende stap: {first} vraag ")  # and then where to ask, in small letters
    assert "in de wijk van je oma" in step  # near her, not the writer (persona.near_relative)


def test_the_talk_comes_once_and_leaves_no_if_so_behind(e5_ww: WijkWijzer) -> None:
    """Advisors 87 a: under the second approach "If so:" stood alone (the draft shows a sentence once)."""
    answer = e5_ww.ask(
        "My dad is 82 and still lives at home. Since his hip operation he barely walks further than the corner shop, "
        "and he has become quite withdrawn. Is there something local and weekly that gets older people moving and "
        "chatting?"
    ).text
    steps = [line for line in answer.split("\n") if line.startswith("- Next step:")]
    assert steps[0].startswith("- Next step: First talk it over with your dad: does he want this himself? If so: ask")
    assert all("If so" not in step and "talk it over" not in step for step in steps[1:])


def test_a_sister_is_told_that_her_brother_decides_with_her(e5_ww: WijkWijzer) -> None:
    """Advisors 86 b: "the brother himself must be involved and agree" (Eigen Kracht-conferentie, in Spanish)."""
    step = _step(
        e5_ww,
        "Mi hermano tiene deudas y bebe demasiado, y hay muchos profesionales que deciden por él. En la familia "
        "queremos ayudarle, pero no sabemos cómo organizarnos. ¿Hay alguna forma de hacer un plan con él?",
    )
    assert step.startswith("- Siguiente paso: Primero habla con tu hermano: ¿quiere hacerlo él? Si es así: ")


def test_a_quarrel_with_the_neighbour_is_not_his_to_want(e5_ww: WijkWijzer) -> None:
    step = _step(e5_ww, "mijn buurman draait elke nacht harde muziek en als ik er wat van zeg wordt hij boos")
    assert "Praat er eerst" not in step


def test_the_persons_word_is_no_claim_about_the_sources() -> None:
    """The grounding checks read the line without the writer's word for the person (it was 7 unsupported sentences
    of the eval suite's 2,093 before)."""
    from assistant.answer.concerned import without_person

    question = "Mijn broer heeft schizofrenie en is heel eenzaam. Is er iets in de wijk voor hem?"
    lead = templates()["nl"]["concerned_step_he"]
    assert without_person(f"- Volgende stap: {lead.format(who='broer')} vraag …", question) == (
        f"- Volgende stap: {lead.format(who='')} vraag …"
    )


def test_the_approaches_taken_part_in_are_the_overviews(e5_ww: WijkWijzer) -> None:
    from assistant.answer.concerned import WITH_THEM

    names = {a.name for a in e5_ww.overview().approaches}
    assert names >= WITH_THEM and "Buurtbemiddeling" not in WITH_THEM
