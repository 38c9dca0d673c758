"""Issue #15 on the real stack: everyday messages, why an approach fits, the next step, and the everyday bank."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.answer import forms, steps
from assistant.answer.draft import Draft, register_texts, templates, units, writes_formally
from assistant.answer.facts import asks_how, asks_whether
from assistant.answer.persona import near_relative, relative
from assistant.answer.quotes import WHO_SHARE, says
from assistant.answer.roles import writer_role, writes_as_organiser
from assistant.chunks import TERMS_SECTION
from assistant.evaluation.bank import BankError
from assistant.evaluation.everyday import evaluate, load_everyday_bank
from assistant.evaluation.reference import norm
from assistant.retrieve.questions import QuestionMatcher
from assistant.service import WijkWijzer

ROOT = Path(__file__).resolve().parents[1]
SOURCE = " ".join((ROOT / "corpus" / "wijkwijzer-overzicht.txt").read_text(encoding="utf-8").split())


def first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s+", text)[0]


def test_an_approach_answer_says_why_it_fits_and_whom_to_ask(e5_ww: WijkWijzer) -> None:
    answer = e5_ww.ask("we willen als buurt samen koken voor mensen die alleen zijn, is daar iets voor?")
    t = templates()["nl"]
    blocks = [b for b in answer.text.split("\n\n") if b.startswith("**")]
    assert 1 <= len(blocks) <= 4 and "Resto VanHarte" in blocks[0]
    for block in blocks:
        name = re.match(r"\*\*\d+\. (.+?)\*\*", block).group(1)  # type: ignore[union-attr]
        a = e5_ww.answerer.approaches[name]
        # the editors' situation nearest the message (else their plain words), then the quotes
        situations = [dict(texts)["nl"] for texts in a.situations]
        line = re.sub(r" \[\d+\]$", "", block.split("\n")[1])  # (cited where it says how it works: forms.py)
        assert line in {f"- {s}" for s in situations} | {f"- {t['label_plain']}: {a.plain_text('nl')}"}
        # why: the editors' situation or plain words; to a resident no row of quotes under them (advisors 86–89:
        # "formal and quote-heavy"): what they say is cited there, who carries it out on the next step (forms.py)
        assert not any(f"- {t[f'label_{key}']}: “" in block for key in ("doel", "doelgroep", "uitvoerders"))
        step = next(row for row in block.split("\n") if row.startswith(f"- {t['label_next_step']}"))
        # (or none, where the step names them already: quotes.WHO_SHARE)
        who = next((s for s in answer.sources if s.approach == name and s.section == "uitvoerders"), None)
        if who is None:
            assert says(step, units(a.uitvoerders)[0], WHO_SHARE) and not re.search(r"\[\d+\]$", step)
        else:
            assert step.endswith(f"[{who.n}]") and who.snippet in a.uitvoerders
        assert f"- {t['label_next_step']}: {first_sentence(a.step_text('bewoner', 'nl'))}" in block  # a resident asks
    steps = [line.split(": ", 1)[1] for line in answer.text.split("\n") if line.startswith(f"- {t['label_next_step']}")]
    said = [u for step in steps for u in re.split(r"(?<=[.!?])\s+", step)]
    assert len(said) == len(set(said))  # a sentence two editors' steps share is said once (Draft.once)
    first = e5_ww.answerer.approaches[re.match(r"\*\*1\. (.+?)\*\*", blocks[0]).group(1)]  # type: ignore[union-attr]
    # the best one: how it works, to a short message in one sentence of it (COMPACT_WORDS), to a story in full (and
    # to a short message that asks how: test_a_message_that_asks_how_gets_how_it_works_in_full); not quoted where the
    # editors' situation says it, which then cites it (forms.py)
    if quoted := re.search(rf"{t['label_omschrijving']}: “(.+?)” \[", blocks[0]):
        assert quoted.group(1) in first.omschrijving and quoted.group(1) != first.omschrijving
    else:
        n = int(re.search(r" \[(\d+)\]$", blocks[0].split("\n")[1]).group(1))  # type: ignore[union-attr]
        assert answer.sources[n - 1].section == "omschrijving" and answer.sources[n - 1].snippet in first.omschrijving
    story = e5_ww.ask(
        "Ik woon sinds twintig jaar in deze straat en zie steeds meer mensen die alleen zijn, vooral ouderen die hun "
        "partner kwijt zijn. Ze eten vaak in hun eentje voor de tv. We willen als buurt samen koken en eten met hen, "
        "een paar keer per maand, en zo ook weer contact maken. Hoe pak je dat aan?"
    )
    # to a story in full: the sentence its why links to the writer's, the others under how it works
    told = next(b for b in story.text.split("\n\n") if b.startswith(f"**1. {first.name}**"))
    assert all(u in told for u in units(first.omschrijving))
    assert f"- {t['label_why']}: jullie willen als buurt samen koken en eten met hen" in told  # told back (address.py)
    # "…, is daar iets voor?" asks whether it exists: a plain yes first (facts.asks_whether with `tail`)
    assert answer.text.startswith(t["approach_yes_one" if len(blocks) == 1 else "approach_yes"].split("{")[0])
    assert f"**{first.name}**" in answer.text.split("\n")[0]  # the answer first: the best approach by name
    for block in blocks[1:]:  # the others say how they work in plain words only
        assert f"- {t['label_omschrijving']}: “" not in block
    for s in answer.sources:  # every quote is the overview's own text, never the editors' search words
        assert s.section != TERMS_SECTION and " ".join(s.snippet.split()) in SOURCE


def test_a_step_that_names_who_runs_it_in_its_own_short_words_says_the_uitvoerders_quote() -> None:
    """quotes.WHO_SHARE: the editors' steps shorten the overview's lists of who runs it; the quote beside such a step
    "only repeats partners the next step already names" (a pairwise advisor on dev, 12 of 24)."""
    who = (
        "de methode wordt uitgevoerd door een samenwerkend netwerk van welzijnsorganisaties, zorgorganisaties en "
        "vrijwilligersorganisaties."
    )
    step = "Wijk en Psychiatrie wordt uitgevoerd door een netwerk van welzijns-, zorg- en vrijwilligersorganisaties."
    assert says(step, who, WHO_SHARE) and not says(step, who)  # (the word share every other line is held to)
    assert not says("Vraag bij de gemeente of er een buurtcirkel is.", who, WHO_SHARE)


def test_a_formal_writer_is_answered_with_u() -> None:
    assert writes_formally("Geachte heer/mevrouw, welke aanpak kunt u aanraden?")
    assert not writes_formally("hoi, wat kan ik doen tegen herrie van de buren?")
    assert not writes_formally("graag snel antwoord a.u.b., bij ons is het alles m.u.v. de U-bocht")
    assert writes_as_organiser("Als beleidsmedewerker zoek ik een aanpak") and writes_as_organiser("I'm a youth worker")
    assert not writes_as_organiser("mijn dochter krijgt begeleiding vanuit de gemeente, maar ik ben geen docent")
    assert register_texts("nl", True)["approach_intro"] != register_texts("nl", False)["approach_intro"]
    assert set(register_texts("nl", True)) == set(templates()["nl"])  # only replaced, nothing missing


def test_the_answer_keeps_the_writers_register(e5_ww: WijkWijzer) -> None:
    formal = e5_ww.ask("Geachte heer/mevrouw, welke aanpak kunt u aanraden tegen eenzaamheid onder ouderen?")
    casual = e5_ww.ask("wat kan ik doen tegen eenzaamheid onder ouderen in mijn straat?")
    assert " uw vraag" in formal.text.split("\n")[0] and " je vraag" in casual.text.split("\n")[0]


@pytest.mark.parametrize(
    ("question", "name", "role"),
    [
        # a municipality commissions it: who carries it out, and what to arrange
        ("Als beleidsmedewerker zoek ik een manier om bewoners zelf het wijkbudget te laten besteden. Welke aanpak?",
         "Het vouchersysteem", "opdrachtgever"),
        # a professional starts it: how, and with whom
        ("Ik ben opbouwwerker en wil in onze wijk iets opzetten voor buren die ruzie hebben over geluidsoverlast.",
         "Buurtbemiddeling", "professional"),
        # a professional points one person to it: whom to ask, and what to tell them
        ("Ik ben praktijkondersteuner bij de huisarts. Een patiënte van 72 beweegt nauwelijks en zit veel alleen "
         "thuis. Waar kan ik haar op wijzen?", "GoldenSports", "verwijzer"),
        # a resident asks for it where its Uitvoerders say
        ("mijn buren maken elke nacht herrie, wie kan helpen?", "Buurtbemiddeling", "bewoner"),
        ("mijn moeder van 80 beweegt bijna niet meer en zit veel alleen thuis, is er iets waar ze kan sporten?",
         "GoldenSports", "bewoner"),
        # residents who would set it up themselves: what they can begin with, and whom they go to (in Polish too)
        ("vader hier. wil met andere vaders iets opzetten in de wijk, soort eigen buurthuis, maar hoe",
         "Moeder- en vadercentra", "initiatiefnemer"),
    ],
)  # fmt: skip
def test_the_next_step_fits_the_approach_and_the_writer(e5_ww: WijkWijzer, question: str, name: str, role: str) -> None:
    answer = e5_ww.ask(question)
    step = first_sentence(e5_ww.answerer.approaches[name].step_text(role, "nl"))
    step = near_relative(step, relative(question))  # near an older relative the message is about ("van je moeder")
    label = f"- {templates()['nl']['label_next_step']}: "
    # (after "Zo ja:" the step goes on in small letters: a resident writing for their mother, concerned.py)
    going_on = step[:1].lower() + step[1:]
    lines = answer.text.split("\n")
    assert step and any(line.startswith(label) and (step in line or going_on in line) for line in lines)


def test_residents_who_would_start_it_themselves_get_the_initiators_step_in_their_language(e5_ww: WijkWijzer) -> None:
    polish = e5_ww.ask(
        "Razem z kilkoma sąsiadami chcemy wykorzystać umiejętności ludzi w dzielnicy i coś zbudować, zamiast czekać"
        " na gminę. Od czego zacząć?"
    )
    abcd = e5_ww.answerer.approaches["ABCD-methode"]
    assert first_sentence(abcd.step_text("initiatiefnemer", "pl")) in polish.text
    assert first_sentence(abcd.step_text("bewoner", "pl")) not in polish.text


def test_the_writers_role_is_read_from_how_they_speak() -> None:
    assert writer_role("mijn buren maken elke nacht herrie") == "bewoner"
    assert writer_role("Als jongerenwerker wil ik in onze wijk een sportaanbod opzetten") == "professional"
    assert writer_role("Ik ben wijkagent. Een verwarde vrouw belt ons steeds; naar wie kan ik haar verwijzen?") == (
        "verwijzer"
    )
    assert writer_role("Ik ben wijkagent en wil met buurtbemiddeling starten in de wijk") == "professional"
    assert writer_role("Wij als gemeente willen bewoners over het wijkbudget laten beslissen") == "opdrachtgever"
    assert writer_role("Ik werk als beleidsadviseur en zoek een integrale wijkaanpak") == "opdrachtgever"
    # a resident who mentions officials or a GP is still a resident
    assert writer_role("een ambtenaar wees onze aanvraag af en de wethouder reageert niet") == "bewoner"
    assert writer_role("mijn huisarts zei dat ik meer moet bewegen, ik ben een vrouw van 70") == "bewoner"
    # a teacher who says what she does, not what she is
    assert writer_role("Ik geef les op een vmbo-school en mijn leerlingen willen iets voor de buurt doen") == (
        "professional"
    )
    assert writer_role("mijn dochter zit op een vmbo-school en wil iets voor de buurt doen") == "bewoner"
    # a council member who says where they sit; a wijkagent who wants somewhere to send people (everyday dev_blind30)
    council = "Ik zit namens mijn partij in de gemeenteraad en wil bewoners over wijkgeld laten beslissen"
    assert writer_role(council) == "opdrachtgever"
    police = "Als wijkagent krijg ik meldingen over burenruzies. Naar wie kan ik zulke bewoners doorsturen?"
    assert writer_role(police) == "verwijzer"
    assert writer_role("Ik ben manager bij een welzijnsorganisatie en zoek een aanpak met de scholen") == (
        "professional"
    )
    assert writer_role("Ik ben vrijwilliger bij de inloop van onze kerk en hoor steeds dezelfde verhalen") == (
        "professional"
    )
    assert writer_role("I'm a student on placement at a residents' organisation") == "professional"
    assert writer_role("mijn buurman is vrijwilliger bij de voetbalclub en maakt herrie") == "bewoner"
    # a group that would take up an existing formula or offers its room for it (everyday blind 15's advisor)
    assert writer_role(
        "Ik ben vrijwilliger in onze parochie. Is er een bestaande formule waar we bij kunnen aansluiten?"
    ) == ("professional")
    assert writer_role("¿Existe un concepto al que podamos unirnos o cuya licencia podamos comprar?") == "professional"
    assert writer_role("we hebben een mooie zaal waar iets kan gebeuren, de buren zijn eenzaam") == "professional"
    assert writer_role("we hebben een mooie tuin en de buren zijn eenzaam") == "bewoner"
    # several clients: a group to run, not one person to refer; the municipality speaking of what it wants
    assert writer_role("Ik ben ambulant begeleider en heb vijf cliënten in dezelfde wijk die erg eenzaam zijn") == (
        "professional"
    )
    assert writer_role(
        "Ik ben ambulant begeleider. Mijn cliënt is erg eenzaam, waar kan ik hem naartoe verwijzen?"
    ) == ("verwijzer")
    assert (
        writer_role("Onze gemeente wil een nieuwe koers. Nu willen we dat bewoners zelf beslissen") == "opdrachtgever"
    )
    assert writer_role("onze gemeente wil de speeltuin weghalen, hoe organiseren we de bewoners") == "bewoner"
    # in the other answer languages, a role or an organisation, not any job (everyday blind 18's advisor)
    assert writer_role("أنا متطوع في المسجد في حيّنا. نريد أن نفتح مكانًا في الحي") == "professional"
    assert writer_role("Jestem studentką pracy socjalnej i mam praktyki w organizacji społecznej.") == "professional"
    assert writer_role("Pracuję w szklarni i mieszkam sam, wieczorami z nikim nie rozmawiam.") == "bewoner"
    assert writer_role("Я приїхала з Харкова. Вдень працюю, а вечори проводжу зовсім одна.") == "bewoner"
    # one who wants somewhere to send people refers (everyday blind 18's advisor)
    assert (
        writer_role(
            "Ik werk als woonconsulent bij een corporatie en heb twee huurders met ruzie. Wat kan ik ze aanbieden?"
        )
        == "verwijzer"
    )


def test_a_message_that_asks_how_gets_how_it_works_in_full(e5_ww: WijkWijzer) -> None:
    """Also a short chat message and a writer in another language: the steps are what was asked."""
    assert asks_how("hoe pak je dat aan") and asks_how("¿Cómo podemos organizarnos?") and asks_how("Nasıl başlarım?")
    assert asks_how("як ми можемо це зробити?") and asks_how("كيف نبدأ؟")
    assert not asks_how("mijn buren maken elke nacht herrie") and not asks_how("is er iets voor ouderen?")
    steps = e5_ww.answerer.approaches["Buurtbemiddeling"].omschrijving
    short = e5_ww.ask("we hebben al maanden ruzie met de buren over de schutting, hoe pakken we dat aan?")
    assert norm(steps) in norm(short.text)
    # to a professional in another language, quoted in Dutch; to a resident, cited on the plain words of their own
    # language (forms.DUTCH_QUOTES_FOR)
    spanish = e5_ww.ask(
        "Soy trabajadora social en un equipo de barrio. Tengo vecinos con conflictos por el ruido. "
        "¿Cómo funciona la mediación vecinal?"
    )
    assert spanish.language == "es" and norm(steps) in norm(spanish.text)
    resident = e5_ww.ask("Tenemos una pelea con los vecinos por el ruido. ¿Cómo funciona la mediación vecinal?")
    cited = next(s.n for s in resident.sources if s.section == "omschrijving")
    assert resident.language == "es" and f"[{cited}]" in resident.text and norm(steps) not in norm(resident.text)


def test_a_writer_who_asks_whether_it_exists_is_answered_yes_first(e5_ww: WijkWijzer) -> None:
    """A writer asks "Bestaat er zoiets?": the answer opens with a plain yes, in the writer's language; not for a
    question about money or whether it is near, which the overview cannot say."""
    assert asks_whether("Mijn zoon is 13 en spijbelt. Bestaat er iets met sport en huiswerkhulp?")
    assert asks_whether("Is there a proven way to use a shared meal against loneliness?")
    assert asks_whether("annem 68 yasinda, yaslilar icin spor grubu var mi") and asks_whether("¿Existe algo así?")
    assert asks_whether("Чи є для цього метод?") and asks_whether("هل يوجد شيء كهذا؟")
    assert not asks_whether("Is er subsidie voor een buurtfeest?") and not asks_whether("Is er zoiets in de buurt?")
    assert not asks_whether("Is er iets voor ouderen? Hoe pakken we dat aan?")  # the last question decides
    assert not asks_whether("mijn buren maken elke nacht herrie, wat kan ik doen?")
    # whether it can be done, asked bare after the wish
    assert asks_whether("We willen het plantsoen zelf onderhouden met het geld van de gemeente. Mag dat gewoon?")
    # "zomaar" asks whether it needs no one's consent: no plain yes (advisors 74 a/b)
    assert not asks_whether("We willen het plantsoen zelf onderhouden met het geld van de gemeente. Kan dat zomaar?")
    assert asks_whether("familie wil zelf n plan maken. mag dat gewoon") and asks_whether("Is dat mogelijk?")
    assert not asks_whether("Kan dat ook in mijn wijk?") and not asks_whether("Kan dat gratis?")  # near, money
    assert not asks_whether("Kan de gemeente dat zomaar doen?") and not asks_whether("Kan dat kwaad?")
    for text, language in (
        ("wrm beginnen we altijd bij wat er mis is.. is er n methode die begint bij de talenten v bewoners?", "nl"),
        ("Is there a method that starts from what residents are good at instead of what is wrong?", "en"),
    ):
        answer = e5_ww.ask(text)
        t = templates()[language]
        opening = t["approach_yes_one"].split(":")[0] + ":"  # "Ja:", "Yes:"
        assert answer.language == language and answer.text.startswith(opening), answer.text[:120]
        assert "**ABCD-methode**" in answer.text.split("\n")[0]
    plain = e5_ww.ask("mijn buren maken elke nacht herrie, wat kan ik doen?")
    assert not plain.text.startswith("Ja")


def test_the_best_approachs_steps_come_in_plain_words_in_the_readers_language(e5_ww: WijkWijzer) -> None:
    """An Omschrijving that announces steps: the editors' steps, numbered, in the reader's language; a Dutch reader
    gets them with the Omschrijving's [n], neither the sentence that announces them nor the source's list quoted."""
    abcd = e5_ww.answerer.approaches["ABCD-methode"]
    assert len(abcd.steps_in("nl")) == 5 and len(abcd.steps_in("uk")) == 5
    t = templates()["nl"]
    dutch = Draft("nl")
    forms.recommendation(dutch, 1, abcd, [("doel", abcd.doel), ("omschrijving", abcd.omschrijving)], 1.0)
    # the steps under the Omschrijving's [n] (advisors 36, 38 and 39 read "twee sporen:" quoted above them as cut)
    cited = next(s.n for s in dutch.sources if s.section == "omschrijving")
    assert re.search(
        rf"- {t['label_steps']} \[{cited}\]:\n  1\. {re.escape(abcd.steps_in('nl')[0])}\n", dutch.lines[-1]
    )
    assert t["label_omschrijving"] not in dutch.lines[-1] and "“de methode bestaat uit 5 stappen" not in dutch.lines[-1]
    assert "Het inventariseren vaardigheden" not in dutch.lines[-1]  # the source's list is not repeated
    second = Draft("nl")  # only the best approach gets them
    forms.recommendation(second, 2, abcd, [("doel", abcd.doel)], 1.0)
    assert t["label_steps"] not in second.lines[-1]
    english = e5_ww.ask("We are residents and want to take over the maintenance of the park from the council. How?")
    challenge = e5_ww.answerer.approaches["Right to challenge"]
    en = templates()["en"]
    numbered = "\n".join(f"  {i}. {step}" for i, step in enumerate(challenge.steps_in("en"), 1))
    assert f"- {en['label_steps']}:\n{numbered}" in english.text
    assert en["label_from_source"] not in english.text  # residents: no Dutch quotes (forms.DUTCH_QUOTES_FOR)


def test_without_the_editors_next_steps_the_step_comes_from_the_uitvoerders(e5_ww: WijkWijzer) -> None:
    """The editors' files are optional: a guide is read, a professional starts it, a resident asks where its
    Uitvoerders say (or at one of them)."""
    from dataclasses import replace

    from assistant.answer.draft import Draft

    t = templates()["nl"]
    cases = [
        ("7 bouwstenen voor het opstellen van een buurtagenda", "bewoner", "next_step_guide"),
        ("Het vouchersysteem", "professional", "next_step_start"),
        ("Het vouchersysteem", "opdrachtgever", "next_step_start"),
        ("Right to challenge", "bewoner", "next_step_start"),  # residents run it themselves
        ("Buurtbemiddeling", "bewoner", "next_step_where"),
        ("Buurtbemiddeling", "verwijzer", "next_step_where"),  # points someone to it: where to ask
        ("GoldenSports", "bewoner", "next_step"),
    ]
    for name, role, step in cases:
        a = replace(e5_ww.answerer.approaches[name], steps=())
        d = Draft("nl", role=role)
        forms.recommendation(d, 1, a, [], 1.0)
        assert t[step].format(name=name, where=steps.where(a)) in d.lines[-1], name


def test_a_message_in_everyday_words_is_not_refused_just_under_the_floor(e5_ww: WijkWijzer) -> None:
    answer = e5_ww.ask("ik word gek van de herrie van de bovenburen, elke nacht weer. wat kan ik doen?")
    assert answer.intent == "approach" and "Buurtbemiddeling" in [s.approach for s in answer.sources]
    # the everyday word in the second-best approach's ("eenzaam": Resto VanHarte), not the best's (GoldenSports)
    mother = e5_ww.ask("mijn moeder van 80 is eenzaam, wat kan ik doen?")
    assert mother.intent == "approach" and not mother.refused and mother.sources


def test_a_resident_is_told_where_to_ask(e5_ww: WijkWijzer) -> None:
    approaches = e5_ww.answerer.approaches
    assert steps.where(approaches["Buurtbemiddeling"]) == "de gemeente, de woningcorporatie of een welzijnsorganisatie"
    assert steps.where(approaches["Buurtreminiscentie"]) == "een welzijnsorganisatie of het buurthuis"
    assert steps.where(approaches["GoldenSports"]) == ""  # "professionals van organisaties in de wijk"
    english = e5_ww.ask("my neighbours are noisy every night, who can help?")
    step = approaches["Buurtbemiddeling"].step_text("bewoner", "en")  # the editors' step, in English
    assert step.startswith("Ask") and first_sentence(step) in english.text


def test_a_story_that_mentions_a_phone_or_a_subsidy_gets_approaches(e5_ww: WijkWijzer) -> None:
    """Costs and contact details are "not in the sources" only when asked for, not when a story mentions them."""
    story = (
        "Mijn dochter van 12 zit de hele dag op haar telefoon en ik weet niet hoe ik daarmee om moet gaan. Andere "
        "ouders in de wijk hebben hetzelfde. Vroeger was er een oudergroep, maar de subsidie stopte. Wat nu?"
    )
    answer = e5_ww.ask(story)
    assert answer.intent == "approach" and not answer.refused and answer.sources
    assert e5_ww.ask("wat kost buurtbemiddeling?").refused  # asked for: plainly not in the sources


def test_everyday_words_find_the_approach(e5_ww: WijkWijzer) -> None:
    hits = e5_ww.search("mn zoontje van 9 wordt gepest op het pleintje door grotere kinderen", k=3)
    assert "Thuis op Straat (TOS)" in [h.target for h in hits]


def test_a_general_answer_quotes_several_sentences_and_no_question(e5_ww: WijkWijzer) -> None:
    answer = e5_ww.ask("Wie kunnen de leefbaarheid in een buurt beïnvloeden?")
    assert answer.intent == "general"
    first = answer.text.split("\n\n")[1]
    assert first.count("“") >= 2  # several sentences of the best section, not one
    assert not any(s.snippet.rstrip().endswith("?") for s in answer.sources)


def test_the_everyday_bank_and_its_figures(e5_ww: WijkWijzer, tmp_path: Path) -> None:
    rows = [
        {"text": "mijn buren maken elke nacht herrie", "kind": "typo", "lang": "nl", "expected": ["Buurtbemiddeling"]},
        {
            "text": "Wie voert Buurtcirkel uit?",
            "kind": "fact",
            "lang": "nl",
            "expected": ["Buurtcirkel"],
            "fact": "welzijnsorganisaties",
        },
    ]
    (tmp_path / "dev1.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    items = load_everyday_bank("dev", tmp_path)
    summary = evaluate(e5_ww, items)
    assert set(summary["search"]) == {"dense", "bm25", "shipped"}
    assert summary["answer"]["typo"]["n"] == 1 and summary["answer"]["fact"]["n"] == 1
    (tmp_path / "dev2.jsonl").write_text('{"text": "x", "kind": "fact", "lang": "nl"}', encoding="utf-8")
    with pytest.raises(BankError, match=r"dev2\.jsonl:1"):
        load_everyday_bank("dev", tmp_path)
    assert len(load_everyday_bank("dev")) >= 200 and len(load_everyday_bank("blind")) >= 150


def test_a_general_question_quotes_the_sentence_its_editors_question_names(e5_ww: WijkWijzer) -> None:
    # the answer shares no word with the question; the lead-in before it does ("Verschillende actoren kunnen …")
    answer = e5_ww.ask("Wie kunnen de leefbaarheid van een buurt beïnvloeden?")
    assert answer.intent == "general"
    assert "Zowel de gemeente, lokale organisaties, sociaal- en wijkprofessionals als bewoners zelf" in answer.text
    matcher = e5_ww.retriever.questions
    assert matcher is not None and matcher.floor is not None and len(matcher.entries) >= 250
    assert matcher.answer(None) is None
    # a question between two editors' questions of one section gets both their sentences (at most ALSO_MAX)
    found = matcher.answer(
        e5_ww.retriever.query_vector("waar hebben jullie gezocht naar aanpakken buiten de databanken?")
    )
    assert found is not None and found[0] == "Verantwoording" and 1 <= len(found[1]) <= 2
    assert all(sentence in e5_ww.overview().section("Verantwoording").text for sentence in found[1])


def test_a_near_literal_editors_question_names_the_section_retrieval_missed(e5_ww: WijkWijzer) -> None:
    # retrieval ranks the colophon ("Over dit overzicht") for this, not the introduction that answers it
    question = "Voor wie is dit overzicht bedoeld?"
    vector = e5_ww.retriever.query_vector(question)
    ranked = [h for h in e5_ww.retriever.search(question, vector=vector) if not h.is_approach]
    assert "Inleiding" not in [h.target for h in ranked]
    general, found, _ = e5_ww.retriever.answered(ranked, vector)
    assert found is not None and found[0] == "Inleiding" and general[0].target == "Inleiding"
    assert general[1:] == ranked and general[0].chunks and general[0].score == ranked[0].score
    answer = e5_ww.ask(question)
    assert answer.intent == "general" and answer.sources[0].approach == "Inleiding"
    assert "actieve bewoners(organisaties), gemeenten en sociaal professionals" in answer.text
    # a section retrieval did rank is not added again; without a vector the hits stay as they were
    assert e5_ww.retriever.answered(general, vector)[0] == general
    assert e5_ww.retriever.answered(ranked, None) == (ranked, None, False)


def test_a_message_next_to_an_editors_question_is_a_general_question(e5_ww: WijkWijzer) -> None:
    # the intent model and retrieval read this as an approach question (Slagkracht in de wijk came first)
    question = "Wat moet ik me voorstellen bij de krachten en talenten van een wijk?"
    _, found, sure = e5_ww.retriever.answered([], e5_ww.retriever.query_vector(question))
    assert sure and found is not None and found[0] == "Krachten en talenten benutten"
    answer = e5_ww.ask(question)
    assert answer.intent == "general" and "Iedere wijk heeft unieke krachten en talenten" in answer.text


def test_the_editors_question_sharing_the_messages_words_wins_among_near_ones(e5_ww: WijkWijzer) -> None:
    # the sentence model reads it right; without it, by meaning alone "Wat heeft WijkWijzer in kaart gebracht?" (the
    # introduction) is nearest; the words "wie" and "geschreven" pick "Wie heeft dit overzicht geschreven?" (the
    # colophon with the authors)
    question = "Wie hebben dit WijkWijzer-overzicht geschreven?"
    vector = e5_ww.retriever.query_vector(question)
    shipped = e5_ww.retriever.questions
    assert shipped is not None and shipped.answer(vector)[0] == "Over dit overzicht"  # type: ignore[index]
    matcher = QuestionMatcher(e5_ww.overview().sections, e5_ww.embedder, model=None)  # without the sentence model
    by_meaning, by_both = matcher.answer(vector), matcher.answer(vector, question)
    assert by_meaning is not None and by_meaning[0] == "Inleiding"
    assert by_both is not None and by_both[0] == "Over dit overzicht"
    assert any("Auteurs" in sentence for sentence in by_both[1])
    shared = matcher.shared(question)
    assert shared.shape == (len(matcher.entries),) and shared.min() >= 0.0 and shared.max() <= 1.0
    assert not matcher.shared("مرحبا").any()  # no word in common: meaning alone decides
    assert "Dunya Shamsaddini (Platform31), Anna Sobczyk-Turek (Movisie)" in e5_ww.ask(question).text


def test_every_answering_sentence_of_the_accountability_has_editors_questions(e5_ww: WijkWijzer) -> None:
    # how long a recognition holds had no editors' questions and got the section's first sentence (the databanks)
    answer = e5_ww.ask("Hoe lang blijft een erkenning van een interventie eigenlijk geldig?")
    assert answer.intent == "general" and "vijf jaar geldig" in answer.text


def test_an_approach_answer_also_quotes_what_the_overview_says_in_general_when_that_is_asked(e5_ww: WijkWijzer) -> None:
    # read as an approach question (Buurtreminiscentie), but an editors' question is near: its sentence comes too
    asked = e5_ww.ask("Wat levert het op als buurtbewoners elkaar ontmoeten?")
    assert "elkaar beter leren kennen" in asked.text and "general" in {s.kind for s in asked.sources}
    # not under a request for help, and never a sentence that gives another approach as its example
    helped = e5_ww.ask("buurman heeft psychische problemen en zit altijd alleen, is er een ontmoetingsplek in de wijk?")
    assert templates()["nl"]["general_also"] not in helped.text and "Zo is 'Resto VanHarte'" not in helped.text


def test_a_resident_gets_no_situation_that_labels_them_or_names_who_carries_it_out(e5_ww: WijkWijzer) -> None:
    """Advisors 72 a/b: "Past als een man of vrouw nauwelijks meedoet in de samenleving" to a single father out of
    work, "Past als een theatergezelschap …" to a church volunteer (situations.NOT_FOR_RESIDENTS)."""
    retriever = e5_ww.answerer.retriever
    a = e5_ww.answerer.approaches["Moeder- en vadercentra"]
    q = "vaders in onze wijk doen nooit mee met dingen, is er ook iets voor pappa's"
    vector = retriever.query_vector(q)
    assert "nauwelijks meedoet" in retriever.situation_text(a, vector, "nl", q)  # the nearest, to anyone else
    shown = retriever.situation_text(a, vector, "nl", q, resident=True)
    assert shown.startswith("Past als") and "nauwelijks meedoet" not in shown


def test_a_resident_who_would_join_gets_no_situation_of_one_who_would_start_it(e5_ww: WijkWijzer) -> None:
    """Advisors 76 and 78: a lonely widower shown Resto VanHarte's "Past als bewoners iets willen doen tegen
    eenzaamheid in de wijk", "frames the approach for residents who want to organise something"
    (situations.FOR_STARTERS); one who would start a meal may still get it."""
    retriever = e5_ww.answerer.retriever
    a = e5_ww.answerer.approaches["Resto VanHarte"]
    for q in (
        "Sinds mijn vrouw er niet meer is, kook ik bijna niet meer. Een magnetronmaaltijd voor de tv, dat is het wel "
        "zo'n beetje. Ik zou best een of twee keer per week met anderen willen eten. Bestaat zoiets?",
        "Ik ben nogal verlegen en ken niemand in de wijk. Is er iets waar je gewoon kunt aanschuiven bij een maaltijd?",
    ):
        shown = retriever.situation_text(a, retriever.query_vector(q), "nl", q, resident=True)
        assert shown.startswith("Past als"), q
        assert not re.search(r"iets willen doen tegen|niet actief is|kwetsbare bewoners", shown), shown
    starter = "Met een paar buren willen we iets doen tegen eenzaamheid in de wijk, met samen eten."
    vector = retriever.query_vector(starter)
    as_starter = retriever.situation_text(a, vector, "nl", starter, resident=True, starter=True)
    assert as_starter == retriever.situation_text(a, vector, "nl", starter)  # what anyone else would get


def test_a_resident_of_another_language_gets_no_side_line_of_dutch_quotes(e5_ww: WijkWijzer) -> None:
    """Advisors 76 a/b: "¿por qué no hay nada …?" was answered by two Dutch fragments in a Spanish answer; a resident
    of another language gets no Dutch quotes (Draft.dutch_quotes), in the side line neither."""
    answer = e5_ww.ask(
        "xq en mi barrio no hay nada pa q los vecinos decidan en q se gasta el dinero del barrio?? "
        "kiero q sea mas justo"
    )
    assert answer.language == "es" and "**1. Het vouchersysteem**" in answer.text
    assert "“" not in answer.text and "neerlandés)" not in answer.text.split("\n- Leer más")[0]
