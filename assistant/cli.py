"""`wijkwijzer` command line: a thin layer over :class:`assistant.service.WijkWijzer`.

Every command turns library errors into one clear line on stderr and exit code 1 (2 for usage errors).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from assistant.errors import WijkWijzerError, write_text_file
from assistant.evaluation.also import add_also_command
from assistant.evaluation.approaches import add_approaches_command
from assistant.evaluation.command import QUESTIONS, add_eval_command, add_eval_view
from assistant.evaluation.crisis import add_crisis_command
from assistant.evaluation.everyday import add_everyday_command
from assistant.evaluation.general import add_general_command
from assistant.evaluation.group import add_group_command
from assistant.evaluation.intent import add_intent_command
from assistant.evaluation.roles import add_roles_command
from assistant.evaluation.side import add_side_command
from assistant.evaluation.tone import add_tone_command
from assistant.retrieve.retriever import MODES, QueryError
from assistant.settings import Settings
from assistant.types import Answer, source_name

if TYPE_CHECKING:
    from assistant.corpus.refresh import PageOutcome
    from assistant.service import PageInfo

#: What the CLI reports as one line: the assistant's own errors, and settings pydantic refuses (an environment
#: variable such as WIJKWIJZER_TOP_K=abc). Any other exception is a bug and keeps its traceback.
USER_ERRORS = (WijkWijzerError, ValidationError)


def _service(args: argparse.Namespace):
    from assistant.service import WijkWijzer

    return WijkWijzer(Settings())


def _progress_bar() -> Callable[[int, int], None]:
    from tqdm import tqdm

    bar: list[tqdm] = []

    def update(done: int, total: int) -> None:
        if not bar:
            bar.append(tqdm(total=total, unit="chunk", desc="embedden", disable=total == 0, file=sys.stderr))
        bar[0].n = done
        bar[0].refresh()
        if done >= total:
            bar[0].close()

    return update


def cmd_index(args: argparse.Namespace) -> int:
    ww = _service(args)
    report = ww.build_index(progress=None if args.quiet else _progress_bar(), force=args.force)
    if report.status == "up-to-date":
        print(f"Index is al actueel ({report.chunks} chunks, build {report.build}); niets opnieuw ge-embed.")
    else:
        print(
            f"Index gebouwd: {report.chunks} chunks ({report.embedded} nieuw ge-embed, {report.reused} hergebruikt) "
            f"in {report.seconds:.1f} s → build {report.build}"
        )
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    ww = _service(args)
    hits = ww.search(args.question, k=args.k, mode=args.mode)
    if args.json:
        out = [
            {
                "rank": i + 1,
                "target": h.target,
                "kind": h.kind,
                "category": h.category,
                "score": round(h.score, 4),
                "url": h.url,
                "signals": {k: round(v, 4) for k, v in h.signals.items()},
                "chunks": [
                    {"id": c.chunk.id, "section": c.chunk.section, "score": round(c.score, 4), "text": c.chunk.text}
                    for c in h.chunks[:3]
                ],
            }
            for i, h in enumerate(hits)
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    for i, h in enumerate(hits, start=1):
        label = h.category or "algemeen"
        print(f"{i}. {h.target}  [{label}]  score {h.score:.3f}")
        best = h.chunks[0].chunk
        print(f"   {best.section}: {best.text.splitlines()[-1][:160]}")
        if h.url:
            print(f"   {h.url}")
    return 0


def _print_answer(answer: Answer) -> None:
    print(answer.text)
    if answer.sources:
        print("\nBronnen:")
        for s in answer.sources:
            print(f"[{s.n}] {s.label or source_name(s)}{'  ' + s.url if s.url else ''}")


def cmd_ask(args: argparse.Namespace) -> int:

    answer = _service(args).ask(args.question)
    if args.json:
        print(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_answer(answer)
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from assistant.answer.calibrate import calibrate, save_calibration
    from assistant.evaluation.dataset import load_items
    from assistant.evaluation.intent_bank import load_intent_bank
    from assistant.retrieve.hubs import fit_hubs, save_hubs

    ww = _service(args)
    thresholds = calibrate(ww.retriever, load_items(args.questions))
    target = save_calibration(ww.embedder.model_id, thresholds)
    print(f"Drempels voor {ww.embedder.model_id}: {thresholds} → {target}")
    questions = [i.text for i in load_intent_bank("train") if i.label == "approach"]
    hubs = save_hubs(ww.embedder.model_id, fit_hubs(ww.retriever, questions))
    print(f"Hub-correctie uit {len(questions)} vragen (intentiebank, train) → {hubs}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    ww = _service(args)
    info = ww.info()
    if args.json:
        print(json.dumps(asdict(info), ensure_ascii=False, indent=2))
        return 0
    print(f"Index:      {info.path}")
    print(f"Gebouwd:    {info.created_at} (build {info.build})")
    print(f"Embedder:   {info.model_id}")
    print(f"Chunks:     {info.chunks} ({', '.join(f'{k}: {v}' for k, v in sorted(info.by_kind.items()))})")
    print(f"Aanpakken:  {len(info.approaches)}  (in de index: overzicht, gelinkte pagina; opgehaald op)")
    width = max((len(p.approach) for p in info.pages), default=0)
    pages_on = ww.settings.index_pages
    for p in info.pages:
        fetched = p.fetched_at[:16].replace("T", " ") if p.fetched_at else "—"
        marks = f"overzicht {'✓' if p.overview else '✗'}  pagina {'✓' if p.page else '✗'}"
        print(f"  {p.approach:<{width}}  {marks}  {fetched:<16}  {_page_note(p, pages_on)}")
    print(f"Algemene secties: {len(info.sections)}")
    return 0


PAGE_STATUS = {"fetched": "opgehaald", "no_copy": "geen kopie", "no_link": "geen link", "other_link": "andere link"}


def _page_status(p: PageInfo) -> str:
    return f"weg ({p.http_status})" if p.status == "gone" else PAGE_STATUS[p.status]


def _page_note(p: PageInfo, pages_on: bool) -> str:
    status = _page_status(p)
    if p.page:
        note = f"{p.page_chunks} chunks" + (" (met pdf)" if p.pdf else "")
        return note if p.status == "fetched" else f"{note}; nu {status}: eruit bij de volgende 'wijkwijzer index'"
    if p.status == "fetched":
        if not pages_on:
            return "opgehaald, niet geïndexeerd (WIJKWIJZER_INDEX_PAGES=false)"
        return "opgehaald, nog niet in de index (wijkwijzer index)"
    if p.status in ("no_copy", "other_link"):
        return f"{status} (wijkwijzer corpus fetch)"
    return status


def cmd_corpus_markdown(args: argparse.Namespace) -> int:
    from assistant.corpus.markdown import to_markdown

    text = to_markdown(_service(args).overview())
    if args.output:
        write_text_file(args.output, text, "uitvoerbestand")
        print(f"Geschreven: {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_corpus_fetch(args: argparse.Namespace) -> int:
    """Fetch the pages the overview links to into corpus/pages/: one line per URL, then a summary."""
    ww = _service(args)

    def report(outcome: PageOutcome) -> None:
        print(outcome.line(), flush=True)

    summary = ww.fetch_pages(only=args.only or (), force=args.force, report=report)
    print(f"\nSamenvatting: {summary.line()}")
    if summary.exit_code:
        print("wijkwijzer: geen enkele pagina beschikbaar; de index gebruikt alleen het overzicht", file=sys.stderr)
    elif any(o.result in ("saved", "updated", "gone") for o in summary.outcomes):
        print("Werk de index bij met: wijkwijzer index")
    return summary.exit_code


def cmd_chat(args: argparse.Namespace) -> int:
    """Chat in the terminal (this conversation's history stays in this loop); builds the index if there is none."""
    ww = _service(args)
    if not ww.has_index():
        print("Eerste start: de index wordt gebouwd…", file=sys.stderr)
        ww.build_index(progress=_progress_bar())
    ww.warm_up()
    print("WijkWijzer Assistent — stel je vraag (leeg of Ctrl-D om te stoppen).")
    history: list[dict[str, str]] = []
    while True:
        try:
            question = input("> ").strip()
        except EOFError:
            break
        if not question:
            break
        try:
            answer = ww.ask(question, history)
        except QueryError as exc:
            print(exc)
            continue
        _print_answer(answer)
        print()
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Web server: HTTP API, Gradio chat and widget; builds the index in the background on first run."""
    from assistant.web import serve

    serve(Settings(), host=args.host, port=args.port)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Content gaps for the editors: the most frequent refused and thumbs-down questions."""
    from assistant.feedback import feedback_store

    report = feedback_store(Settings()).report(limit=args.limit)
    text = report.to_markdown()
    if args.output:
        write_text_file(args.output, text + "\n", "rapportbestand")
        print(f"Rapport geschreven naar {args.output}")
    else:
        print(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wijkwijzer",
        description="WijkWijzer Assistent: vind passende aanpakken voor leefbare wijken. "
        "Instellingen via omgevingsvariabelen WIJKWIJZER_* (zie README).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("index", help="bouw of werk de index bij (alleen gewijzigde chunks worden ge-embed)")
    p.add_argument("--force", action="store_true", help="alles opnieuw embedden")
    p.add_argument("--quiet", action="store_true", help="geen voortgangsbalk")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="zoek passende aanpakken bij een vraag")
    p.add_argument("question", help="de vraag, bijv. 'mijn buren maken elke nacht herrie'")
    p.add_argument("-k", type=int, default=None, help="aantal resultaten (standaard 5)")
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")
    p.add_argument("--mode", choices=MODES, default="shipped", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="beantwoord een vraag met bronvermelding [1], [2] …")
    p.add_argument("question", help="de vraag")
    p.add_argument("--json", action="store_true", help="uitvoer als JSON: hetzelfde object als POST /api/ask")
    p.set_defaults(func=cmd_ask)

    add_eval_view(
        sub,
        "eval-answers",
        "answers",
        help="citaties, feiten, weigeren en crisisroutering op de evaluatievragen (= eval --only answers)",
        verbose="toon de antwoorden die faalden",
    )

    p = sub.add_parser(
        "calibrate",
        help="stel de weigerdrempel (per model en taal) en de hub-correctie af",
    )
    p.add_argument("--questions", type=Path, default=QUESTIONS, help="vragenbestand")
    p.set_defaults(func=cmd_calibrate)

    p = sub.add_parser("info", help="wat de index bevat en met welk model hij is gebouwd")
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("serve", help="start de webserver: chat op /, API op /api, widget op /widget.js")
    p.add_argument("--host", default=None, help="adres (standaard 127.0.0.1, of WIJKWIJZER_HOST)")
    p.add_argument("--port", type=int, default=None, help="poort (standaard 7860, of WIJKWIJZER_PORT)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("chat", help="vragen stellen in de terminal (bouwt de index bij de eerste start)")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("report", help="ontbrekende inhoud: vaakst geweigerde en afgekeurde vragen (voor redacteuren)")
    p.add_argument("--limit", type=int, default=20, help="aantal vragen per lijst")
    p.add_argument("-o", "--output", help="schrijf het rapport (Markdown) naar dit bestand")
    p.set_defaults(func=cmd_report)

    add_eval_command(sub)
    add_crisis_command(sub)
    add_intent_command(sub)
    add_roles_command(sub)
    add_tone_command(sub)
    add_group_command(sub)
    add_side_command(sub)
    add_everyday_command(sub)
    add_general_command(sub)
    add_approaches_command(sub)
    add_also_command(sub)

    add_eval_view(
        sub,
        "eval-retrieval",
        "retrieval",
        help="hit@1/3/5 en MRR voor bm25, dense en de gebruikte retriever (= eval --only retrieval)",
        verbose="toon de vragen die op plek 1 misten",
    )

    p = sub.add_parser("corpus-markdown", help="schrijf het overzicht als Markdown (om aanpakken toe te voegen)")
    p.add_argument("-o", "--output", help="doelbestand (standaard: stdout)")
    p.set_defaults(func=cmd_corpus_markdown)

    p = sub.add_parser("corpus", help="de bronnen: haal de gelinkte pagina's van de aanpakken op")
    corpus = p.add_subparsers(dest="corpus_command", required=True, metavar="SUBCOMMAND")
    p = corpus.add_parser("fetch", help="haal de 'Lees meer op'-pagina's op naar corpus/pages/ (met herkomst)")
    p.add_argument("--only", action="append", metavar="NAAM", help="alleen deze aanpak (mag vaker)")
    p.add_argument("--force", action="store_true", help="alles opnieuw ophalen (geen voorwaardelijke GET)")
    p.set_defaults(func=cmd_corpus_fetch)

    p = sub.add_parser(
        "bench", help="meet snelheid: opbouw, zoeken, antwoorden, server (start, /api/ask, belasting, geheugen)"
    )
    p.add_argument("-n", type=int, default=50, help="aantal zoekvragen")
    p.add_argument(
        "--load-seconds", type=float, default=30, help="seconden belasting per stap (1/8/32 clients; 0 = overslaan)"
    )
    p.set_defaults(func=lambda a: __import__("assistant.bench.figures", fromlist=["main"]).main(a.n, a.load_seconds))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except USER_ERRORS as exc:
        print(f"wijkwijzer: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("wijkwijzer: afgebroken", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
