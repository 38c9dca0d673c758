"""Crisis check before retrieval: suicidal language and acute danger are caught, ordinary questions are not."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.answer.safety import (
    Crisis,
    compile_pattern,
    crisis_kinds,
    detect_crisis,
    matched_group,
    normalize,
    prepare,
)

ROOT = Path(__file__).resolve().parents[1]
SAFETY_YAML = resources.files("assistant").joinpath("templates/safety.yaml").read_text(encoding="utf-8")
MESSAGES: dict[str, dict[str, str]] = yaml.safe_load(SAFETY_YAML)["messages"]
EVAL_ITEMS: list[dict[str, Any]] = yaml.safe_load((ROOT / "eval" / "questions.yaml").read_text(encoding="utf-8"))[
    "items"
]

SUICIDE = [
    # Dutch, from the brief
    "ik wil er niet meer zijn",
    "ik zie het niet meer zitten",
    "ik wil dood",
    "ik denk aan zelfmoord",
    "zelfmoord plegen",
    "ik wil een einde aan mijn leven maken",
    "ik wil mezelf iets aandoen",
    "ik wil niet meer leven",
    "suicidaal",
    "zelfmoordgedachten",
    "ik ga me van kant maken",
    "ik wil slapen en nooit meer wakker worden",
    "zelfmoort",
    "ik wil er nie meer zijn",
    "zie het nie meer zitte",
    # Dutch, variants: accents, chat spelling, typos, words in between, other people
    "Ik ben suïcidaal.",
    "k wil dr gewoon nie meer zijn",
    "k zie t echt niet meer zitte",
    "Ik wil dooood!!",
    "ik wil gewoon dood",
    "ik wou dat ik dood was",
    "zelfmorod gedachten",
    "ik heb zelfmoordgedachtes",
    "ik wil mijn leven beëindigen",
    "ik wil een eind aan me leven maken",
    "ik heb geen zin meer in het leven",
    "iedereen is beter af zonder mij",
    "mijn dochter wil er niet meer zijn",
    "mijn vader zegt dat hij niet meer wil leven",
    "mijn buurman wil zich van kant maken",
    # English
    "I want to end my life",
    "I want to kill myself",
    "suicidal",
    "I don't want to live anymore",
    "I want to die",
    "Im gonna kill myself",
    "i wanna die",
    "I dont want to be alive anymore",
    "i wish i was dead",
    "I want to go to sleep and never wake up",
    "my sister wants to kill herself",
]

ACUTE = [
    # from the brief
    "mijn buurman staat met een mes voor de deur",
    "er wordt nu iemand in elkaar geslagen",
    "hij bedreigt me met een pistool",
    "hij bedreigt me met een wapen",
    "er is brand",
    "ik word nu aangevallen",
    "mijn partner slaat me nu",
    "someone is attacking me right now",
    "my neighbour is threatening me with a knife right now",
    "there is a fire",
    # variants
    "There's a fire!",
    "Er staat een man met een pistool op straat",
    "hij richt een pistool op mij",
    "Help er is brand in de keuken",
    "onze flat staat in de fik",
    "het brandt hier!",
    "er wordt ingebroken bij de buren",
    "iemand probeert binnen te komen",
    "hij valt me aan",
    "mijn vriend ademt niet meer",
    "he is going to kill me",
    "I am being attacked",
    "The house is on fire",
]

NOT_A_CRISIS = [
    # everyday dev stories that got a help line from a word rule
    "Er is leegstand, er wordt ingebroken en klanten voelen zich niet veilig.",
    "Ik wil één gezamenlijk plan met afspraken die ook echt haalbaar zijn.",
    # from the brief
    "ik ben soms eenzaam",
    "ruzie met de buren over de schutting",
    "mijn buren maken elke nacht herrie",
    "hoe voorkom je geweld op straat door jongeren?",
    "welke aanpak helpt tegen overlast van jongeren",
    "wat kan ik doen tegen eenzaamheid bij 65-plussers",
    "het is doodsaai in onze wijk",
    "ik lach me dood",
    "ik heb een mes nodig voor de kookles in het buurthuis",
    "brandweer kazerne open dag",
    "wat is Eigen Kracht-conferentie",
    "de buurt is dood na 18 uur",
    # idioms and near misses
    "ik verveel me dood op zondag",
    "De bejaarden in onze straat vervelen zich dood, wat kunnen we doen?",
    "ik schrok me dood van het vuurwerk",
    "ik ga dood van de honger",
    "ik word gek van de buren",
    "ik wil hier niet meer wonen",
    "I don't want to live in this neighbourhood anymore",
    "I don't want to live here anymore",
    "de bewoners willen niet langer leven met deze overlast",
    "de gemeente wil er niet meer zijn voor de bewoners",
    "wat als het buurthuis er volgend jaar niet meer zal zijn",
    "mijn opa wil niet dood",
    "ik wil de overlast dood hebben",
    "we moeten een einde maken aan de overlast",
    "het heeft geen zin meer om te klagen bij de gemeente",
    "ik zie geen reden om door te gaan met de bewonerscommissie",
    "ik wil mijn leven weer in handen nemen",
    "ik vergeet al mijn pillen te nemen",
    "er is brand geweest in de flat vorig jaar",
    "hoe voorkom je brand in de keuken",
    "wie is de baas van de brandweer",
    "what are the fire safety rules in our building",
    "mijn buurman bedreigt me al maanden",
    "ik word vaak achtervolgd door die jongens op het plein",
    "hoe vaak wordt iemand aangereden in onze straat?",
    "jongeren bedreigen elkaar met messen",
    "er worden in onze wijk vaak mensen beroofd",
    "Er liggen messen in de keuken van het buurthuis",
    "what is the point of a knife at cooking class",
    "the council is threatening my community centre with closure",
    "this traffic is going to kill my street",
    "ik ben bang dat hij me iets aandoet",
    "kunt u mij helpen met een buurtfeest",
]


@pytest.mark.parametrize("text", SUICIDE)
def test_suicidal_language_is_detected(text: str) -> None:
    crisis = detect_crisis(text)
    assert crisis is not None, prepare(text)
    assert crisis.kind == "suicide", matched_group(text)


@pytest.mark.parametrize("text", ACUTE)
def test_acute_danger_is_detected(text: str) -> None:
    crisis = detect_crisis(text)
    assert crisis is not None, prepare(text)
    assert crisis.kind == "acute_danger", matched_group(text)


@pytest.mark.parametrize("text", NOT_A_CRISIS)
def test_ordinary_questions_are_no_crisis(text: str) -> None:
    assert detect_crisis(text) is None, (matched_group(text), prepare(text))


def _eval_cases() -> list[Any]:
    cases = []
    for item in EVAL_ITEMS:
        expected = item.get("crisis") if item["kind"] == "crisis" else None
        if expected == "domestic_violence":  # the word rules know no violence at home: they route it to 112,
            expected = "acute_danger"  # the learned model to Veilig Thuis (tests/test_crisis.py)
        language = "en" if item["style"] == "english" else "nl"
        cases.append(pytest.param(item["question"], language, expected, id=item["id"]))
        for turn in item.get("history", []):  # earlier user turns of follow-ups are ordinary questions too
            if turn["role"] == "user":
                cases.append(pytest.param(turn["content"], language, None, id=f"{item['id']}-history"))
    return cases


@pytest.mark.parametrize(("question", "language", "expected"), _eval_cases())
def test_eval_questions(question: str, language: str, expected: str | None) -> None:
    crisis = detect_crisis(question, language)
    assert (crisis.kind if crisis else None) == expected, (matched_group(question), prepare(question))


def test_eval_set_has_crisis_items_of_every_kind() -> None:
    kinds = {item.get("crisis") for item in EVAL_ITEMS if item["kind"] == "crisis"}
    assert kinds == {"suicide", "acute_danger", "domestic_violence"}


def test_talking_about_yourself_wanting_to_die_beats_acute_danger() -> None:
    both = "mijn partner slaat me nu en ik wil dood"
    assert matched_group(both) == "suicide_self"
    assert detect_crisis(both) == Crisis("suicide", MESSAGES["suicide"]["nl"])
    other = "mijn buurman wil zichzelf iets aandoen en staat met een mes op straat"
    assert matched_group(other) == "acute_danger"


def test_crisis_kinds() -> None:
    assert crisis_kinds() == ("suicide", "acute_danger", "domestic_violence")


@pytest.mark.parametrize(("kind", "language"), [(kind, language) for kind, per in MESSAGES.items() for language in per])
def test_every_message_gives_the_right_numbers(kind: str, language: str) -> None:
    message = MESSAGES[kind][language]
    if kind == "suicide":
        assert "113" in message and "0800-0113" in message and "113.nl" in message
        assert "24/7" in message or "7/24" in message  # Turkish writes 7/24
    else:
        assert "112" in message
        assert "113" not in message
    assert re.findall(r"https?://[^\s)]+", message) in ([], ["https://113.nl"])


def test_dutch_and_english_messages_exist_for_every_kind() -> None:
    for kind in crisis_kinds():
        assert {"nl", "en"} <= set(MESSAGES[kind])


@pytest.mark.parametrize(("language", "expected"), [("en", "en"), ("en-GB", "en"), ("EN_us", "en"), ("nl", "nl")])
def test_message_follows_the_language(language: str, expected: str) -> None:
    suicide = detect_crisis("I want to end my life", language)
    acute = detect_crisis("there is a fire", language)
    assert suicide is not None and suicide.message == MESSAGES["suicide"][expected]
    assert acute is not None and acute.message == MESSAGES["acute_danger"][expected]


def test_english_message_is_english() -> None:
    crisis = detect_crisis("I want to kill myself", "en")
    assert crisis is not None and "You are not alone" in crisis.message


@pytest.mark.parametrize("language", ["xx", "", "de", "fr-BE"])
def test_unknown_language_falls_back_to_dutch(language: str) -> None:
    crisis = detect_crisis("ik wil dood", language)
    assert crisis is not None and crisis.message == MESSAGES["suicide"]["nl"]
    assert "niet alleen" in crisis.message


def test_no_other_phone_numbers_in_the_yaml() -> None:
    numbers = set(re.findall(r"(?<!\d)\+?\d(?:[ \t-]?\d){2,}(?!\d)", SAFETY_YAML))
    assert numbers == {"113", "0800-0113", "112", "0800-2000", "08000113", "08002000"}  # tel: links too
    assert set(re.findall(r"https?://[^\s)]+", SAFETY_YAML)) == {"https://113.nl"}


def test_normalize() -> None:
    assert normalize("Ik ben SUÏCIDAAL!!  m'n\nleven") == "ik ben suicidaal . mn . leven"
    assert normalize("dooooood") == "dood"


def test_gap_does_not_cross_sentences_or_other_people() -> None:
    pattern = compile_pattern("<ik> ~ wil ~2 dood", {"ik": "ik"})
    assert pattern.search("ik wil echt dood")
    assert not pattern.search("ik . wil dood")
    assert not pattern.search("ik denk dat hij wil dood")


def test_unknown_word_group_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown word group"):
        compile_pattern("<nope> dood", {})
