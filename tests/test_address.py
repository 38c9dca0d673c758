"""The writer's Dutch sentence told back to them in the why (assistant/answer/address.py)."""

from __future__ import annotations

import re

import pytest

from assistant.answer.address import told_back, told_back_short
from assistant.answer.chat_spelling import standard
from assistant.answer.draft import templates
from assistant.answer.dutch_words import known
from assistant.answer.echo import without_echo
from assistant.answer.linking import link_words
from assistant.answer.quotes import without_said
from assistant.service import WijkWijzer


@pytest.mark.parametrize(
    ("sentence", "informal", "formal"),
    [
        (
            "Ik zou het mooi vinden als die verhalen bewaard blijven en ik ze aan jongere buren kan vertellen.",
            "je zou het mooi vinden als die verhalen bewaard blijven en je ze aan jongere buren kunt vertellen.",
            "u zou het mooi vinden als die verhalen bewaard blijven en u ze aan jongere buren kunt vertellen.",
        ),
        (
            "Sinds mijn vrouw overleed kom ik bijna de deur niet uit.",
            "sinds je vrouw overleed kom je bijna de deur niet uit.",
            "sinds uw vrouw overleed komt u bijna de deur niet uit.",
        ),
        (
            "Ik heb al twee keer aangebeld maar dat hielp niks.",
            "je hebt al twee keer aangebeld maar dat hielp niks.",
            "u heeft al twee keer aangebeld maar dat hielp niks.",
        ),
        (
            "Ik merk dat ik stijver word, want ik zie weinig mensen.",
            "je merkt dat je stijver wordt, want je ziet weinig mensen.",
            "u merkt dat u stijver wordt, want u ziet weinig mensen.",
        ),
        (
            "De politie bellen vind ik overdreven.",
            "de politie bellen vind je overdreven.",
            "de politie bellen vindt u overdreven.",
        ),
    ],
)
def test_the_writers_sentence_is_told_back_in_the_second_person(sentence: str, informal: str, formal: str) -> None:
    assert told_back(sentence) == informal
    assert told_back(sentence, formal=True) == formal


@pytest.mark.parametrize(
    "sentence",
    [
        "Kan dat ergens?",  # a question that does not say what the writer looks for
        "Hoe pakken we dat aan richting de gemeente?",  # the particle is not at the end of its clause
        "Hoe overtuigen we de gemeente en wat zijn de stappen?",  # a second question joined on
        "Is er een plek waar ik iets kan doen en mijn talenten kan gebruiken?",  # whose is the second "kan"?
        "Kun je mij helpen met iets voor mijn moeder.",  # it speaks to someone already
        "De wijk heeft veel schoolverzuim en overlast.",  # no one in it to tell back to
        "Ik ook niet.",  # no verb this module knows next to "ik"
        "Ik werk bij een corporatie en beheer een complex.",  # "beheer" may be a verb it does not know (advisors 59 a)
    ],
)
def test_a_sentence_that_cannot_be_told_back_with_confidence_is_quoted(sentence: str) -> None:
    assert told_back(sentence) is None


def test_a_second_verb_of_the_same_ik_changes_too_but_not_a_word_of_another_clause() -> None:
    assert told_back("Ik ben docent en woon in de wijk.") == "je bent docent en woont in de wijk."
    assert told_back("Ik wil dat we samen bouwen, zodat er leven en werk komt.") == (
        "je wilt dat jullie samen bouwen, zodat er leven en werk komt."  # (advisors 59 a: "leven en werkt")
    )


@pytest.mark.parametrize(
    ("question", "told"),
    [
        ("Is er iets waar ik kan bewegen?", "je zoekt iets waar je kunt bewegen."),
        ("Bestaat er iets dat sport en school combineert?", "je zoekt iets dat sport en school combineert."),
        ("Hoe krijgen we dat voor elkaar?", "je wilt weten hoe jullie dat voor elkaar krijgen."),
        ("Hoe pakken we dat aan?", "je wilt weten hoe jullie dat aanpakken."),
        ("Hoe kan ik ze met elkaar in gesprek brengen?", "je wilt weten hoe je ze met elkaar in gesprek kunt brengen."),
        (
            "Hoe zorgen we dat er echt naar ons geluisterd wordt?",
            "je wilt weten hoe jullie zorgen dat er echt naar jullie geluisterd wordt.",
        ),
        (
            "Is er een plek waar ik zonder gedoe kan binnenlopen en mensen leer kennen?",
            "je zoekt een plek waar je zonder gedoe kunt binnenlopen en mensen leert kennen.",
        ),
    ],
)
def test_a_question_that_says_what_the_writer_looks_for_is_told_back_as_that(question: str, told: str) -> None:
    assert told_back(question) == told


def test_we_become_jullie_but_not_to_a_formal_writer() -> None:
    assert told_back("Ik wil dat we ons als buurt organiseren.") == "je wilt dat jullie je als buurt organiseren."
    assert (
        told_back("Wij willen als bewoners meedoen in onze wijk.")
        == "jullie willen als bewoners meedoen in jullie wijk."
    )
    assert told_back("Wij willen als bewoners meedoen.", formal=True) is None  # "u" would need another verb form


def test_the_link_words_tell_back_or_quote_and_the_checkers_skip_both() -> None:
    t = templates()["nl"]
    story = "Ik woon al veertig jaar in deze straat. Ik wil graag mijn verhalen over vroeger vertellen. Kan dat ergens?"
    told = link_words(t, "Ik wil graag mijn verhalen over vroeger vertellen.", "doel", "Buurtreminiscentie", False)
    assert told == "je wilt graag je verhalen over vroeger vertellen — daar is Buurtreminiscentie voor bedoeld:"
    asked = link_words(t, "Kan dat ergens?", "doel", "Buurtreminiscentie", False)  # (says nothing it looks for)
    assert asked == "je vraagt ‘Kan dat ergens?’ — daar is Buurtreminiscentie voor bedoeld:"
    line = f"- Waarom het past: {told} “het verbinden van mensen.” [1]"
    assert (
        without_echo(line, story)
        == "- Waarom het past: daar is Buurtreminiscentie voor bedoeld: “het verbinden van mensen.” [1]"
    )
    assert "verhalen" in without_echo(line, "Een ander bericht.")  # not the writer's: checked as a claim


def test_an_approach_name_gets_its_article_and_a_plural_one_or_a_clause_of_its_own_the_general_words() -> None:
    t = templates()["nl"]
    said = "Ik wil graag iets doen met de talenten van de mensen hier."
    assert link_words(t, said, "doel", "ABCD-methode", False).endswith("— daar is de ABCD-methode voor bedoeld:")
    plural = link_words(t, said, "doelgroep", "Moeder- en vadercentra", False)
    assert plural.endswith("— dat sluit aan bij Moeder- en vadercentra:")  # not "… is bedoeld voor:"
    own = link_words(t, said, "doelgroep", "Wijktheater", False, "de primaire doelgroep zijn mensen die …")
    assert own.endswith("— dat sluit aan bij Wijktheater:")  # not "Wijktheater is bedoeld voor: de … zijn …"
    agenda = "7 bouwstenen voor het opstellen van een buurtagenda"
    assert link_words(t, said, "doel", agenda, False).endswith(f"— dat sluit aan bij {agenda}:")  # no double "voor"


def test_a_short_chat_message_is_told_back_up_to_where_it_asks_in_words_a_dictionary_knows() -> None:
    told = told_back_short("mn buurman draait elke nacht keiharde muziek en ik word gek, wat kan ik doen")
    assert told == "mijn buurman draait elke nacht keiharde muziek en ik word gek"  # in standard spelling
    assert told_back(told) == "je buurman draait elke nacht keiharde muziek en je wordt gek"
    assert told_back_short("ff een vraag: we willen met de buurt een moestuin beginnen hoe pak je dat aan") == (
        "we willen met de buurt een moestuin beginnen"
    )
    assert told_back_short("mn buurman draait elke nacht muziek en ik kan ni slapen") == (
        "mijn buurman draait elke nacht muziek en ik kan niet slapen"
    )
    assert told_back_short("wij wille als bewoners het zwembad overneme vd gemeente") == (
        "wij willen als bewoners het zwembad overnemen van de gemeente"
    )
    # its first part, where the rest goes on without its subject or is too long to tell back
    assert told_back_short("mn broer heeft een beperking en woont net alleen, wil zelfstandiger worden, tips?") == (
        "mijn broer heeft een beperking en woont net alleen"
    )
    long = "wij willen de oude verhalen van de wijk verzamelen voor de sloop begint, en die delen met alle nieuwe buren"
    assert told_back_short(long) == "wij willen de oude verhalen van de wijk verzamelen voor de sloop begint"
    assert told_back_short("mn opa beweegt nauwlijks en zit de hele dag binnen") is None  # a word no dictionary knows
    assert told_back_short("mn buurman draait elke nacht muziek en dr moeder ook") is None  # "er" or "haar"?
    assert told_back_short("hoe krijge we de bewoners in onze flat weer aan de gang") is None  # a question, no "?"
    assert told_back_short("werk bij corporatie, wil in onze complexen een bewonersteam") is None  # no subject
    # the writer left out, put back (advisors 79 a/b: chat answers with no why tied to the writer)
    assert told_back_short("familie heeft ruzie over de zorg, willen zelf een plan maken") == (
        "mijn familie heeft ruzie over de zorg"
    )
    assert told_back_short("heb schizofrenie en wil mensen leren kennen in mn wijk maar durf nergens heen") == (
        "ik heb schizofrenie en wil mensen leren kennen in mijn wijk maar durf nergens heen"
    )
    assert told_back_short("buurvrouw draait elke nacht muziek kei hard tot 3 uur, heb al geklopt") == (
        "mijn buurvrouw draait elke nacht muziek kei hard tot 3 uur"
    )
    assert told_back_short("zoon 15 spijbelt en hangt op straat, wil alleen voetballen") == (
        "mijn zoon van 15 spijbelt en hangt op straat"
    )
    assert told_back_short("heb je tips voor een buurman die elke nacht herrie maakt") is None  # a question
    assert told_back_short("zou vet zijn als mensen uit mn wijk zelf een toneelstuk maken") is None  # "het zou"
    assert told_back_short("school ouders en buurt moeten op 1 lijn vind ik") is None  # an aside of the writer's
    assert told_back_short("toneelstuk maken met de buurt over onze eigen verhalen, hoe heet dat") is None  # no "ik"
    # not who the writer is, but what they want after it (advisors 75 a/b: "je werkt bij een corporatie — daar is ABCD
    # voor bedoeld", a non-sequitur)
    corporation = "ik werk bij een corporatie, wil in een arme wijk eerst inventariseren wat bewoners en clubs kunnen"
    assert told_back_short(corporation) == "ik wil in een arme wijk eerst inventariseren wat bewoners en clubs kunnen"
    assert told_back_short("wij zijn de opbouwwerkers hier, willen uitgaan van wat bewoners al kunnen") == (
        "wij willen uitgaan van wat bewoners al kunnen"
    )
    assert told_back_short("k werk bij beschermd wonen, paar clienten willen minder afhankelijk worden") is None
    assert told_back_short("ik werk bij de gemeente") is None
    assert known("je buurman draait elke nacht keiharde muziek") and not known("jullie hebben n groepje 🙈")
    assert known("je zoon zit in de 2e klas") and known("ze is 3de geworden")  # an ordinal is a number (advisors 73)


def test_chat_spelling_is_read_in_standard_dutch_where_it_has_one_reading() -> None:
    assert standard("mn buurman zet elke nacht z'n muziek keihard aan en ik trek t ni meer") == (
        "mijn buurman zet elke nacht zijn muziek keihard aan en ik trek het niet meer"
    )
    assert (
        standard("bovenbure schreeuwe en ik durf ni aan te belle")
        == "bovenburen schreeuwen en ik durf niet aan te bellen"
    )
    assert standard("onze wijk wordt altyd zo gezien") == "onze wijk wordt altijd zo gezien"
    assert standard("de grote kids en vele oude mensen, dr moeder") == "de grote kids en vele oude mensen, dr moeder"


def test_a_quote_leaves_out_what_the_editors_line_above_it_says_in_its_own_words() -> None:
    quote = (
        "een buurtcirkel komt wekelijks bij elkaar en bestaat uit een groep van 9 tot 12 deelnemers. Naast de "
        "wekelijkse bijeenkomsten is er ook individuele begeleiding."
    )
    line = "een buurtcirkel is een groep van 9 tot 12 deelnemers die elke week bij elkaar komt"
    assert without_said(quote, line) == "Naast de wekelijkse bijeenkomsten is er ook individuele begeleiding."
    assert without_said(quote, "in de groep vergroten deelnemers hun sociale netwerk") == quote
    cut = "Eerste zin over het plan van de buurt. […] Tweede zin over de fasen van het plan. Derde zin blijft staan."
    assert without_said(cut, "tweede zin over de fasen van het plan") == (
        "Eerste zin over het plan van de buurt. […] Derde zin blijft staan."  # one gap, not two side by side
    )
    # a sentence that points back to one left out goes with it ("Dit zorgt voor maximaal draagvlak.")
    back = "Eerste zin over het plan van de buurt. Deelnemers maken samen een eigen plan. Dit zorgt voor draagvlak."
    assert without_said(back, "deelnemers maken samen een eigen plan") == "Eerste zin over het plan van de buurt."


def test_the_situation_line_leaves_out_what_the_link_above_it_quotes(e5_ww: WijkWijzer) -> None:
    """12 of 222 Dutch dev answers said the same twice: the link's quote, then the situation's "what it does"."""
    answer = e5_ww.ask(
        "Ik ben Sanne. Ik ben 22. Ik woon nu alleen in een huis. Dat is spannend. Soms weet ik niet hoe ik moet koken "
        "of wat ik met mijn post moet doen. Mijn begeleider zegt dat ik het kan leren. Ik wil ook graag vrienden in de "
        "buurt. Is er een groep waar ik dit kan leren?"
    ).text
    rows = next(b for b in answer.split("\n\n") if b.startswith("**1. Buurtcirkel**")).split("\n")
    assert rows[1].startswith("- Waarom het past:") and "een groep van 9 tot 12 deelnemers" in rows[1]
    situation = re.sub(r"(?: \[\d+\])+$", "", rows[2])  # (a resident's answer cites there: forms.recommendation)
    assert situation == "- Past als iemand zelfstandig wil leren wonen in de buurt, maar nog veel hulp nodig heeft."
