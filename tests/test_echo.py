"""The writer's own sentence an answer links its best approach to ("Je schrijft: ‘…’"), and the checkers that leave
it out because it is no claim about the sources."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistant.answer.draft import Draft, templates
from assistant.answer.echo import (
    ALSO_WITHIN,
    also_link,
    echo_line,
    introduces,
    linked_sentence,
    statements,
    without_echo,
)
from assistant.answer.facts import LATER_STEP
from assistant.answer.why import LABELS
from assistant.evaluation.grounding import check_grounding
from assistant.evaluation.hallucination import find_hallucinations
from assistant.evaluation.reference import build_reference
from assistant.service import WijkWijzer
from assistant.types import Answer

ROOT = Path(__file__).resolve().parents[1]
STORY = (
    "Hoi! Bij ons op het plein hangen elke avond jongeren rond die tot laat lawaai maken. De buren ergeren zich er "
    "steeds meer aan en niemand durft er iets van te zeggen. Wat kunnen we als bewoners doen?"
)


def _filled(form: str, name: str) -> str:
    """A link template's words after the writer's sentence, for approach `name` (a proper name, singular)."""
    return form.format(name=name)


def fake_embed(text: str) -> np.ndarray:
    """A vector whose first coordinate is how often 'jongeren' or 'alleen' occurs: the fake 'nearness' below."""
    return np.asarray([text.count("jongeren") + text.count("alleen"), 1.0])


class NearWhy:
    """A stand-in for the why-matcher: the writer's sentence `nearness` scores highest (plus its bonus) is linked;
    None when `nearness` gives nothing (an approach without sentences to link to)."""

    def __init__(self, nearness: Callable[[np.ndarray], np.ndarray]) -> None:
        self.nearness = nearness

    def link(
        self,
        name: str,
        vectors: np.ndarray,
        bonus: np.ndarray,
        message: np.ndarray,
        resident: bool = False,
        fields: tuple[str, ...] = (),
        no_labels: bool = False,
        taken: str = "",
    ) -> tuple[int, str, str, float] | None:
        near = self.nearness(vectors)
        return None if not len(near) else (int(np.argmax(near + bonus)), "doel", "een zin van de aanpak", 0.9)


def writer_sentence(story: str, nearness: Callable[[np.ndarray], np.ndarray]) -> str:
    """The writer's sentence a link would read back ('' for none)."""
    found = linked_sentence(NearWhy(nearness), story, "X", fake_embed, fake_embed(story))  # type: ignore[arg-type]
    return found[0] if found else ""


def test_a_message_is_cut_into_statements_and_questions() -> None:
    parts = statements("Hoi! Ik woon hier al lang.\nWie helpt er? Dank je")
    assert parts == [("Hoi!", False), ("Ik woon hier al lang.", False), ("Wie helpt er?", True), ("Dank je", False)]
    assert statements("مرحبا. من يساعد؟") == [("مرحبا.", False), ("من يساعد؟", True)]


def test_the_statement_nearest_the_approach_is_read_back_as_written() -> None:
    nearness = lambda vectors: vectors[:, 0]  # noqa: E731
    assert writer_sentence(STORY, nearness) == (
        "Bij ons op het plein hangen elke avond jongeren rond die tot laat lawaai maken."
    )
    # one sentence: it would be read back whole; only questions and greetings: nothing to read back
    assert writer_sentence("Mijn buurvrouw woont helemaal alleen en spreekt niemand", nearness) == ""
    assert writer_sentence("Hoi! Wie helpt mijn buurvrouw die alleen woont?", nearness) == ""
    # personal data is never read back: the story's phone number keeps that sentence out
    private = "Bel me op 06-12345678 want ik ben alleen thuis vandaag. Mijn buurman woont ook alleen met zijn hond."
    assert writer_sentence(private, nearness) == "Mijn buurman woont ook alleen met zijn hond."
    # an approach without situations: nothing to compare with
    assert writer_sentence(STORY, lambda vectors: np.zeros(0)) == ""


def test_a_sentence_that_says_what_the_writer_wants_is_read_back_before_equally_near_background() -> None:
    story = (
        "Ik woon sinds twee jaar in een flat met veel ouderen die alleen zijn. Ik wil dat de bewoners het zelf gaan "
        "doen, zodat niemand meer alleen thuis zit. Hoe beginnen we?"
    )
    nearness = lambda vectors: vectors[:, 0] / 10  # noqa: E731  (both statements say 'alleen' once)
    assert writer_sentence(story, nearness).startswith("Ik wil dat de bewoners")
    told = "We want residents to run it themselves, so nobody sits alone at home anymore."
    assert writer_sentence(f"My mum lives alone in a flat. {told} Any ideas?", nearness) == told


def test_a_bare_self_introduction_is_not_read_back() -> None:
    """The advisors of everyday blind 13 and 14: the job title quoted as the reason an approach fits."""
    assert introduces("Ik ben buurtsportcoach in twee wijken.")
    assert introduces("Hi, I'm a social work student doing my placement at a Dutch neighbourhood organisation.")
    assert not introduces("Ik ben 63 en merk dat ik dit niet volhoud.")  # more follows the introduction
    assert not introduces("Mijn buurman is al jaren alleen.")
    story = "Ik ben opbouwwerker in een dorpskern met veel ouderen. Veel ouderen zitten de hele dag alleen thuis."
    first = lambda vectors: -np.arange(len(vectors), dtype=float)  # noqa: E731  (prefers the first statement)
    assert writer_sentence(story, first) == "Veel ouderen zitten de hele dag alleen thuis."
    # a greeting the sentence starts with is left out; the rest is the writer's text as written (everyday blind 15)
    greeted = "Hallo, bij ons in de straat wonen veel ouderen alleen. Ze komen de deur niet meer uit. Wat kan ik doen?"
    assert writer_sentence(greeted, first) == "bij ons in de straat wonen veel ouderen alleen."


def test_the_checkers_leave_out_only_the_writers_own_sentence(e5_ww: WijkWijzer) -> None:
    ref = build_reference(e5_ww.overview())
    mine = echo_line("Je schrijft", "Bij ons op het plein hangen elke avond jongeren rond die tot laat lawaai maken.")
    invented = echo_line("Je schrijft", "Bel Buurtcirkel op 020-1234567 of kijk op www.buurtcirkel-nu.nl.")
    assert without_echo(f"{mine}\n{invented}", STORY) == f"\n{invented}"
    answer = Answer(f"{mine}\n{invented}", (), False, "nl")
    assert {f.kind for f in find_hallucinations(answer, ref, STORY)} >= {"phone", "url"}  # not the writer's words
    assert not check_grounding(Answer(mine, (), False, "nl"), ref, STORY).unsupported
    assert check_grounding(Answer(mine, (), False, "nl"), ref, "").unsupported  # not the question's: a claim
    said = "Bij ons op het plein hangen elke avond jongeren rond die tot laat lawaai maken."
    you = templates()["nl"]["link_why"].format(said=said, name="Thuis op Straat (TOS)")
    linked = f"- Waarom het past: {you} “er wordt elke week gratis pizza uitgedeeld.” [1]"
    assert said not in without_echo(linked, STORY) and "pizza" in without_echo(linked, STORY)  # the quote is checked


def test_a_dutch_story_gets_its_own_sentence_linked_to_the_best_approachs(e5_ww: WijkWijzer) -> None:
    answer = e5_ww.ask(STORY)
    t = templates()["nl"]
    why = t["label_why"]
    first = next(b for b in answer.text.split("\n\n") if b.startswith("**1. "))
    name = first.split("**")[1].split(". ", 1)[1]
    link = first.split("\n")[1]
    # a statement of the story, told back or quoted (its question "Wat kunnen we als bewoners doen?" only asks for an
    # approach: echo.GENERIC_QUESTION; its first sentence counts echo.FIRST_LESS less, so the second may win), then the
    # words that say what the quote is to it, then the approach's own sentence
    said_back = next(
        s
        for s in (
            "bij jullie op het plein hangen elke avond jongeren rond die tot laat lawaai maken",
            "je schrijft ‘De buren ergeren zich er steeds meer aan en niemand durft er iets van te zeggen.’",
        )
        if link.startswith(f"- {why}: {s} — ")
    )
    quote = link.split("“", 1)[1].split("”")[0]
    a = e5_ww.overview().approach(name)
    assert quote in " ".join(a.field(key) for key in ("doel", "doelgroep", "omschrijving"))  # the approach's own
    # cited; only the best approach (with its second pair, echo.also_link)
    assert link.endswith("]") and answer.text.count(f"- {why}: ") == first.count(f"- {why}: ") <= 2
    assert answer.text.count(said_back) == 1  # not read back twice
    short = e5_ww.ask("Mijn buren maken elke nacht herrie en draaien harde muziek. Wie kan ons helpen?")
    quoted = [f"- {why}: {t[f'link_{k}_doel'].split('{said}')[0]}" for k in ("why", "asked")]  # "je schrijft ‘", …
    assert not any(q in short.text for q in quoted)  # a short message is not quoted back (COMPACT_WORDS) ...
    assert f"- {why}: je buren maken elke nacht herrie en draaien harde muziek — " in short.text  # ... but told back
    chat = "mn buurman draait elke nacht keiharde muziek en ik word gek, wat kan ik doen"
    told = e5_ww.ask(chat)
    assert f"- {why}: je buurman draait elke nacht keiharde muziek en je wordt gek — " in told.text
    assert check_grounding(told, build_reference(e5_ww.overview()), chat).ok  # the writer's words are no claim
    ref = build_reference(e5_ww.overview())
    assert check_grounding(answer, ref, STORY).ok and not find_hallucinations(answer, ref, STORY)


def test_a_story_in_another_language_gets_its_own_sentence_before_the_situation(e5_ww: WijkWijzer) -> None:
    """The writer's sentence, as written, then the editors' situation in their language: "Why it fits: you write ‘…’ —
    fits if …" (alone above the why it read as "left hanging", advisors 55 a/b); a statement, not their question."""
    story = (
        "I'm a retired Englishman, 72, living in a Dutch village since my wife and I moved here. She passed away last "
        "winter. I used to play tennis, but my knees won't allow it anymore. I'd love to do some gentle exercise with "
        "people my age and have a chat afterwards. Is there anything like that in Dutch neighbourhoods?"
    )
    answer = e5_ww.ask(story)
    why = next(line for line in answer.text.split("\n") if line.startswith(f"- {templates()['en']['label_why']}: "))
    said = why.split("‘", 1)[1].split("’ — ", 1)[0]
    assert why.startswith("- Why it fits: you write ‘") and said in story and not said.endswith("?")
    assert why.split("’ — ", 1)[1].startswith("fits if ")  # the editors' situation, lowered after the dash
    assert answer.sources and not answer.refused
    ref = build_reference(e5_ww.overview())
    assert not find_hallucinations(answer, ref, story)  # the writer's words are no claim about the sources


def test_a_message_that_may_be_a_crisis_is_not_read_back(e5_ww: WijkWijzer) -> None:
    answer = e5_ww.ask(
        "Sinds mijn vrouw er niet meer is zit ik elke dag alleen thuis. Ik zie het eigenlijk niet meer zitten en "
        "denk soms dat het beter is als ik er niet meer ben. Is er in de buurt iets voor mensen zoals ik?"
    )
    assert answer.crisis == "suicide"
    assert "— dat sluit aan bij" not in answer.text and "‘" not in answer.text


def _resident_link(ww: WijkWijzer, text: str, name: str) -> tuple[str, str, str] | None:
    """The link a resident's `text` gets to approach `name` (the writer's sentence, the field, the approach's)."""
    why, embed = ww.answerer.why, ww.answerer.retriever.query_vector
    return linked_sentence(why, text, name, embed, embed(text), resident=True)


def test_a_residents_own_sentence_is_not_linked_to_a_label(e5_ww: WijkWijzer) -> None:
    """ "kwetsbare mannen en vrouwen die nauwelijks participeren" linked to a father's own story labels him (advisor
    40: "stigmatising"); a professional's link may still quote it."""
    father = (
        "Ik ben al twee jaar zonder werk en zit veel thuis met de kinderen, mijn vrouw werkt. Ik voel me nutteloos, "
        "en in de wijk zie ik meer mannen zoals ik. Ik zou ergens willen meehelpen waar ook andere vaders komen."
    )
    own = _resident_link(e5_ww, father, "Moeder- en vadercentra")
    assert own is not None and not LABELS.search(own[2])
    assert LABELS.search("kwetsbare mannen en vrouwen die nauwelijks participeren in de samenleving")


def test_a_later_step_of_the_way_it_works_is_no_reason(e5_ww: WijkWijzer) -> None:
    """Advisors 74 a/b: "Tot slot wordt het plan uitgevoerd door de gemeente en inwoners." as why Right to challenge
    fits a park residents want to maintain, "a non sequitur"."""
    park = (
        "Het park achter onze straat wordt door de gemeente maar twee keer per jaar gemaaid en de borders zijn één "
        "grote brandnetelzee. We denken dat wij het onderhoud beter en goedkoper kunnen doen dan de aannemer van de "
        "gemeente, als we er een deel van het budget voor krijgen. Kan dat zomaar?"
    )
    found = _resident_link(e5_ww, park, "Right to challenge")
    assert found is not None and not LATER_STEP.match(found[2])
    assert LATER_STEP.match("Tot slot wordt het plan uitgevoerd door de gemeente en inwoners.")
    answer = e5_ww.ask(park).text
    assert "**Right to challenge**" in answer and "Ja: de WijkWijzer" not in answer  # "zomaar": no plain yes


def test_links_agree_with_an_advisors_choice_on_dev_stories(e5_ww: WijkWijzer) -> None:
    """On 120 dev stories with a question an advisor labelled among all their sentences
    (`eval/why/link_dev_questions.jsonl`): the writer's sentence and the approach's sentence a link chooses are both
    acceptable to the advisor for at least 0.85 (0.917; statements only as before stop 50: 0.833), and the writer's
    is the advisor's best for at least 0.65 (0.750; 0.475). On the 160 stories labelled among their statements
    (`eval/why/link_dev.jsonl`), where the link chooses a statement both are acceptable for at least 0.85 (0.963 of
    108), and a Doelgroep sentence is chosen rarely (the advisor chose one for 8). (echo.FIRST_LESS: 0.900, 0.725,
    0.937 of 111 without it.)"""
    why, embed, roles = e5_ww.answerer.why, e5_ww.answerer.retriever.query_vector, e5_ww.answerer.roles
    for name in ("link_dev_questions.jsonl", "link_dev.jsonl"):
        rows = [json.loads(line) for line in (ROOT / "eval" / "why" / name).read_text("utf-8").splitlines()]
        both = best = doelgroep = shown = 0
        for row in rows:
            vector = embed(row["text"])
            found = linked_sentence(
                why, row["text"], row["approach"], embed, vector, roles.role(row["text"], vector) == "bewoner"
            )
            assert found is not None
            said, key, unit = found
            if said not in row["writer"]:  # a question, which the statements' labels do not list
                assert name == "link_dev.jsonl" and said.endswith("?")
                continue
            shown += 1
            ours = row["writer"].index(said) + 1, row["approach_sentences"].index(unit) + 1
            both += ours[0] in row["w_ok"] and ours[1] in row["a_ok"]
            best += ours[0] == row["w_best"]
            doelgroep += key == "doelgroep"
        assert both / shown >= 0.85 and doelgroep <= shown / 4, name
        assert name == "link_dev.jsonl" or (shown == len(rows) and best / shown >= 0.65)


def test_a_story_in_another_language_without_a_situation_gets_its_sentence_before_the_plain_words(
    e5_ww: WijkWijzer,
) -> None:
    """Advisors 69 a/b: no why at all above the plain words for two of seven readers of other languages."""
    story = (
        "Я з Харкова, живу в Нідерландах з 2022 року. Я працюю, але вечорами сиджу сама, бо не знаю нікого в районі, "
        "крім кількох українців. Я хотіла б знайомитися з місцевими людьми, наприклад за спільною вечерею. Чи є щось "
        "таке в нашому районі?"
    )
    answer = e5_ww.ask(story)
    t = templates()["uk"]
    why = next(line for line in answer.text.split("\n") if line.startswith(f"- {t['label_why']}: "))
    said = why.split("‘", 1)[1].split("’ — ", 1)[0]
    assert why.startswith(f"- {t['label_why']}: ви пишете: ‘") and said in story
    assert answer.text.count(f"- {t['label_plain']}: ") == 0  # the plain words are the why's, not said twice


def test_a_question_that_only_asks_for_an_approach_is_not_the_why(e5_ww: WijkWijzer) -> None:
    """Advisors 76 a/b: "je vraagt ‘Is daar een bestaande aanpak voor?’ — zo pakt het vouchersysteem dat aan" (echo.
    GENERIC_QUESTION): the why links the writer's statement of the need instead."""
    answer = e5_ww.ask(
        "Ik zit sinds vorig jaar in de gemeenteraad voor een lokale partij. Wij vinden dat bewoners zelf moeten kunnen "
        "beslissen waar het wijkgeld aan wordt uitgegeven, in plaats van dat ambtenaren dat doen. Denk aan een "
        "buurtfeest, bankjes of een moestuin. Maar het moet wel netjes geregeld zijn met duidelijke regels. "
        "Is daar een bestaande aanpak voor?"
    ).text
    why = next(line for line in answer.split("\n") if line.startswith("- Waarom het past:"))
    assert "bestaande aanpak" not in why and "**1. Het vouchersysteem**" in answer


def test_who_the_writer_is_as_the_doelgroep_names_them(e5_ww: WijkWijzer) -> None:
    """Advisors 78 and 80: a shopkeeper not told that TOS names "winkeliers"; advisors 79: a stroke never said to be
    the "niet-aangeboren hersenletsel" Wijk en Psychiatrie names."""
    from assistant.answer.groups import named_group

    approaches = e5_ww.answerer.approaches
    tos, wp = approaches["Thuis op Straat (TOS)"], approaches["Wijk en Psychiatrie"]
    who, said = named_group(tos, "Ik heb een snackbar aan het plein en 's middags is het een chaos.") or ("", "")
    assert who == "winkeliers" and said.startswith("De intermediaire doelgroep")
    assert named_group(wp, "Mijn man heeft twee jaar geleden een hersenbloeding gehad.") is not None
    assert named_group(wp, "Ik heb een snackbar aan het plein.") is None  # not in its Doelgroep
    assert named_group(tos, "Ik koop altijd brood bij de bakkerij aan het plein.") is None  # a customer
    answer = e5_ww.ask(
        "Ik heb een snackbar aan het plein. 's Middags is het daar een chaos: kinderen die ruzie maken, rommel, "
        "jongeren op scooters. Andere winkeliers en ik willen best iets doen, maar wat? De politie bellen helpt niks."
    )
    assert answer.sources[0].approach == "Thuis op Straat (TOS)"
    assert "- Het overzicht noemt bij Thuis op Straat (TOS) ook winkeliers: “De intermediaire doelgroep" in answer.text
    assert answer.text.count("De intermediaire doelgroep bestaat uit") == 1
    # where the why's link quotes that sentence already, not a second time
    linked = e5_ww.ask(
        "Ik heb een bakkerij aan het winkelplein. Na schooltijd hangen er kinderen en jongeren rond, ze staan op de "
        "bankjes en klanten durven niet naar binnen. De politie bellen wil ik niet. Wat kunnen wij als winkeliers doen?"
    )
    assert linked.text.count("De intermediaire doelgroep bestaat uit") == 1


def test_a_storys_second_approach_links_another_sentence_of_it(e5_ww: WijkWijzer) -> None:
    """Advisors 87 a/b: the second approach's bare Doel or Doelgroep quote read as "no why" (echo.approach_links)."""
    story = (
        "Ik ben vrijwilliger in de bibliotheek. Er komen veel oudere mensen die prachtige verhalen hebben over hoe de "
        "wijk vroeger was, toen hier nog de sigarenfabriek stond. Tegelijk wonen er nu veel jonge gezinnen die niemand "
        "kennen. Ik zou die twee groepen graag bij elkaar brengen. Is daar een aanpak voor?"
    )
    answer = e5_ww.ask(story).text
    why = templates()["nl"]["label_why"]
    blocks = [b for b in answer.split("\n\n") if b.startswith(("**1. ", "**2. "))]
    assert len(blocks) == 2
    links = [next(line for line in b.split("\n") if line.startswith(f"- {why}: ")) for b in blocks]
    said = [line.split(" — ")[0] for line in links]
    assert said[0] != said[1] and all(" — " in line and line.endswith("]") for line in links)
    ref = build_reference(e5_ww.overview())
    assert check_grounding(e5_ww.ask(story), ref, story).ok


class PairWhy:
    """A stand-in for the why-matcher: the first of the sentences it is given linked to "a" at cosine 0.86; with "a"
    taken, the first of those left to "b" at `cosine`."""

    def __init__(self, cosine: float) -> None:
        self.cosine = cosine

    def link(self, *args: object) -> tuple[int, str, str, float]:
        """(name, vectors, bonus, message, resident, fields, no_labels, taken), as the why-matcher's."""
        taken = args[7] if len(args) > 7 else ""
        return (0, "omschrijving", "b", self.cosine) if taken == "a" else (0, "doel", "a", 0.86)


TWO_NEEDS = (
    "Mijn moeder is 81 en woont nog thuis. Sinds haar heup is geopereerd komt ze bijna niet meer buiten en ze zit de "
    "hele dag alleen. Ze zou graag weer wat bewegen, maar niet in een sportschool met jonge mensen. Ook mist ze gewoon "
    "een praatje met leeftijdsgenoten. Wat zou bij haar passen?"
)


def test_a_second_pair_only_as_near_as_the_first_and_only_under_a_dutch_story() -> None:
    """echo.ALSO_WITHIN: a pair whose two sentences are less near each other than that below the first pair's read as
    "forced" to a pairwise advisor on dev (5 of 5)."""

    first = linked_sentence(PairWhy(0.0), TWO_NEEDS, "X", fake_embed, fake_embed(TWO_NEEDS))  # type: ignore[arg-type]
    assert first is not None and first[2] == "a"

    def second(cosine: float, language: str = "nl", text: str = TWO_NEEDS) -> tuple[str, str, str] | None:
        why, found = PairWhy(cosine), (*first, 0.86)  # the first pair at PairWhy's cosine
        return also_link(why, text, "X", fake_embed, fake_embed(text), Draft(language), found)  # type: ignore[arg-type]

    found = second(0.86 - ALSO_WITHIN + 0.001)
    assert found is not None and found[1:] == ("omschrijving", "b") and found[0] != first[0]
    assert second(0.86 - ALSO_WITHIN - 0.01) is None  # too far below the first
    assert second(0.86, "en") is None  # another language: its why is the editors' situation
    assert second(0.86, text="Mn moeder is 81 en zit alleen. Ze wil bewegen. Wat past?") is None  # a short message


def test_a_story_with_two_needs_gets_a_second_pair_for_its_best_approach(e5_ww: WijkWijzer) -> None:
    """A helper's rewrites of ten of advisors 90's answers paired each need of the writer's with its own sentence of the
    overview (6 of 10); a pairwise advisor on dev: why better 20, worse 3 (echo.also_link)."""
    answer = e5_ww.ask(TWO_NEEDS)
    why = templates()["nl"]["label_why"]
    block = next(b for b in answer.text.split("\n\n") if b.startswith("**1. "))
    links = [line for line in block.split("\n") if line.startswith(f"- {why}: ")]
    assert len(links) == 2
    said = [line.split(" — ")[0] for line in links]
    quoted = [line.split("“")[1].split("”")[0] for line in links]
    assert said[0] != said[1] and quoted[0] != quoted[1]
    assert block.count(quoted[1]) == 1  # not quoted again below
    ref = build_reference(e5_ww.overview())
    assert check_grounding(answer, ref, TWO_NEEDS).ok
