"""The intent step on its bank (`wijkwijzer intent eval --split dev|blind`), and training (`wijkwijzer intent train`).

Every bank message is asked of the assistant as shipped (`WijkWijzer.ask`, with its history), so the figures are
what a user sees. A row per kind, with the goals of issue #14:
- ``read``: the answer form is the one the label asks for (the intent step's accuracy);
- out_of_scope: refused (the out-of-scope form); in-scope kinds (approach, factual, general, comparison, list,
  follow_up): never refused. "The overview gives no costs for X: see its page" answers a question about X (it is
  marked refused for the content-gap report, but it is not the refusal form);
- trick: one plain sentence — no sources, no approach named; chitchat: the same, a friendly line;
- comparison: every approach compared is named and cited; list: recall of the expected approaches among those
  cited; follow_up: every approach it is about is cited (resolved);
- vague: a clarifying question (with choices) or an overview;
- approach: an expected approach among the first three cited; per language the same, and whether the connecting
  text is in the message's language (English for languages without texts).
The blind split prints figures only: its misses are not for reading (that would make it dev).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.evaluation.bank import mean, share
from assistant.evaluation.citations import cited_approaches
from assistant.evaluation.command import add_bank_commands, train_label_model
from assistant.evaluation.intent_bank import BANK_DIR, IntentItem, load_intent_bank

if TYPE_CHECKING:
    from assistant.service import WijkWijzer
    from assistant.types import Answer

IN_SCOPE = ("approach", "factual", "general", "comparison", "list", "follow_up")
#: The answer form each label should get; a vague message may also get an overview (a list).
FORMS = {
    "approach": {"approach", "general"},
    "factual": {"factual"},
    "general": {"general"},
    "comparison": {"comparison"},
    "list": {"list"},
    "vague": {"vague", "list"},
    "follow_up": {"follow_up", "factual"},
    "out_of_scope": {"out_of_scope"},
    "chitchat": {"chitchat"},
    "trick": {"trick"},
}


@dataclass(frozen=True)
class Row:
    item: IntentItem
    intent: str
    refused: bool  # answered with the out-of-scope form
    cited: tuple[str, ...]
    language: str
    sources: int
    named_in_text: bool  # an approach name appears in the text
    suggestions: int

    @property
    def read(self) -> bool:
        return self.intent in FORMS[self.item.label]

    @property
    def plain(self) -> bool:
        return self.intent == self.item.label and not self.sources and not self.named_in_text

    @property
    def recall(self) -> float:
        want = set(self.item.expected)
        return len(want & set(self.cited)) / len(want) if want else 1.0

    @property
    def top3(self) -> bool:
        return bool(set(self.item.expected) & set(self.cited[:3]))


def row_of(item: IntentItem, answer: Answer, names: Sequence[str]) -> Row:
    # an answer that says plainly the overview gives no costs for X and Y, with their pages, is about X and Y
    linked = tuple(dict.fromkeys(s.approach for s in answer.sources if s.kind == "approach"))
    return Row(
        item=item,
        intent=answer.intent,
        refused=answer.intent == "out_of_scope",
        cited=cited_approaches(answer) or linked,
        language=answer.language,
        sources=len(answer.sources),
        named_in_text=any(n in answer.text for n in names),
        suggestions=len(answer.suggestions),
    )


def summarize(rows: Sequence[Row], text_languages: Sequence[str]) -> dict[str, Any]:
    by: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        by[r.item.label].append(r)
    in_scope = [r for r in rows if r.item.label in IN_SCOPE]
    other = [r for r in by["approach"] if r.item.lang != "nl"]
    per_lang: dict[str, dict[str, Any]] = {}
    for lang in sorted({r.item.lang for r in rows if r.item.lang != "nl"}):
        rs = [r for r in rows if r.item.lang == lang]
        want = lang if lang in text_languages else "en"
        per_lang[lang] = {
            "messages": len(rs),
            "approach_top3": share([r.top3 for r in rs if r.item.label == "approach"]),
            "connecting_text": share([r.language == want for r in rs]),
        }
    return {
        "messages": len(rows),
        "read": share([r.read for r in rows]),
        "read_by_label": {label: share([r.read for r in rs]) for label, rs in sorted(by.items())},
        "off_topic_refused": share([r.refused for r in by["out_of_scope"]]),
        "in_scope_refused": sum(r.refused for r in in_scope),
        "in_scope": len(in_scope),
        "tricks_plain": share([r.plain for r in by["trick"]]),
        "chitchat_plain": share([r.plain for r in by["chitchat"]]),
        "comparisons_both": share([r.recall == 1.0 for r in by["comparison"]]),
        "list_recall": mean([r.recall for r in by["list"]]),
        "follow_ups_resolved": share([r.recall == 1.0 for r in by["follow_up"]]),
        "vague_clarified": share([r.intent in ("vague", "list") for r in by["vague"]]),
        "approach_top3_nl": share([r.top3 for r in by["approach"] if r.item.lang == "nl"]),
        "approach_top3_other": share([r.top3 for r in other]),
        "other_languages": per_lang,
    }


def evaluate(ww: WijkWijzer, items: Sequence[IntentItem]) -> list[Row]:
    names = list(ww.answerer.approaches)
    return [row_of(i, ww.ask(i.text, list(i.history)), names) for i in items]


def print_summary(s: dict[str, Any], split: str) -> None:
    print(f"Intent ({split}, {s['messages']} berichten): vorm goed gelezen {s['read']}")
    print("  per label: " + ", ".join(f"{k} {v}" for k, v in s["read_by_label"].items()))
    print(f"  off-topic geweigerd {s['off_topic_refused']}; in-scope geweigerd {s['in_scope_refused']}/{s['in_scope']}")
    print(f"  trucs kort en zonder aanpakken {s['tricks_plain']}; chit-chat {s['chitchat_plain']}")
    print(f"  vergelijkingen beide genoemd en geciteerd {s['comparisons_both']}; lijst-recall {s['list_recall']}")
    print(f"  vervolgvragen opgelost {s['follow_ups_resolved']}; vaag → wedervraag/overzicht {s['vague_clarified']}")
    print(f"  aanpak in top 3: nl {s['approach_top3_nl']}, andere talen {s['approach_top3_other']}")
    for lang, f in s["other_languages"].items():
        top3, text = f["approach_top3"], f["connecting_text"]
        print(f"    {lang}: {f['messages']} berichten, top 3 {top3}, verbindende tekst {text}")


def cmd_intent_eval(args: argparse.Namespace) -> int:
    from assistant.answer.draft import templates
    from assistant.service import WijkWijzer

    items = load_intent_bank(args.split, args.bank)
    ww = WijkWijzer()
    ww.warm_up()
    rows = evaluate(ww, items)
    summary = summarize(rows, tuple(templates()))
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        print_summary(summary, args.split)
    if args.misses and args.split != "blind":
        for r in rows:
            bad = not r.read or (r.item.label in IN_SCOPE and r.refused) or r.recall < 1.0
            if bad:
                print(
                    f"- [{r.item.label} → {r.intent}] ({r.item.lang}) {r.item.text[:140]} | want {r.item.expected}"
                    f" got {list(r.cited)}"
                )
    return 0


def cmd_intent_train(args: argparse.Namespace) -> int:
    from assistant.answer.intent_model import IntentModel

    train = load_intent_bank("train", args.bank)
    embedder = train_label_model(IntentModel, [i.text for i in train], [i.label for i in train], args)
    if args.out is None:  # the known questions' votes for retrieval, from the same split
        from assistant.retrieve.votes import VOTES_FILE, QuestionVotes, save_votes

        known = [(i.text, i.expected) for i in train if i.label == "approach" and i.expected]
        lists = [(i.text, i.expected) for i in train if i.label == "list" and i.expected]
        sets = {"approach": QuestionVotes.fit(embedder, known), "list": QuestionVotes.fit(embedder, lists, 1.0)}
        save_votes(sets, VOTES_FILE)
        print(f"Stemmen van {len(known)} bekende vragen en {len(lists)} lijstvragen: {VOTES_FILE}")
    return 0


def add_intent_command(sub: Any) -> None:
    add_bank_commands(
        sub,
        "intent",
        "de intentiestap: trainen op de intentiebank en meten per split",
        eval_help="antwoordvorm per soort vraag en per taal (dev of blind)",
        misses_help="toon wat misging (niet voor blind)",
        train_help="train het model op split train",
        bank=BANK_DIR,
        run=(cmd_intent_eval, cmd_intent_train),
    )
