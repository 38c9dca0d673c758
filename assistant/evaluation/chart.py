"""The report's chart (PNG): items passed per question kind, headline figures per system, hit@3 per approach."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.evaluation.dataset import KINDS
from assistant.evaluation.scoring import Scores
from assistant.evaluation.suite import EvalReport

if TYPE_CHECKING:
    from matplotlib.axes import Axes

HEADLINE = (
    ("hit@3", "hit@3"),
    ("recall@5", "recall@5"),
    ("mrr", "MRR"),
    ("gold_cited", "gold cited"),
    ("citation_precision", "citation\nprecision"),
    ("refusal_accuracy", "refusal\naccuracy"),
    ("crisis_routed", "crisis\nrouted"),
    ("items_passed", "items\npassed"),
)
COLOURS = {"shipped": "#1b7837", "dense": "#5aae61", "bm25": "#c2a5cf", "naive-rag": "#762a83"}


def _figure(groups: dict[str, Scores], group: str, metric: str) -> float:
    scores = groups.get(group)
    return (scores.get(metric) if scores else None) or 0.0


def _bars(ax: Axes, labels: list[str], series: dict[str, list[float]], horizontal: bool = False) -> None:
    width = 0.8 / max(1, len(series))
    positions = np.arange(len(labels))
    for i, (name, values) in enumerate(series.items()):
        offset = positions + (i - (len(series) - 1) / 2) * width
        colour = COLOURS.get(name)
        if horizontal:
            ax.barh(offset, values, height=width, label=name, color=colour)
        else:
            ax.bar(offset, values, width=width, label=name, color=colour)
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 1.05)
    else:
        ax.set_xticks(positions, labels)
        ax.set_ylim(0, 1.05)
    ax.grid(axis="x" if horizontal else "y", alpha=0.3)
    if horizontal:
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.03), ncol=len(series))
    else:
        ax.legend(fontsize=8)


def write_chart(report: EvalReport, path: Path) -> Path:
    # imported here, not at the top: matplotlib (~0.5 s to import) is only needed when a report is written
    import matplotlib

    matplotlib.use("Agg")  # no display; must precede the pyplot import
    import matplotlib.pyplot as plt

    answering = [s for s in report.systems if s.answers]
    fig = plt.figure(figsize=(14, 13), layout="constrained")
    grid = fig.add_gridspec(2, 2, height_ratios=[1, 1.6])

    ax = fig.add_subplot(grid[0, 0])
    kinds = [k for k in KINDS if any(k in s.by_kind for s in answering)]
    series = {s.name: [_figure(s.by_kind, k, "items_passed") for k in kinds] for s in answering}
    _bars(ax, [k.replace("_", "\n") for k in kinds], series)
    ax.tick_params(axis="x", labelsize=8)
    ax.set_title("Share of questions passing every check, per question kind")

    ax = fig.add_subplot(grid[0, 1])
    series = {s.name: [s.overall.get(m) or 0.0 for m, _ in HEADLINE] for s in report.systems}
    _bars(ax, [label for _, label in HEADLINE], series)
    ax.tick_params(axis="x", labelsize=8)
    ax.set_title("Headline figures per system (0 = not applicable / never)")

    ax = fig.add_subplot(grid[1, :])
    approaches = sorted({a for s in report.systems for a in s.by_approach})
    series = {s.name: [_figure(s.by_approach, a, "hit@3") for a in approaches] for s in report.systems}
    _bars(ax, approaches, series, horizontal=True)
    ax.set_title("hit@3 per approach (questions whose first expected approach it is)")
    fig.suptitle(f"WijkWijzer eval — {len(report.items)} questions, {report.created}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
