"""Issue #15 on the real stack: everyday messages, why an approach fits, the next step, and the everyday bank."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.answer.draft import templates
from assistant.chunks import TERMS_SECTION
from assistant.evaluation.bank import BankError
from assistant.evaluation.everyday import evaluate, load_everyday_bank
from assistant.service import WijkWijzer

ROOT = Path(__file__).resolve().parents[1]
SOURCE = " ".join((ROOT / "corpus" / "wijkwijzer-overzicht.txt").read_text(encoding="utf-8").split())


def test_an_approach_answer_says_why_it_fits_and_whom_to_ask(e5_ww: WijkWijzer) -> None:
    answer = e5_ww.ask("we willen als buurt samen koken voor mensen die alleen zijn, hoe pak je dat aan")
    t = templates()["nl"]
    blocks = [b for b in answer.text.split("\n\n") if b.startswith("**")]
    assert 1 <= len(blocks) <= 4 and "Resto VanHarte" in blocks[0]
    for block in blocks:
        name = re.match(r"\*\*\d+\. (.+?)\*\*", block).group(1)  # type: ignore[union-attr]
        assert f"- {t['label_why']}: “" in block
        assert t["next_step"].format(name=name) in block
    for s in answer.sources:  # every quote is the overview's own text, never the editors' search words
        assert s.section != TERMS_SECTION and " ".join(s.snippet.split()) in SOURCE


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
