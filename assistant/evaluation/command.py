"""`wijkwijzer eval`: the whole evaluation with baselines, `report.md` + `report.png`, and the CI gate (`--check`);
`--only retrieval|answers` prints one part of it, and `wijkwijzer eval-retrieval` / `eval-answers` are aliases of
those views.

Wired into `assistant/cli.py` in `build_parser()`: ``add_eval_command(sub)`` and one ``add_eval_view(...)`` per alias.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import ConfigError
from assistant.settings import PROJECT_ROOT, Settings, shown_path

if TYPE_CHECKING:
    from assistant.answer.label_model import LabelModel
    from assistant.embed.base import Embedder
    from assistant.evaluation.dataset import EvalItem
    from assistant.evaluation.suite import Progress
    from assistant.service import WijkWijzer

EVAL_DIR = PROJECT_ROOT / "eval"
QUESTIONS = EVAL_DIR / "questions.yaml"
#: The parts `--only` runs on their own; the terminal shows the view, no report is written.
PARTS = ("retrieval", "answers")


def add_eval_command(sub: Any) -> argparse.ArgumentParser:
    """Register the `eval` subcommand on an argparse subparsers object."""
    p: argparse.ArgumentParser = sub.add_parser(
        "eval",
        help="volledige evaluatie met baselines: retrieval, citaties, onderbouwing, weigeren, crisis; "
        "schrijft report.md en report.png",
    )
    p.add_argument("--questions", type=Path, default=QUESTIONS, help="vragenbestand")
    p.add_argument("--out", type=Path, default=EVAL_DIR, help="map voor report.md en report.png (standaard: eval/)")
    p.add_argument("--thresholds", type=Path, default=EVAL_DIR / "thresholds.yaml", help="drempels voor --check")
    p.add_argument("--no-baselines", action="store_true", help="alleen de gebruikte assistent, geen baselines")
    part = p.add_mutually_exclusive_group()
    part.add_argument(
        "--check", action="store_true", help="exitcode 1 als een cijfer onder zijn drempel zakt (voor CI)"
    )
    part.add_argument(
        "--only",
        choices=PARTS,
        help="alleen dit deel, alleen in de terminal (geen rapport, geen crisisbank): retrieval (hit@k en MRR per "
        "retriever) of answers (de controles op de antwoorden)",
    )
    p.add_argument("--no-crisis", action="store_true", help="zonder de crisisbank (eval/crisis/, dev en blind)")
    p.add_argument("-v", "--verbose", action="store_true", help="toon voortgang en de vragen die faalden")
    p.set_defaults(func=cmd_eval)
    return p


def add_eval_view(sub: Any, name: str, part: str, help: str, verbose: str) -> argparse.ArgumentParser:
    """Register `name` as an alias of `wijkwijzer eval --only part` (with only --questions and -v)."""
    p: argparse.ArgumentParser = sub.add_parser(name, help=help)
    p.add_argument("--questions", type=Path, default=QUESTIONS, help="vragenbestand")
    p.add_argument("-v", "--verbose", action="store_true", help=verbose)
    p.set_defaults(func=cmd_eval, only=part, no_baselines=False, check=False)
    return p


def cmd_eval(args: argparse.Namespace, service: WijkWijzer | None = None) -> int:
    """Run the suite; `service` replaces the one built from `Settings()` (tests)."""
    from assistant.evaluation.dataset import load_items, validate_items
    from assistant.evaluation.report import failure_lines, terminal_table, write_report
    from assistant.evaluation.suite import run_suite
    from assistant.evaluation.thresholds import evaluate_thresholds, load_thresholds

    ww = service
    if ww is None:
        from assistant.service import WijkWijzer

        ww = WijkWijzer(Settings())
    if not ww.has_index():
        print("Nog geen index: de index wordt eerst gebouwd…", file=sys.stderr)
        ww.build_index()
    items = load_items(args.questions)
    overview = ww.overview()
    document = ww.settings.overview_path.read_text(encoding="utf-8")
    problems = validate_items(items, {a.name for a in overview.approaches}, document)
    if problems:
        raise ConfigError(f"{args.questions}: " + "; ".join(problems[:5]))

    def progress(message: str) -> None:
        if args.verbose:
            print(message, file=sys.stderr)

    if args.only:
        return _view(args, ww, items, progress)
    thresholds = load_thresholds(args.thresholds) if args.check or args.thresholds.exists() else []
    shown = shown_path(args.questions)
    report = run_suite(ww, items, baselines=not args.no_baselines, questions=shown, progress=progress)
    outcomes = evaluate_thresholds(report, thresholds)
    md, png = write_report(report, args.out, outcomes)
    print(terminal_table(report))
    if not args.no_crisis:
        from assistant.evaluation.crisis import crisis_sections

        progress("Crisisbank (dev en blind) …")
        crisis = crisis_sections(ww, args.questions)
        with md.open("a", encoding="utf-8") as f:
            f.write(f"\n## Crisis routing on the crisis bank (`eval/crisis/`)\n\n{crisis}\n")
        print(f"\n{crisis}")
    failing = report.failing
    print(f"\n{len(failing)} van {len(items)} vragen falen minstens één controle; details in {md} (grafiek: {png})")
    if args.verbose:
        for block in failure_lines(failing):
            print(block)
    violated = [o for o in outcomes if o.status == "violated"]
    if args.check:
        for o in violated:
            print(f"DREMPEL GESCHONDEN: {o.threshold} — {o.message}", file=sys.stderr)
        print(f"{len(violated)} van {len(outcomes)} drempels geschonden ({args.thresholds})")
        return 1 if violated else 0
    return 0


def _view(args: argparse.Namespace, ww: WijkWijzer, items: list[EvalItem], progress: Progress) -> int:
    """`--only retrieval|answers`: one part of the suite, its figures in the terminal."""
    from assistant.evaluation.report import answer_table, failure_lines, retrieval_table
    from assistant.evaluation.suite import run_suite

    retrieval = args.only == "retrieval"
    report = run_suite(
        ww, items, baselines=not args.no_baselines, progress=progress, retrieval=retrieval, answers=not retrieval
    )
    system = report.systems[-1]  # retrieval: one system per mode, shipped last; answers: shipped alone
    if retrieval:
        print(f"{len(system.results)} vragen uit {args.questions}")
        print(retrieval_table(report, verbose=args.verbose))
        return 0
    print(answer_table(system.overall))
    if args.verbose:
        for block in failure_lines(system.results):
            print(block)
    return 0


def add_bank_commands(
    sub: Any,
    name: str,
    help: str,
    *,
    eval_help: str,
    misses_help: str,
    train_help: str,
    bank: Path | None = None,
    run: tuple[Callable[[argparse.Namespace], int], Callable[[argparse.Namespace], int]] | None = None,
    sweep: bool = False,
) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """`wijkwijzer NAME eval` and `wijkwijzer NAME train` for a label model trained on a bank (the crisis check, the
    intent step, the writer's role): the options both share, a hidden `--bank` defaulting to `bank`, and `run`'s
    two functions (eval, train), and with `sweep` an eval option `--sweep` (:func:`threshold_eval`). Returns the two
    parsers for the caller's own options."""
    from assistant.answer.label_train import C_CHAR, C_VECTOR
    from assistant.evaluation.bank import SPLITS

    inner = sub.add_parser(name, help=help).add_subparsers(dest=f"{name}_command", required=True)
    evaluate = inner.add_parser("eval", help=eval_help)
    evaluate.add_argument("--split", choices=tuple(SPLITS), default="dev", help="welke split (standaard dev)")
    evaluate.add_argument("--json", action="store_true", help="cijfers als JSON")
    evaluate.add_argument("--misses", action="store_true", help=misses_help)
    train = inner.add_parser("train", help=train_help)
    train.add_argument("--c-vector", type=float, default=C_VECTOR, help="regularisatie van het vectormodel")
    train.add_argument("--c-char", type=float, default=C_CHAR, help="regularisatie van het tekenmodel")
    train.add_argument("--out", type=Path, default=None, help="waar het model heen gaat (standaard het pakket)")
    if bank is not None:
        for p in (evaluate, train):
            p.add_argument("--bank", type=Path, default=bank, help=argparse.SUPPRESS)
    if sweep:  # a model with one threshold (threshold_eval)
        help_sweep = "dezelfde cijfers bij andere drempels (niet voor blind)"
        evaluate.add_argument("--sweep", action="store_true", help=help_sweep)
    if run is not None:
        evaluate.set_defaults(func=run[0])
        train.set_defaults(func=run[1])
    return evaluate, train


def train_label_model(
    cls: type[LabelModel], texts: Sequence[str], labels: Sequence[str], args: argparse.Namespace
) -> Embedder:
    """`wijkwijzer NAME train`: fit `cls` on a bank's train messages and their labels (with the options of
    :func:`add_bank_commands`), save it to `--out` or the package; returns the warmed embedder for more fitting."""
    import numpy as np

    from assistant.answer.label_train import fit_model

    embedder = settings_embedder()
    embedder.warm_up()
    print(f"Trainen op {len(texts)} berichten (train) …", file=sys.stderr)
    y = np.array([cls.LABELS.index(label) for label in labels])
    meta: dict[str, object] = {"messages": len(texts)}
    model = fit_model(cls, list(texts), y, embedder, args.c_vector, args.c_char, meta=meta)
    out = args.out or PROJECT_ROOT / "assistant" / cls.MODEL_FILE
    model.save(out)
    print(f"Opgeslagen: {out}")
    return embedder


def settings_embedder() -> Embedder:
    """The embedder the settings name (as the app builds it), for the bank commands that need no index."""
    from assistant.embed.registry import make_embedder

    settings = Settings()
    return make_embedder(settings.embedder, **settings.embedder_options())


def threshold_eval(
    args: argparse.Namespace,
    ready: bool,
    summarise: Callable[[float], dict[str, Any]],
    at: float,
    sweep: Sequence[float],
    show: Callable[[dict[str, Any]], None],
    title: Callable[[dict[str, Any]], str],
    misses: Callable[[], list[str]],
) -> int:
    """`wijkwijzer NAME eval` for a model with one threshold (the tone line, side questions): the figures at `at`
    (`summarise(threshold)`), as JSON or `title` and `show`; with `--sweep` at every threshold of `sweep`, with
    `--misses` the `misses` lines, neither for the blind split. `ready`: the model scored every item (else exit 2)."""
    if not ready:
        print(
            f"Geen model voor dit embeddingmodel: train het eerst (wijkwijzer {args.command} train).", file=sys.stderr
        )
        return 2
    summary = summarise(at)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print(title(summary))
        show(summary)
    if (args.sweep or args.misses) and args.split == "blind":
        print("\nDe blinde split toont geen missers of andere drempels.", file=sys.stderr)
        return 2
    for threshold in sweep if args.sweep else ():
        show(summarise(threshold))
    for line in misses() if args.misses else ():
        print(line)
    return 0
