"""The CI gate: figures in an :class:`EvalReport` against the thresholds kept in `eval/thresholds.yaml`.

File format (YAML)::

    min:            # the figure must be at least this
      shipped.hit@3: 0.94
      shipped.holdout.gold_cited: 0.90
    max:            # the figure must be at most this (lower is better)
      shipped.unsupported_share: 0.0
    better_than:    # comparisons between systems in the same run
      - shipped.hit@3 > naive-rag.hit@3

Keys are 'system.metric' (all items) or 'system.split.metric'. A key whose system did not run (baselines off)
is skipped, not failed; an unknown metric of a system that ran is a violation (it catches typos).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import ConfigError, read_text_file
from assistant.evaluation.scoring import LOWER_IS_BETTER
from assistant.evaluation.suite import EvalReport

_COMPARE = re.compile(r"^\s*(\S+)\s*(>=|>)\s*(\S+)\s*$")


@dataclass(frozen=True)
class Threshold:
    key: str
    op: str  # ">=" (min), "<=" (max), ">" or ">=" against another key (better_than)
    target: float | str  # a number, or another metric key

    def __str__(self) -> str:
        return f"{self.key} {self.op} {self.target}"


@dataclass(frozen=True)
class Outcome:
    threshold: Threshold
    actual: float | None
    target: float | None
    status: str  # "ok" | "violated" | "skipped"
    message: str = ""


def load_thresholds(path: Path) -> list[Threshold]:
    raw: dict[str, Any] = yaml.safe_load(read_text_file(path, "drempelbestand")) or {}
    unknown = set(raw) - {"min", "max", "better_than"}
    if unknown:
        raise ConfigError(f"{path}: unknown sections {sorted(unknown)}; use min, max, better_than")
    out = [Threshold(str(k), ">=", float(v)) for k, v in (raw.get("min") or {}).items()]
    out += [Threshold(str(k), "<=", float(v)) for k, v in (raw.get("max") or {}).items()]
    for line in raw.get("better_than") or []:
        m = _COMPARE.match(str(line))
        if not m:
            raise ConfigError(f"{path}: cannot read comparison {line!r}; write 'a.metric > b.metric'")
        out.append(Threshold(m.group(1), m.group(2), m.group(3)))
    return out


def _ran(report: EvalReport, key: str) -> bool:
    return report.system(key.split(".")[0]) is not None


def evaluate_thresholds(report: EvalReport, thresholds: list[Threshold]) -> list[Outcome]:
    outcomes = []
    for t in thresholds:
        keys = [t.key] + ([t.target] if isinstance(t.target, str) else [])
        if not all(_ran(report, k) for k in keys):
            outcomes.append(Outcome(t, None, None, "skipped", "system not run"))
            continue
        actual = report.value(t.key)
        target = report.value(t.target) if isinstance(t.target, str) else t.target
        if actual is None or target is None:
            missing = t.key if actual is None else t.target
            outcomes.append(Outcome(t, actual, target, "violated", f"no figure for {missing}"))
            continue
        ok = {">=": actual >= target - 1e-9, "<=": actual <= target + 1e-9, ">": actual > target}[t.op]
        message = "" if ok else f"{t.key} = {actual:.4f}, needs {t.op} {target:.4f}"
        outcomes.append(Outcome(t, actual, target, "ok" if ok else "violated", message))
    return outcomes


def violations(report: EvalReport, thresholds: list[Threshold]) -> list[Outcome]:
    return [o for o in evaluate_thresholds(report, thresholds) if o.status == "violated"]


def suggested(value: float, metric: str) -> float:
    """Today's figure as a threshold: floored to 2 decimals minus 0.01 (ceiled plus 0.01 where lower is better);
    a figure of exactly 0 where lower is better stays 0 (the goal, e.g. unsupported sentences)."""
    if metric in LOWER_IS_BETTER:
        return 0.0 if value == 0 else math.ceil(value * 100 - 1e-9) / 100 + 0.01
    return max(0.0, math.floor(value * 100 + 1e-9) / 100 - 0.01)
