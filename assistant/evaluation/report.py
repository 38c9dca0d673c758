"""The evaluation report: a terminal table, and `report.md` (+ `report.png` from `chart.py`) in the output folder."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from assistant.errors import ConfigError, write_text_file
from assistant.evaluation.scoring import ItemResult, Scores
from assistant.evaluation.suite import SHIPPED, EvalReport
from assistant.evaluation.thresholds import Outcome, suggested

#: (metric, label) in report order; latency and length are shown as numbers, the rest as rates.
ROWS = (
    ("hit@1", "hit@1"),
    ("hit@3", "hit@3"),
    ("hit@5", "hit@5"),
    ("mrr", "MRR"),
    ("recall@5", "recall@5 (expected approaches in the top 5)"),
    ("gold_cited", "gold approach cited"),
    ("citation_precision", "citation precision (cited approaches that are expected)"),
    ("citation_recall", "citation recall (expected approaches that are cited)"),
    ("citations_valid", "every [n] refers to a listed source"),
    ("fact_found", "expected fact in the answer"),
    ("must_contain", "must_contain strings present"),
    ("must_not_contain", "must_not_contain strings absent"),
    ("out_of_scope_refused", "out-of-scope refused"),
    ("in_scope_answered", "in-scope answered (not refused)"),
    ("refusal_accuracy", "refusal accuracy (both)"),
    ("crisis_routed", "crisis routed to its help line (113 / 112 / Veilig Thuis)"),
    ("crisis_first", "crisis help line first (certain tier)"),
    ("no_false_crisis", "no false crisis alarm"),
    ("unsupported_share", "unsupported sentences, verbatim gate (goal 0)"),
    ("unsupported_share_paraphrase", "unsupported sentences, paraphrase gate"),
    ("hallucination_rate", "answers with a hallucinated link/phone/number/name"),
    ("items_passed", "questions passing every check"),
    ("latency_p50_ms", "latency p50 (ms)"),
    ("latency_p95_ms", "latency p95 (ms)"),
    ("answer_chars_p50", "answer length p50 (characters)"),
)
#: The retrieval view's columns, in order.
RETRIEVAL_ROWS = ("hit@1", "hit@3", "hit@5", "mrr")
SHORT = {m: (label.split(" (")[0] if m not in ("latency_p50_ms", "latency_p95_ms") else label) for m, label in ROWS}


def fmt(scores: Scores | None, metric: str) -> str:
    value = scores.get(metric) if scores else None
    if value is None:
        return "—"
    if metric.endswith(("_ms", "_chars_p50")):
        return f"{value:.0f}"
    count = scores.counts.get(metric) if scores else None
    if count and metric == "unsupported_share":
        return f"{value:.3f} ({count[0]} of {count[1]} sentences)"
    return f"{value:.3f} ({count[0]}/{count[1]})" if count else f"{value:.3f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    return lines + ["| " + " | ".join(r) + " |" for r in rows]


def terminal_table(report: EvalReport) -> str:
    names = [s.name for s in report.systems]
    width = max(len(n) for n in names) + 2
    lines = [f"{'':48}" + "".join(f"{n:>{max(width, 12)}}" for n in names)]
    for metric, _ in ROWS:
        cells = []
        for s in report.systems:
            value = s.overall.get(metric)
            cells.append(
                "—" if value is None else f"{value:.0f}" if metric.endswith(("_ms", "_p50")) else f"{value:.3f}"
            )
        if any(c != "—" for c in cells):
            lines.append(f"{SHORT[metric][:48]:48}" + "".join(f"{c:>{max(width, 12)}}" for c in cells))
    return "\n".join(lines)


def retrieval_table(report: EvalReport, verbose: bool = False) -> str:
    """`wijkwijzer eval --only retrieval`: hit@1/3/5 and MRR per retriever mode; `verbose` adds the shipped
    ranking's misses at rank 1 with its top 3."""
    lines = [f"{'mode':10} {'hit@1':>6} {'hit@3':>6} {'hit@5':>6} {'MRR':>6}"]
    for s in report.systems:
        lines.append(f"{s.name:10}" + "".join(f" {s.overall.values.get(m, 0.0):6.3f}" for m in RETRIEVAL_ROWS))
    shipped = report.system(SHIPPED)
    if verbose and shipped:
        lines += [
            f"mis  {r.item.id}: {r.item.question[:70]!r} → {', '.join((r.ranked or ())[:3])}"
            for r in shipped.results
            if r.ranked is not None and r.rank != 1
        ]
    return "\n".join(lines)


def answer_table(scores: Scores) -> str:
    """`wijkwijzer eval --only answers`: every figure of the answers that has a count, by metric name."""
    return "\n".join(
        f"{metric:22} {scores.values[metric]:6.3f}  ({passed}/{total})"
        for metric, (passed, total) in sorted(scores.counts.items())
    )


def failure_lines(results: Sequence[ItemResult]) -> list[str]:
    """The answers that failed a check, one block each, for the terminal (`-v`)."""
    return [
        f"\n--- {r.item.id} [{', '.join(r.failed)}]\n{r.answer.text if r.answer else ''}" for r in results if r.failed
    ]


def _code(text: str) -> list[str]:
    return ["", "```text", text.replace("```", "ʼʼʼ"), "```", ""]


def _failing(results: Sequence[ItemResult]) -> list[str]:
    out = []
    for r in results:
        item = r.item
        out += [f"### {item.id} — {', '.join(r.failed)}", ""]
        out.append(f"*{item.kind}, {item.style}, {item.split}* · question: {item.question!r}")
        if item.history:
            out.append(f"· history: {' / '.join(t.get('content', '') for t in item.history)!r}")
        wanted = [
            f"expected {list(item.expected)}" if item.expected else "",
            f"fact {item.fact!r}" if item.fact else "",
        ]
        wanted += [
            f"missing {list(r.missing)}" if r.missing else "",
            f"forbidden {list(r.forbidden)}" if r.forbidden else "",
        ]
        if r.citations:
            wanted.append(f"cited {list(r.citations.cited)}")
        out.append(" · ".join(w for w in wanted if w))
        if r.grounding:
            out += [f"- unsupported: {s.text!r} ({s.reason})" for s in r.grounding.unsupported]
        out += [f"- hallucinated {f}" for f in r.findings]
        out += _code(r.answer.text if r.answer else "(no answer)")
    return out


def markdown(report: EvalReport, outcomes: Sequence[Outcome] = (), chart: str | None = "report.png") -> str:
    splits = Counter(i.split for i in report.items)
    kinds = Counter(i.kind for i in report.items)
    lines = [
        "# WijkWijzer eval report",
        "",
        f"{report.created} · `{report.questions}`: {len(report.items)} questions "
        f"({', '.join(f'{k} {v}' for k, v in sorted(splits.items()))}; "
        f"{', '.join(f'{k} {v}' for k, v in kinds.items())}) · embedder `{report.model_id}` · "
        f"{report.seconds:.0f} s. Written by `wijkwijzer eval`; do not edit.",
        "",
    ]
    if chart:
        lines += [f"![metrics per question kind, per system and per approach]({chart})", ""]
    lines += ["## What the design buys (all questions)", ""]
    lines += _table(
        ["metric", *(s.name for s in report.systems)],
        [
            [label, *(fmt(s.overall, m) for s in report.systems)]
            for m, label in ROWS
            if any(s.overall.get(m) is not None for s in report.systems)
        ],
    )
    lines += ["", "Systems:", ""] + [f"- **{s.name}**: {s.description}" for s in report.systems]
    lines += [
        "",
        "## Dev and hold-out",
        "",
        "`holdout` questions were written after the design choices and never used to make them (nor to fit "
        "the refusal threshold); a gap to `dev` shows how much the choices fit the dev set.",
        "",
    ]
    header, rows = ["metric"], []
    for s in report.systems:
        header += [f"{s.name} dev", f"{s.name} holdout"]
    for m, _ in ROWS:
        cells = [fmt(s.splits.get(sp), m) for s in report.systems for sp in ("dev", "holdout")]
        if any(c != "—" for c in cells):
            rows.append([SHORT[m], *cells])
    lines += _table(header, rows)
    shipped = report.system(SHIPPED)
    if shipped:
        kind_metrics = (
            "items_passed",
            "gold_cited",
            "fact_found",
            "must_contain",
            "refusal_accuracy",
            "crisis_routed",
            "unsupported_share",
            "hallucination_rate",
            "latency_p95_ms",
        )
        lines += ["", "## Per question kind (shipped)", ""]
        lines += _table(
            ["kind", "n", *(SHORT[m] for m in kind_metrics)],
            [[k, str(kinds[k]), *(fmt(v, m) for m in kind_metrics)] for k, v in shipped.by_kind.items()],
        )
    lines += ["", "## Per approach (hit@3 per system; shipped answers)", ""]
    approaches = sorted({a for s in report.systems for a in s.by_approach})
    rows = []
    for a in approaches:
        cells = [fmt(s.by_approach.get(a), "hit@3") for s in report.systems]
        sb = shipped.by_approach.get(a) if shipped else None
        rows.append([a, *cells, fmt(sb, "gold_cited"), fmt(sb, "items_passed")])
    lines += _table(["approach", *(f"hit@3 {s.name}" for s in report.systems), "gold cited", "items passed"], rows)
    if outcomes:
        lines += ["", "## Thresholds (`eval/thresholds.yaml`)", ""]
        rows = []
        for o in outcomes:
            metric = o.threshold.key.split(".")[-1]
            hint = f"{suggested(o.actual, metric):.2f}" if o.actual is not None and o.threshold.op != ">" else ""
            actual = "—" if o.actual is None else f"{o.actual:.4f}"
            rows.append([f"`{o.threshold}`", actual, hint, o.status + (f": {o.message}" if o.message else "")])
        lines += _table(["threshold", "today", "suggested floor", "status"], rows)
    if shipped:
        failing = [r for r in shipped.results if r.failed]
        lines += ["", f"## Failing questions (shipped): {len(failing)}", ""]
        lines += _failing(failing) or ["None."]
        misses = [r for r in shipped.results if r.ranked is not None and (r.rank is None or r.rank > 3)]
        lines += ["", f"## Retrieval misses (shipped, expected approach not in the top 3): {len(misses)}", ""]
        lines += [
            f"- `{r.item.id}` ({r.item.split}): {r.item.question!r} → {', '.join((r.ranked or ())[:3])}" for r in misses
        ] or ["None."]
    return "\n".join(lines) + "\n"


def write_report(report: EvalReport, out_dir: Path, outcomes: Sequence[Outcome] = ()) -> tuple[Path, Path]:
    """Write `report.md` and `report.png` into `out_dir`; returns both paths."""
    from assistant.evaluation.chart import write_chart

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"map voor het rapport kan niet gemaakt worden: {out_dir} ({exc.strerror})") from None
    png = write_chart(report, out_dir / "report.png")
    md = out_dir / "report.md"
    write_text_file(md, markdown(report, outcomes, chart=png.name), "rapportbestand")
    return md, png
