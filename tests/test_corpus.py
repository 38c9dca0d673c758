"""Tests for the overview parser (assistant/corpus/overview.py, blocks.py, markdown.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.corpus.blocks import field_label, looks_like_label, split_blocks
from assistant.corpus.markdown import to_markdown
from assistant.corpus.overview import (
    COLOPHON_TITLE,
    OverviewParseError,
    clean,
    load_overview,
    parse_overview,
    parse_url,
)
from assistant.corpus.plain import FORMAL_NL, LANGUAGES, PLAIN_FILE, VARIANTS, parse_keyed, with_editors
from assistant.corpus.questions import parse_questions, with_questions
from assistant.corpus.terms import TERMS_FILE, Terms, parse_terms, with_terms
from assistant.types import APPROACH_FIELDS, CATEGORIES, ELSEWHERE, NEARBY_NOTE, NONE_NEAR, STEP_ROLES, Overview

ROOT = Path(__file__).resolve().parents[1]
OVERVIEW_PATH = ROOT / "corpus" / "wijkwijzer-overzicht.txt"
SOURCE = OVERVIEW_PATH.name

EXPECTED_NAMES = (
    "Buurtcirkel",
    "Citytrainers",
    "Futsal Chabbab",
    "GoldenSports",
    "Resto VanHarte",
    "Studio BRUIS",
    "PBS in de wijk",
    "Wijkacademie Opvoeden",
    "ABCD-methode",
    "Buurtreminiscentie",
    "Buurtbemiddeling",
    "Community Organising",
    "Eigen Kracht-conferentie",
    "Het vouchersysteem",
    "Moeder- en vadercentra",
    "Right to challenge",
    "Slagkracht in de wijk",
    "Thuis op Straat (TOS)",
    "Wijk en Psychiatrie",
    "Wijktheater",
    "7 bouwstenen voor het opstellen van een buurtagenda",
)
FIELD_KEYS = tuple(key for key, _ in APPROACH_FIELDS)
REFLECTIE = "Reflectie - belangrijke kenmerken"
REFLECTIE_SUBSECTIONS = (
    "Verbinding en sociale contacten in de buurt",
    "Krachten en talenten benutten",
    "Problemen voorkomen en oplossen",
    "Zeggenschap en eigenaarschap",
)
FOOTNOTE_ARTIFACT = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]|\[\d+\]")
TOC_ARTIFACT = re.compile(r"\.{3,}|\t\s*\d+")


# --------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def raw_text() -> str:
    return OVERVIEW_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def overview() -> Overview:
    return load_overview(OVERVIEW_PATH)


def all_texts(ov: Overview) -> list[str]:
    """Every piece of text the parser produced: names, fields, footnotes, section titles and paragraphs."""
    out: list[str] = []
    for a in ov.approaches:
        out += [a.name, *(a.field(k) for k in FIELD_KEYS), *a.footnotes, *a.aliases]
    for s in ov.sections:
        out += [s.title, *s.paragraphs, *s.footnotes]
    return out


def heading_line(text: str, heading: str) -> int:
    """1-based line number of the line that is exactly ``heading`` (the TOC entries carry a page number)."""
    numbers = [no for no, line in enumerate(text.splitlines(), start=1) if line.strip() == heading]
    assert len(numbers) == 1, f"heading {heading!r} found {len(numbers)} times"
    return numbers[0]


def drop_field_line(text: str, heading: str, label: str) -> str:
    """The text without the first '<label>:' line that follows ``heading`` (line count unchanged)."""
    lines = text.splitlines()
    start = heading_line(text, heading)
    for i in range(start, len(lines)):
        if lines[i].startswith(f"{label}:"):
            lines[i] = ""
            return "\n".join(lines)
    raise AssertionError(f"no {label!r} line under {heading!r}")


def without_lines(ov: Overview) -> tuple:
    """Approaches with the (source-specific) line numbers blanked out."""
    return tuple(replace(a, line=0) for a in ov.approaches)


def section_shapes(ov: Overview) -> list[tuple]:
    return [(s.title, s.parent, s.paragraphs, s.footnotes) for s in ov.sections]


# --------------------------------------------------------------------------- the real overview: approaches


def test_real_overview_has_the_21_approaches_in_document_order(overview: Overview) -> None:
    assert tuple(a.name for a in overview.approaches) == EXPECTED_NAMES
    assert overview.source == SOURCE


def test_categories(overview: Overview) -> None:
    categories = [a.category for a in overview.approaches]
    assert categories == ["interventie"] * 8 + ["methode"] * 12 + ["handreiking"]
    assert set(categories) <= set(CATEGORIES)
    assert overview.approaches[-1].name == "7 bouwstenen voor het opstellen van een buurtagenda"


@pytest.mark.parametrize("key", FIELD_KEYS)
def test_every_field_is_filled_for_every_approach(overview: Overview, key: str) -> None:
    empty = [a.name for a in overview.approaches if not a.field(key).strip()]
    assert empty == []


def test_field_values_are_the_text_after_the_label(overview: Overview) -> None:
    citytrainers = overview.approach("Citytrainers")
    assert citytrainers.doelgroep.startswith("inwoners vanaf 14 jaar")
    assert citytrainers.vorm == "interventiebeschrijving."
    assert not any(citytrainers.field(k).startswith(f"{label}:") for k, label in APPROACH_FIELDS)
    assert overview.approach("Wijkacademie Opvoeden").vorm == "Interventiebeschrijving"


def test_urls(overview: Overview) -> None:
    assert overview.approach("ABCD-methode").url is None  # its link in the source is '(#)'
    # … with a title, which an answer names instead ("Meer lezen: de publicatie …")
    assert overview.approach("ABCD-methode").link_title == "Altijd nieuw gedoe - LSA, ABCD | Movisie"
    others = [a for a in overview.approaches if a.name != "ABCD-methode"]
    assert len(others) == 20
    for a in others:
        assert a.url is not None and a.url.startswith("https://"), a.name
        assert a.link_title == "", a.name
        assert not a.url.endswith((">", ".", ")")), a.name
    assert overview.approach("Buurtcirkel").url == "https://www.movisie.nl/interventie/buurtcirkel"
    assert (
        overview.approach("Futsal Chabbab").url
        == "https://www.kenniscentrumsportenbewegen.nl/interventies/interventie/futsal-chabbab/"
    )


def test_footnotes_and_aliases(overview: Overview) -> None:
    pbs = overview.approach("PBS in de wijk")
    assert pbs.footnotes == ("Positive Behavior Support",)
    assert {"PBS", "Positive Behavior Support"} <= set(pbs.aliases)  # the footnote spells out the acronym
    assert "TOS" in overview.approach("Thuis op Straat (TOS)").aliases
    assert overview.approach("Buurtcirkel").footnotes == ()
    for a in overview.approaches:
        assert a.name not in a.aliases


def test_the_editors_names_and_search_words_join_the_overview(overview: Overview, tmp_path: Path) -> None:
    shipped = with_terms(overview, ROOT / "corpus" / TERMS_FILE)
    centra = shipped.approach("Moeder- en vadercentra")
    assert "moedercentrum" in centra.aliases  # written in corpus/zoektermen.md
    assert with_terms(overview, tmp_path / "absent.md") == overview
    names = {a.name for a in overview.approaches}
    assert parse_terms("<!-- x\ny -->\n## Buurtcirkel\nOok genoemd: de cirkel\nZoektermen: a, b", names) == {
        "Buurtcirkel": Terms(("de cirkel",), ("a", "b"))
    }
    with pytest.raises(OverviewParseError, match=r"zoektermen.md:1: 'Buurtcirkl' is geen aanpak"):
        parse_terms("## Buurtcirkl\nZoektermen: a", names)
    with pytest.raises(OverviewParseError, match=r":2: verwacht 'Ook genoemd:' of 'Zoektermen:'"):
        parse_terms("## Buurtcirkel\nZoekwoorden: a", names)
    with pytest.raises(OverviewParseError, match=r":1: 'Zoektermen' staat niet onder een aanpak"):
        parse_terms("Zoektermen: a", names)


def test_the_editors_texts_cover_every_approach_and_language(overview: Overview, tmp_path: Path) -> None:
    from assistant.answer.draft import templates
    from assistant.answer.facts import announces_steps

    assert set(LANGUAGES) == set(templates())  # one text per answer language
    shipped = with_editors(overview, ROOT / "corpus")
    assert with_editors(overview, tmp_path) == overview  # every file is optional
    for a in shipped.approaches:
        assert {lang for lang, _ in a.plain} == set(LANGUAGES), a.name
        assert 4 <= len(a.situations) <= 6, a.name
        assert all({lang for lang, _ in s} == set(LANGUAGES) for s in a.situations), a.name
        assert [role for role, _ in a.steps if role not in (ELSEWHERE, NONE_NEAR, NEARBY_NOTE)] == list(STEP_ROLES), (
            a.name
        )
        assert len(a.situation_search) == len(a.situations) and all(a.situation_search), a.name
        # each search line told three ways: by the one it is about, by someone close, by a professional or volunteer
        assert all(len(search.split(VARIANTS)) == 3 for search in a.situation_search), a.name
        # every next step in every language, and in Dutch also in the "u" register, without a "je" left
        assert all({lang for lang, _ in texts} == {*LANGUAGES, FORMAL_NL} for _, texts in a.steps), a.name
        formal = [dict(texts)[FORMAL_NL] for _, texts in a.steps]
        assert not any(re.search(r"\b(je|jij|jou|jouw)\b", text, re.I) for text in formal), a.name
        # no new facts: every number the editors wrote is one of the overview's numbers for that approach
        own = set(re.findall(r"\d+", " ".join(a.field(k) for k, _ in APPROACH_FIELDS) + a.name))
        for lang, text in a.editors_texts():
            assert set(re.findall(r"\d+", text)) <= own, (a.name, lang, text)
            assert "http" not in text and "www." not in text
        # steps in plain words, in every language alike, wherever the Omschrijving announces them (and where the
        # editors read a sequence in it: Community Organising's "… Vervolgens moet er actie ondernomen worden")
        if announces_steps(a.omschrijving) or a.plain_steps:
            assert set(dict(a.plain_steps)) == set(LANGUAGES), a.name
        assert len({len(a.steps_in(lang)) for lang in LANGUAGES}) == 1, a.name
        if a.url is None:  # "via the link below" only where the overview gives one (ABCD-methode gives none)
            assert not any(re.search(r"\blink\b", text) for lang, text in a.editors_texts() if lang in ("nl", "en"))
        for situation in a.situations:  # each says when it fits, then what the approach does about it
            assert dict(situation)["nl"].startswith("Past als ") and ": " in dict(situation)["nl"], a.name
    mediation = shipped.approach("Buurtbemiddeling")
    assert mediation.plain_text("es").startswith("Para") and mediation.plain_text("de") == mediation.plain_text("en")
    assert mediation.step_text("bewoner", "nl").startswith("Vraag bij") and mediation.step_text("x", "nl") == ""
    assert " uw " in mediation.step_text("bewoner", "nl", formal=True) and not mediation.step_text("x", "nl", True)
    assert mediation.step_text("bewoner", "en", formal=True) == ""  # "u" is Dutch only
    # a door a resident can find, not "een professional van een organisatie in je wijk" (advisors 74 and 75, 4 of 100)
    sports = shipped.approach("GoldenSports")
    for role in ("bewoner", "geen", "initiatiefnemer", "groep"):
        assert "de welzijnsorganisatie of het buurthuis" in sports.step_text(role, "nl"), role
        assert "professional van een organisatie" not in sports.step_text(role, "nl", formal=True), role
    names = {a.name for a in overview.approaches}
    assert parse_keyed("<!-- x -->\n## Buurtcirkel\n- nl: Voor wie.\n- en: For whom.", names, PLAIN_FILE) == {
        "Buurtcirkel": {"": {"nl": "Voor wie.", "en": "For whom."}}
    }
    assert parse_keyed("## Buurtcirkel\n- 1 nl: Past als a.\n- 1 en: Fits if a.\n- bewoner nl: Vraag.", names, "f") == {
        "Buurtcirkel": {"1": {"nl": "Past als a.", "en": "Fits if a."}, "bewoner": {"nl": "Vraag."}}
    }
    with pytest.raises(OverviewParseError, match=r"past-als.md:2: 'bewoner' hoort niet in dit bestand"):
        parse_keyed("## Buurtcirkel\n- bewoner nl: Vraag.", names, "past-als.md")
    with pytest.raises(OverviewParseError, match=r"'1 zoek' hoort niet"):  # a search line is Dutch only
        parse_keyed("## Buurtcirkel\n- 1 nl: Past als a.\n- 1 zoek en: Fits if.", names, "past-als.md")
    assert parse_keyed("## Buurtcirkel\n- bewoner nl-u: Vraag u.", names, "volgende-stap.md") == {
        "Buurtcirkel": {"bewoner": {FORMAL_NL: "Vraag u."}}
    }
    for line, file in (("- nl-u: Voor u.", PLAIN_FILE), ("- bewoner en-u: Ask.", "volgende-stap.md")):
        with pytest.raises(OverviewParseError, match=r"hoort niet in dit bestand"):  # next steps, Dutch only
            parse_keyed(f"## Buurtcirkel\n{line}", names, file)
    with pytest.raises(OverviewParseError, match=r"in-gewone-woorden.md:2: verwacht '- taal: tekst'"):
        parse_keyed("## Buurtcirkel\n- de: Für wen.", names, PLAIN_FILE)
    with pytest.raises(OverviewParseError, match=r"'Buurtcirkl' is geen aanpak"):
        parse_keyed("## Buurtcirkl\n- nl: Voor wie.", names, PLAIN_FILE)
    with pytest.raises(OverviewParseError, match=r"niet onder een aanpak"):
        parse_keyed("- nl: Voor wie.", names, PLAIN_FILE)


def test_the_editors_questions_name_sentences_of_their_sections(overview: Overview, tmp_path: Path) -> None:
    shipped = with_questions(overview, ROOT / "corpus")
    assert with_questions(overview, tmp_path) == overview  # the file is optional
    asked = {s.title: s.questions for s in shipped.sections if s.questions}
    assert len(asked) >= 8 and sum(map(len, asked.values())) >= 250
    for s in shipped.sections:  # every sentence stands in its section as written
        assert all(sentence in " ".join(s.quotable.split()) for sentence, _ in s.questions), s.title
    who = [q for q in asked["Leefbaarheid volgens bewoners"] if q[0].startswith("Zowel de gemeente")]
    assert len(who) >= 3
    sections = {s.title: s.text for s in overview.sections}
    text = "<!-- x -->\n## Inleiding\n> Buurtbewoners kunnen hierin een cruciale rol spelen.\n- Doen bewoners ertoe?"
    assert parse_questions(text, sections) == {
        "Inleiding": (("Buurtbewoners kunnen hierin een cruciale rol spelen.", "Doen bewoners ertoe?"),)
    }
    # a footnote answers too: the answer quotes it ("Beoordelingen en erkenningen zijn vijf jaar geldig.")
    (tmp_path / "vragen.md").write_text(
        "## Verantwoording\n> Beoordelingen en erkenningen zijn vijf jaar geldig.\n- Hoe lang geldt een erkenning?"
    )
    footnoted = {s.title: s.questions for s in with_questions(overview, tmp_path).sections if s.questions}
    assert footnoted == {
        "Verantwoording": (("Beoordelingen en erkenningen zijn vijf jaar geldig.", "Hoe lang geldt een erkenning?"),)
    }
    with pytest.raises(OverviewParseError, match=r"vragen.md:2: deze zin staat niet in 'Inleiding'"):
        parse_questions("## Inleiding\n> Bewoners zijn onbelangrijk.\n- Doen bewoners ertoe?", sections)
    with pytest.raises(OverviewParseError, match=r"vragen.md:2: een vraag zonder zin"):
        parse_questions("## Inleiding\n- Doen bewoners ertoe?", sections)
    with pytest.raises(OverviewParseError, match=r"'Inleidng' is geen"):
        parse_questions("## Inleidng\n- Doen bewoners ertoe?", sections)
    with pytest.raises(OverviewParseError, match=r"vragen.md:2: verwacht '> zin"):
        parse_questions("## Inleiding\nDoen bewoners ertoe?", sections)


def test_no_footnote_markers_or_stray_references_in_the_text(overview: Overview, raw_text: str) -> None:
    assert FOOTNOTE_ARTIFACT.search(raw_text)  # the source does have them, so this test can fail
    leftovers = [t for t in all_texts(overview) if FOOTNOTE_ARTIFACT.search(t)]
    assert leftovers == []


def test_abcd_description_keeps_its_numbered_steps(overview: Overview) -> None:
    text = overview.approach("ABCD-methode").omschrijving
    assert text.startswith("de methode bestaat uit 5 stappen:")
    assert re.findall(r"^(\d)\. ", text, flags=re.M) == ["1", "2", "3", "4", "5"]
    assert "5. Externe steun zoeken om lokale ontwikkelingen te ondersteunen." in text


def test_approach_lines_point_at_their_heading(overview: Overview, raw_text: str) -> None:
    lines = raw_text.splitlines()
    for a in overview.approaches:
        assert clean(lines[a.line - 1]) == a.name


# --------------------------------------------------------------------------- the real overview: TOC and sections


def test_table_of_contents_is_not_content(overview: Overview, raw_text: str) -> None:
    assert "Buurtcirkel....." in raw_text and "Verantwoording\t13" in raw_text
    titles = [s.title for s in overview.sections]
    assert "Inhoudsopgave" not in titles
    assert [t for t in all_texts(overview) if TOC_ARTIFACT.search(t) or "Buurtcirkel....." in t] == []
    # TOC entries did not become (empty) sections or extra approaches
    assert not set(titles) & set(EXPECTED_NAMES)
    assert len(overview.approaches) == len(EXPECTED_NAMES)


def test_front_matter(overview: Overview) -> None:
    assert overview.title == "WijkWijzer"
    assert "Met bewoners werken aan leefbare wijken en buurten" in overview.subtitle
    assert overview.authors == ("Dunya Shamsaddini (Platform31)", "Anna Sobczyk-Turek (Movisie)")
    assert overview.contributors == ("Karin Verbeek (Movisie)",)
    assert overview.date == "December 2024"


def test_general_sections_in_order(overview: Overview) -> None:
    titles = [s.title for s in overview.sections]
    expected = [
        "Inleiding",
        "Methodisch werken aan leefbaarheid",
        "Leefbaarheid volgens bewoners",
        REFLECTIE,
        *REFLECTIE_SUBSECTIONS,
        "Verantwoording",
        COLOPHON_TITLE,
    ]
    assert titles == expected
    for s in overview.sections:
        assert s.paragraphs and all(p.strip() for p in s.paragraphs), s.title


def test_introduction(overview: Overview) -> None:
    intro = overview.section("Inleiding")
    assert intro.parent is None
    assert intro.text.startswith("Een omgeving waarin")
    assert "Inhoudsopgave" not in intro.text


def test_leefbaarheid_volgens_bewoners(overview: Overview) -> None:
    s = overview.section("Leefbaarheid volgens bewoners")
    assert s.parent == "Methodisch werken aan leefbaarheid"
    assert overview.section("Methodisch werken aan leefbaarheid").parent is None
    assert any(p.startswith("Leefbaarheid is de mate waarin") for p in s.paragraphs)
    assert any(p.endswith("de volgende criteria voldoen:") for p in s.paragraphs)
    for start in (
        "1. De bewoners spelen actieve rol",
        "2. De methode draagt bij aan het vergroten",
        "3. De aanpak is verankerd in de buurt of wijk.",
    ):
        assert re.search(rf"^{re.escape(start)}", s.text, flags=re.M), start
    assert "**" not in s.text
    assert s.footnotes == ("Leefbaarometer FAQ", "Leefbaarheid vraagt versterken van sociale kwaliteit | Movisie")


def test_reflection_and_its_subsections(overview: Overview) -> None:
    assert overview.section(REFLECTIE).parent is None
    for title in REFLECTIE_SUBSECTIONS:
        assert overview.section(title).parent == REFLECTIE


def test_verantwoording(overview: Overview) -> None:
    s = overview.section("Verantwoording")
    assert s.parent is None
    assert len(s.paragraphs) == 2
    notes = " ".join(s.footnotes)
    assert "vijf jaar geldig" in notes
    assert "Goed Onderbouwd" in notes
    assert "aangetoond." in s.paragraphs[0]  # 'aangetoond⁴[3].' lost its marker and stray reference


def test_colophon(overview: Overview) -> None:
    s = overview.sections[-1]
    assert s.title == COLOPHON_TITLE
    for name in (*overview.authors, *overview.contributors, "December 2024"):
        assert name in s.text


def test_load_overview_source_override() -> None:
    assert load_overview(OVERVIEW_PATH, source="corpus/x.txt").source == "corpus/x.txt"


# --------------------------------------------------------------------------- Markdown


def test_markdown_round_trip(overview: Overview) -> None:
    md = to_markdown(overview)
    back = parse_overview(md, "x.md")
    assert back.source == "x.md"
    assert without_lines(back) == without_lines(overview)
    assert section_shapes(back) == section_shapes(overview)
    assert (back.title, back.subtitle) == (overview.title, overview.subtitle)
    assert (back.authors, back.contributors, back.date) == (overview.authors, overview.contributors, overview.date)
    assert to_markdown(back) == md  # stable: converting again changes nothing


def test_markdown_uses_bold_labels_and_category_headings(overview: Overview) -> None:
    md = to_markdown(overview)
    assert md.startswith("# WijkWijzer\n")
    assert "## Interventies" in md and "## Andere methodische aanpakken" in md
    assert "### PBS in de wijk\n\n**Doel:** " in md
    assert "**Categorie:** handreiking" in md
    assert md.index("## Interventies") < md.index("### Buurtcirkel") < md.index("## Andere methodische aanpakken")
    assert md.index("## Andere methodische aanpakken") < md.index("### ABCD-methode")


HAND_WRITTEN_MD = """\
# WijkWijzer

Een testoverzicht

Jan Jansen (Movisie)

Met medewerking van Piet Pietersen (Platform31)

Januari 2025

## Inleiding

Een korte inleiding bij dit overzicht.

## Interventies

### Buurtmoestuin

**Doel:** bewoners tuinieren samen en leren elkaar kennen.

**Doelgroep:** alle buurtbewoners,
ongeacht leeftijd.

**Omschrijving:** een gedeelde moestuin in de wijk.

**Uitvoerders:** welzijnsorganisaties.

**Vorm:** interventiebeschrijving.

**Lees meer op:** <https://example.org/moestuin>

## Andere methodische aanpakken

### Straatgesprek

**Doel:** het gesprek over de straat op gang brengen.

**Doelgroep:** bewoners van één straat.

**Omschrijving:** de methode bestaat uit 2 stappen:

1. Bewoners uitnodigen.
2. Samen afspraken maken.

**Uitvoerders:** bewonersorganisaties.

**Vorm:** methodebeschrijving.

**Lees meer op:** [Straatgesprek | Movisie](https://example.org/straatgesprek)

### Buurtkaart maken

**Categorie:** handreiking

**Doel:** een kaart van de buurt maken.

**Doelgroep:** bewoners en professionals.

**Omschrijving:** een handreiking in vijf stappen.

**Uitvoerders:** iedereen.

**Vorm:** publicatie.

**Lees meer op:** [Buurtkaart](#)

## Verantwoording

De aanpakken zijn verzameld in 2025.
"""


@pytest.fixture(scope="module")
def hand_written() -> Overview:
    return parse_overview(HAND_WRITTEN_MD, "nieuw.md")


def test_hand_written_markdown_approaches(hand_written: Overview) -> None:
    assert [(a.name, a.category, a.url) for a in hand_written.approaches] == [
        ("Buurtmoestuin", "interventie", "https://example.org/moestuin"),
        ("Straatgesprek", "methode", "https://example.org/straatgesprek"),
        ("Buurtkaart maken", "handreiking", None),
    ]
    moestuin = hand_written.approach("Buurtmoestuin")
    assert moestuin.doel == "bewoners tuinieren samen en leren elkaar kennen."
    assert moestuin.doelgroep == "alle buurtbewoners, ongeacht leeftijd."  # wrapped line folded
    assert moestuin.omschrijving == "een gedeelde moestuin in de wijk."
    assert moestuin.uitvoerders == "welzijnsorganisaties."
    assert moestuin.vorm == "interventiebeschrijving."
    assert moestuin.line == heading_line(HAND_WRITTEN_MD, "### Buurtmoestuin")
    assert hand_written.approach("Straatgesprek").omschrijving == (
        "de methode bestaat uit 2 stappen:\n1. Bewoners uitnodigen.\n2. Samen afspraken maken."
    )
    assert all("**" not in t for t in all_texts(hand_written))


def test_hand_written_markdown_front_matter_and_sections(hand_written: Overview) -> None:
    assert hand_written.title == "WijkWijzer"
    assert hand_written.subtitle == "Een testoverzicht"
    assert hand_written.authors == ("Jan Jansen (Movisie)",)
    assert hand_written.contributors == ("Piet Pietersen (Platform31)",)
    assert hand_written.date == "Januari 2025"
    assert [s.title for s in hand_written.sections] == ["Inleiding", "Verantwoording", COLOPHON_TITLE]
    assert hand_written.section("Verantwoording").paragraphs == ("De aanpakken zijn verzameld in 2025.",)


def test_editor_adds_an_approach_to_the_converted_markdown(overview: Overview) -> None:
    md = to_markdown(overview)
    new = (
        "### Buurtmoestuin\n\n**Doel:** samen tuinieren.\n\n**Doelgroep:** buurtbewoners.\n\n"
        "**Omschrijving:** een moestuin.\n\n**Uitvoerders:** vrijwilligers.\n\n**Vorm:** praktijkvoorbeeld.\n\n"
        "**Lees meer op:** <https://example.org/moestuin>\n\n"
    )
    marker = "## Andere methodische aanpakken\n\n"
    assert md.count(marker) == 1
    edited = parse_overview(md.replace(marker, marker + new), "x.md")
    names = [a.name for a in edited.approaches]
    assert names == [*EXPECTED_NAMES[:8], "Buurtmoestuin", *EXPECTED_NAMES[8:]]
    added = edited.approach("Buurtmoestuin")
    assert (added.category, added.url, added.doel) == ("methode", "https://example.org/moestuin", "samen tuinieren.")


def test_markdown_footnote_reference_is_attached_and_removed() -> None:
    md = HAND_WRITTEN_MD.replace(
        "bewoners tuinieren samen en leren elkaar kennen.", "bewoners tuinieren samen[^1]."
    ).replace("## Andere methodische aanpakken", "[^1]: Een moestuin voor iedereen.\n\n## Andere methodische aanpakken")
    moestuin = parse_overview(md, "x.md").approach("Buurtmoestuin")
    assert moestuin.doel == "bewoners tuinieren samen."
    assert moestuin.footnotes == ("Een moestuin voor iedereen.",)


# --------------------------------------------------------------------------- broken input


@pytest.mark.parametrize(
    "label",
    [
        "Doel",
        "Doelgroep",
        "Omschrijving",
        "Uitvoerders",
        "Vorm",
        "Lees meer op",
    ],
)
def test_missing_field_names_the_entry_label_and_line(raw_text: str, label: str) -> None:
    line = heading_line(raw_text, "Citytrainers")
    with pytest.raises(OverviewParseError) as info:
        parse_overview(drop_field_line(raw_text, "Citytrainers", label), SOURCE)
    message = str(info.value)
    assert "Citytrainers" in message
    assert f"'{label}'" in message
    assert re.search(rf"\b{line}\b", message)
    assert info.value.line == line


@pytest.mark.parametrize(
    ("original", "misspelled"),
    [
        pytest.param("Doelgroep: inwoners vanaf 14 jaar", "Doelgroepp: inwoners vanaf 14 jaar", id="long-value"),
        pytest.param(
            "Vorm: Interventiebeschrijving",  # Wijkacademie Opvoeden: a short value without a final '.'
            "Vormm: Interventiebeschrijving",
            id="short-value",
        ),
    ],
)
def test_misspelled_label_is_named(raw_text: str, original: str, misspelled: str) -> None:
    assert raw_text.count(original) == 1
    with pytest.raises(OverviewParseError) as info:
        parse_overview(raw_text.replace(original, misspelled), SOURCE)
    label = misspelled.split(":")[0]
    assert f"'{label}'" in str(info.value)


def test_misspelled_label_error_names_entry_and_line(raw_text: str) -> None:
    broken = raw_text.replace("Doelgroep: inwoners vanaf 14 jaar", "Doelgroepp: inwoners vanaf 14 jaar")
    with pytest.raises(OverviewParseError) as info:
        parse_overview(broken, SOURCE)
    assert "Citytrainers" in str(info.value)
    assert info.value.line == heading_line(broken, "Citytrainers") + 4  # the Doelgroepp line itself


def test_duplicated_field(raw_text: str) -> None:
    original = "Vorm: interventiebeschrijving.\n\nLees meer op: <https://www.movisie.nl/interventie/citytrainers>"
    assert raw_text.count(original) == 1
    broken = raw_text.replace(original, "Vorm: interventiebeschrijving.\n\n" + original)
    with pytest.raises(OverviewParseError) as info:
        parse_overview(broken, SOURCE)
    assert "Citytrainers" in str(info.value) and "'Vorm'" in str(info.value)


def test_duplicated_approach(raw_text: str) -> None:
    start = raw_text.index("\nCitytrainers\n")
    end = raw_text.index("\nFutsal Chabbab\n")
    broken = raw_text[:end] + raw_text[start:end] + raw_text[end:]
    with pytest.raises(OverviewParseError, match="Citytrainers"):
        parse_overview(broken, SOURCE)


def test_field_outside_an_approach() -> None:
    with pytest.raises(OverviewParseError, match="Doelgroep"):
        parse_overview("# T\n\n## Sectie\n\nTekst.\n\nDoelgroep: iedereen.\n", "x.md")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("# WijkWijzer\n\n## Inleiding\n\nAlleen een inleiding.\n", id="markdown-without-approaches"),
        pytest.param(
            "WijkWijzer\n\nInhoudsopgave\n\nInleiding\t1\n\nInleiding\n\nAlleen een inleiding.\n",
            id="text-without-approaches",
        ),
    ],
)
def test_document_without_approaches(text: str) -> None:
    with pytest.raises(OverviewParseError):
        parse_overview(text, "leeg.txt")


def test_load_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "bestaat-niet.txt"
    with pytest.raises(OverviewParseError) as info:
        load_overview(missing)
    assert not isinstance(info.value, OSError)
    assert "bestaat-niet.txt" in str(info.value)


def test_load_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("WijkWijzer\n\nDoel: het creëren van een buurt.\n".encode("latin-1"))
    with pytest.raises(OverviewParseError, match="UTF-8"):
        load_overview(path)


# --------------------------------------------------------------------------- parse_url and clean


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<https://a.nl/x>", "https://a.nl/x"),
        ("[t](#)", None),
        ("[t](https://b.nl)", "https://b.nl"),
        ("https://c.nl/pagina.", "https://c.nl/pagina"),
        ("zie https://c.nl/pagina/, daar", "https://c.nl/pagina/"),
        ("(geen link)", None),
        ("", None),
    ],
)
def test_parse_url(value: str, expected: str | None) -> None:
    assert parse_url(value) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("PBS³ in de wijk", "PBS in de wijk"),
        ("aangetoond⁴[3].", "aangetoond."),
        ("**Vetgedrukt** en [een link](https://a.nl)", "Vetgedrukt en een link"),
        ("  veel   spaties\t hier ", "veel spaties hier"),
    ],
)
def test_clean(raw: str, expected: str) -> None:
    assert clean(raw) == expected


# --------------------------------------------------------------------------- blocks


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Doelgroep: iedereen", ("doelgroep", "iedereen")),
        ("**Doelgroep:** iedereen", ("doelgroep", "iedereen")),
        ("Lees meer op: <https://a.nl>", ("url", "<https://a.nl>")),
        ("**Categorie:** handreiking", ("categorie", "handreiking")),
        ("Doelgroepp: iedereen", None),
        ("Een gewone zin zonder label.", None),
    ],
)
def test_field_label(line: str, expected: tuple[str, str] | None) -> None:
    assert field_label(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Doelgroepp: iedereen", "Doelgroepp"),
        ("**Omschrijvng:** tekst", "Omschrijvng"),
        ("Doel: iets", None),
        ("gewone tekst: met dubbele punt", None),
    ],
)
def test_looks_like_label(line: str, expected: str | None) -> None:
    assert looks_like_label(line) == expected


def test_split_blocks_kinds_and_lines() -> None:
    text = (
        "Inhoudsopgave\n"  # 1
        "\n"
        "Inleiding\t3\n"  # 3
        "Buurtcirkel.....\t4\n"
        "\n"
        "Buurtcirkel\n"  # 6
        "\n"
        "Doel: een doel dat over\n"  # 8
        "twee regels loopt.\n"
        "\n"
        "Een alinea met een lijst:\n"  # 11
        "1. eerste punt\n"
        "dat doorloopt\n"
        "2. Tweede punt\n"
        "\n"
        "³ Een voetnoot\n"  # 16
        "## Markdown-kop\n"  # 17
    )
    blocks = split_blocks(text)
    assert [(b.kind, b.line) for b in blocks] == [
        ("heading", 1),
        ("toc", 3),
        ("heading", 6),
        ("field", 8),
        ("text", 11),
        ("footnote", 16),
        ("heading", 17),
    ]
    assert blocks[3].label == "doel" and blocks[3].text == "een doel dat over twee regels loopt."
    assert blocks[4].text == "Een alinea met een lijst:\n1. eerste punt dat doorloopt\n2. Tweede punt"
    assert blocks[2].level == 0 and blocks[6].level == 2 and blocks[6].text == "Markdown-kop"
