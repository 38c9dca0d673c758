"""Tests for structure-aware chunking (assistant/chunks.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.chunks import (
    FIELD_CHUNKS,
    MAX_CHARS,
    group_paragraphs,
    overview_chunks,
    page_chunks,
    page_sections,
    unique_ids,
)
from assistant.corpus.overview import load_overview, parse_overview
from assistant.types import Approach, Chunk, Overview

ROOT = Path(__file__).resolve().parents[1]
OVERVIEW_PATH = ROOT / "corpus" / "wijkwijzer-overzicht.txt"
HEX64 = re.compile(r"^[0-9a-f]{64}$")


@pytest.fixture(scope="module")
def overview() -> Overview:
    return load_overview(OVERVIEW_PATH)


@pytest.fixture(scope="module")
def chunks(overview: Overview) -> list[Chunk]:
    return overview_chunks(overview)


@pytest.fixture
def approach() -> Approach:
    return Approach(
        name="Buurtmoestuin",
        category="interventie",
        doel="samen tuinieren.",
        doelgroep="buurtbewoners.",
        omschrijving="een moestuin.",
        uitvoerders="vrijwilligers.",
        vorm="praktijkvoorbeeld.",
        url="https://example.org/moestuin",
    )


def norm(text: str) -> str:
    return " ".join(text.split())


def by_kind(chunks: list[Chunk], kind: str) -> list[Chunk]:
    return [c for c in chunks if c.kind == kind]


# --------------------------------------------------------------------------- overview chunks


def test_ids_are_unique_and_stable(chunks: list[Chunk]) -> None:
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids))
    assert unique_ids(chunks) == chunks
    again = overview_chunks(parse_overview(OVERVIEW_PATH.read_text(encoding="utf-8"), OVERVIEW_PATH.name))
    assert [c.id for c in again] == ids
    assert [c.content_hash for c in again] == [c.content_hash for c in chunks]
    assert again == chunks


def test_unique_ids_rejects_duplicates(chunks: list[Chunk]) -> None:
    with pytest.raises(ValueError, match=re.escape(chunks[0].id)):
        unique_ids([*chunks, replace(chunks[0], text="andere tekst")])


def test_every_approach_has_one_whole_chunk_and_field_chunks(overview: Overview, chunks: list[Chunk]) -> None:
    for a in overview.approaches:
        mine = [c for c in chunks if c.target == a.name]
        whole = by_kind(mine, "approach")
        assert len(whole) == 1, a.name
        assert whole[0].section == "overzicht"
        assert whole[0].text.startswith(f"{a.name} ({a.category})")
        for key in ("doel", "doelgroep", "omschrijving", "uitvoerders", "vorm"):
            assert a.field(key) in whole[0].text, (a.name, key)
        fields = by_kind(mine, "field")
        assert [c.section for c in fields] == list(FIELD_CHUNKS)
        for c in fields:
            assert a.field(c.section) in c.text and c.text.startswith(a.name)
        assert {c.kind for c in mine} == {"approach", "field"}


def test_approach_chunks_carry_url_category_and_aliases(overview: Overview, chunks: list[Chunk]) -> None:
    for c in chunks:
        if c.kind in ("approach", "field"):
            a = overview.approach(c.target)
            assert (c.url, c.category) == (a.url, a.category)
            assert c.is_approach
    abcd = next(c for c in by_kind(chunks, "approach") if c.target == "ABCD-methode")
    assert abcd.url is None and abcd.category == "methode"
    pbs = next(c for c in by_kind(chunks, "approach") if c.target == "PBS in de wijk")
    assert "PBS" in pbs.extra["aliases"].split("|")
    assert "Voetnoot: Positive Behavior Support" in pbs.text


def test_every_chunk_has_source_text_and_hash(overview: Overview, chunks: list[Chunk]) -> None:
    assert {c.source for c in chunks} == {overview.source} == {"wijkwijzer-overzicht.txt"}
    for c in chunks:
        assert c.text.strip(), c.id
        assert HEX64.match(c.content_hash), c.id
    assert overview_chunks(overview, source="corpus/x.txt")[0].source == "corpus/x.txt"


def test_content_hash_changes_with_text_only(chunks: list[Chunk]) -> None:
    c = chunks[0]
    assert replace(c, text=c.text + " Extra zin.").content_hash != c.content_hash
    assert replace(c, text=c.text).content_hash == c.content_hash
    assert replace(c, id="iets-anders").content_hash == c.content_hash
    assert len({x.content_hash for x in chunks}) == len(chunks)


def test_general_chunks_for_every_section(overview: Overview, chunks: list[Chunk]) -> None:
    general = by_kind(chunks, "general")
    assert {c.target for c in general} == {s.title for s in overview.sections}
    for c in general:
        s = overview.section(c.target)
        assert c.section == (s.parent or s.title)
        assert c.text.startswith(f"{s.title}\n")
        assert len(c.text) <= MAX_CHARS + len(s.title) + 1
        assert not c.is_approach and c.url is None and c.category is None
    subsection = next(c for c in general if c.target == "Krachten en talenten benutten")
    assert subsection.section == "Reflectie - belangrijke kenmerken"


def test_general_chunks_keep_all_section_text(overview: Overview, chunks: list[Chunk]) -> None:
    for s in overview.sections:
        joined = norm(" ".join(c.text for c in by_kind(chunks, "general") if c.target == s.title))
        for p in [*s.paragraphs, *s.footnotes]:
            for sentence in re.split(r"(?<=[.!?])\s+|\n", p):
                assert norm(sentence) in joined, (s.title, sentence)


def test_criteria_lead_in_stays_with_its_list(chunks: list[Chunk]) -> None:
    [lead] = [c for c in chunks if "de volgende criteria voldoen:" in c.text]
    assert lead.target == "Leefbaarheid volgens bewoners"
    assert "de volgende criteria voldoen:\n1. De bewoners spelen actieve rol" in lead.text
    assert "\n2. De methode draagt bij" in lead.text
    assert "\n3. De aanpak is verankerd" in lead.text


def test_metadata_round_trip(chunks: list[Chunk]) -> None:
    for c in chunks:
        meta: dict[str, object] = dict(c.metadata())
        assert None not in meta.values(), c.id
        assert all(isinstance(v, str) for v in meta.values()), c.id
        assert meta["content_hash"] == c.content_hash
        assert Chunk.from_metadata(c.id, c.text, meta) == c


# --------------------------------------------------------------------------- group_paragraphs


def test_group_paragraphs_packs_under_the_limit() -> None:
    assert group_paragraphs(["Een.", "Twee.", "", "Drie."], max_chars=12) == ["Een.\n\nTwee.", "Drie."]
    assert group_paragraphs([]) == []


def test_group_paragraphs_keeps_lead_in_with_list() -> None:
    pieces = group_paragraphs(["Kies uit:", "1. a\n2. b", "Tot slot iets anders."], max_chars=25)
    assert pieces == ["Kies uit:\n1. a\n2. b", "Tot slot iets anders."]


@pytest.mark.parametrize(
    "paragraph",
    [
        pytest.param(" ".join(f"woord{i}" for i in range(600)), id="words-no-sentence-breaks"),
        pytest.param("x" * (2 * MAX_CHARS + 100), id="one-long-token"),
    ],
)
def test_long_paragraph_without_sentence_breaks_is_split(paragraph: str) -> None:
    assert len(paragraph) > MAX_CHARS
    pieces = group_paragraphs([paragraph])
    assert len(pieces) > 1
    assert all(0 < len(p) <= MAX_CHARS for p in pieces)
    glue = "" if " " not in paragraph else " "
    assert glue.join(pieces) == paragraph


def test_long_paragraph_is_split_by_sentence() -> None:
    sentences = [f"Dit is zin nummer {i} van een lange alinea over de buurt." for i in range(60)]
    pieces = group_paragraphs([" ".join(sentences)], max_chars=300)
    assert len(pieces) > 1 and all(len(p) <= 300 for p in pieces)
    for s in sentences:
        assert sum(s in p for p in pieces) == 1, s  # no sentence is cut in half or repeated


# --------------------------------------------------------------------------- linked pages


def long_page() -> tuple[str, dict[str, list[str]]]:
    """A Markdown page with headings and > 3000 characters of sentences, and the sentences per heading."""
    headings = ["Achtergrond", "Werkwijze", "Resultaten"]
    per_heading: dict[str, list[str]] = {}
    parts = ["Inleidende tekst zonder kop."]
    per_heading[""] = ["Inleidende tekst zonder kop."]
    for h in headings:
        parts.append(f"## {h}")
        per_heading[h] = []
        for p in range(4):
            sentences = [f"{h} alinea {p} zin {i} vertelt iets over de aanpak in de wijk." for i in range(8)]
            per_heading[h] += sentences
            # wrap every paragraph over several lines, as in real Markdown
            parts.append("\n".join(" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)))
    return "\n\n".join(parts) + "\n", per_heading


def test_page_sections_split_by_heading() -> None:
    page, per_heading = long_page()
    sections = page_sections(page)
    assert [h for h, _ in sections] == list(per_heading)
    assert all(len(ps) == (1 if h == "" else 4) for h, ps in sections)


def test_page_chunks(approach: Approach) -> None:
    page, per_heading = long_page()
    assert len(page) > 3000
    chunks = page_chunks(page, approach, "corpus/pages/buurtmoestuin.md", "https://example.org/moestuin")
    assert len(chunks) > len(per_heading)  # long headings were split further
    assert len({c.id for c in chunks}) == len(chunks)
    for c in chunks:
        heading = "" if c.section == "pagina" else c.section
        prefix = f"{approach.name} — {heading}\n" if heading else f"{approach.name}\n"
        assert c.text.startswith(prefix)
        assert len(c.text) <= MAX_CHARS + len(prefix)
        body = c.text[len(prefix) :]
        assert any(s in body for s in per_heading[heading])  # text comes from its own heading
        assert (c.kind, c.target, c.url, c.category) == (
            "page",
            "Buurtmoestuin",
            "https://example.org/moestuin",
            "interventie",
        )
        assert c.source == "corpus/pages/buurtmoestuin.md"
    assert {c.section for c in chunks} == {"pagina", "Achtergrond", "Werkwijze", "Resultaten"}
    for heading, sentences in per_heading.items():
        section = heading or "pagina"
        own = " ".join(c.text for c in chunks if c.section == section)
        for s in sentences:
            assert s in own, s  # no text lost, and each sentence lands under its own heading


def test_page_chunks_respect_a_smaller_limit(approach: Approach) -> None:
    page, _ = long_page()
    chunks = page_chunks(page, approach, "p.md", None, max_chars=200)
    for c in chunks:
        prefix = c.text.split("\n", 1)[0] + "\n"
        assert len(c.text) <= 200 + len(prefix)
        assert c.url is None and c.metadata()["url"] == ""
