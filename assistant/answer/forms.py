"""Answer forms beside the recommendation and the fact (issue #14): short replies, the comparison table, the list,
the clarifying question and the follow-up about several approaches. Each writes into a :class:`Draft`; every
fact is a quote with its [n], the connecting text comes from `templates/answer.yaml` in the answer's language."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from assistant.answer.ages import within_limits
from assistant.answer.bodies import runs_it
from assistant.answer.draft import Draft, templates, units
from assistant.answer.facts import WHOLE_WHO, WHY_FIELDS, FactFinder, quantity_asked
from assistant.answer.label_model import normalize
from assistant.answer.linking import link_words
from assistant.answer.quotes import WHO_SHARE, quoted_in, says, without, without_quoted, without_said
from assistant.answer.steps import next_step
from assistant.retrieve.names import NameMatcher
from assistant.text import CITATION
from assistant.types import APPROACH_FIELDS, Approach, Hit, Intent, Source

#: Sentences quoted from the best general section. On everyday dev's 121 general questions (facts found): 3 → 74, 4
#: → 85 (with the best passage's bonus, FOCUS_BONUS, and punctuation-blind matching: 93); 5 sentences gave little more
#: in the offline check (83 → 84 of the 98 whose section came first).
GENERAL_UNITS = 4
#: The template's closing brackets: "(Quotes are from the Dutch source.)".
_LAST_BRACKETS = re.compile(r"\s*\([^()]*\)$")


#: The rows of a comparison, in the overview's order, then the link.
COMPARE_FIELDS = tuple(key for key, _ in APPROACH_FIELDS)


def short_reply(d: Draft, key: str) -> None:
    """One plain line (a trick, chit-chat, thanks), never approaches and never the message echoed."""
    d.lines.append(d.t[key])


def describe(d: Draft, a: Approach) -> None:
    """What `a` is, field by field, each its first sentence quoted (a question about it nothing else answers)."""
    d.lines.append(d.t["describe_intro"].format(name=a.name, category=a.category))
    rows = [d.field_line(a, key, units(a.field(key))[0], 1.0) for key in ("doel", "doelgroep")]
    rows.append(d.field_line(a, "omschrijving", units(a.omschrijving)[0], 1.0))
    rows.append(d.field_line(a, "uitvoerders", units(a.uitvoerders)[0], 1.0))
    d.lines.append("\n".join([*rows, *filter(None, [d.link_line(a)])]))


def refusal(d: Draft) -> None:
    """Out of scope: what the assistant can do, and three example questions (also offered as suggestions)."""
    d.lines.append(d.t["refusal"])
    examples = choices(d, "examples")
    d.lines.append("\n".join(f"- {e}" for e in examples))
    d.suggestions += examples


def clarify(d: Draft) -> None:
    """A vague message: one question back with 3–5 choices, which the chat and the widget show as buttons."""
    d.lines.append(d.t["clarify"])
    offered = choices(d, "clarify_choices")
    d.lines.append("\n".join(f"- {c}" for c in offered))
    d.suggestions += offered


def choices(d: Draft, key: str) -> list[str]:
    return [c.strip() for c in d.t[key].split("\n") if c.strip()]


@cache
def offered() -> frozenset[str]:
    """Every question the assistant offers as a button (choices and examples, all languages), normalised."""
    return frozenset(
        normalize(c)
        for per in templates().values()
        for key in ("clarify_choices", "examples")
        for c in per[key].split("\n")
        if c.strip()
    )


def _cell(d: Draft, a: Approach, key: str, snippet: str) -> str:
    text = " ".join(snippet.split()).replace("|", "\\|")
    return f"{d.quote(text)} {d.cite(a.name, key, a.url, snippet, 1.0, 'approach')}"


def comparison(d: Draft, chosen: Sequence[Approach], best_unit: Callable[[str, str], str]) -> None:
    """Two or three approaches side by side: a Markdown table with a row per field and the links, every cell a
    quote with its [n]. `best_unit(field text, key)` picks the sentence of a long field that fits the question."""
    names = " en ".join(f"**{a.name}**" for a in chosen) if d.language == "nl" else None
    d.lines.append(d.t["compare_intro"].format(names=names or ", ".join(f"**{a.name}**" for a in chosen)))
    header = f"| {d.t['compare_field']} | " + " | ".join(f"{a.name} ({a.category})" for a in chosen) + " |"
    rows = [header, "|" + " --- |" * (len(chosen) + 1)]
    for key in COMPARE_FIELDS:
        cells = []
        for a in chosen:
            whole = a.field(key)
            snippet = whole if key == "uitvoerders" and len(whole) < WHOLE_WHO else best_unit(whole, key)
            cells.append(_cell(d, a, key, snippet))
        rows.append(f"| {d.t[f'label_{key}']} | " + " | ".join(cells) + " |")
    rows.append(f"| {d.t['more']} | " + " | ".join(a.url or "—" for a in chosen) + " |")
    d.lines.append("\n".join(rows))


def listing(d: Draft, chosen: Sequence[tuple[Approach, str, str, float]]) -> None:
    """Every approach that fits, one cited line each: (approach, field key, the sentence that fits, score)."""
    d.lines.append(d.t["list_intro"])
    rows = []
    for a, key, snippet, score in chosen:
        cite = d.cite(a.name, key, a.url, snippet, score, "approach")
        rows.append(f"- **{a.name}** ({a.category}): {d.quote(snippet)} {cite}")
    d.lines.append("\n".join(rows))


def recommendation(
    d: Draft,
    n: int,
    a: Approach,
    reasons: Sequence[tuple[str, str]],
    score: float,
    situation: str = "",
    how: bool = False,
    ages: Sequence[int] = (),
    link: tuple[str, str, str] | None = None,
    side: str = "",
    compact: bool = False,
    named: tuple[str, str] | None = None,
    also: tuple[str, str, str] | None = None,
) -> None:
    """One recommended approach: the editors' situation it fits nearest the message (`situation`, see
    :mod:`assistant.retrieve.situations`) or else their plain words, why it fits and how it
    works (quotes), who carries it out, the next step for the writer's role, the link; above them, to a Dutch
    reader, the writer's sentence linked to the approach's sentence nearest it in place of the why-quote (`link`:
    the writer's sentence, the field, the approach's sentence; see :func:`~assistant.answer.echo.linked_sentence`);
    `side`:
    the line answering the writer's side question, on top (:func:`~assistant.answer.side.side_row`). Uitvoerders
    is quoted whole when short (:data:`~assistant.answer.facts.WHOLE_WHO`). How it works is quoted for the best one
    to a Dutch writer, and to any writer who asks how (`how`, :func:`~assistant.answer.facts.asks_how`). The next
    step leaves out the writer's own kind of organisation where it lists where to ask
    (:func:`~assistant.answer.persona.without_own`). `compact`: a short chat message (see
    :data:`~assistant.answer.margins.COMPACT_WORDS`), whose best approach's answer under the editors' situation quotes
    how it works only. To a Dutch resident, whatever the message's length, the editors' words with the [n] of the
    quotes left out, as to a resident of another language, and only the why quoted. `named`: the group the writer is
    or writes about and the Doelgroep sentence naming it (:func:`.groups.named_group`). `also`: the best one's second
    pair like `link`, for a second need the writer tells (:func:`~assistant.answer.echo.also_link`)."""
    t, nl = d.t, d.language == "nl"  # (a Dutch reader's quotes carry no language note anyway)
    brief = compact and n == 1 and bool(situation)
    rows = [f"**{n}. {a.name}** ({d.kind(a.kind)})", *filter(None, [side])]  # the writer's side question first
    plain = a.plain_text(d.language)
    # to a Dutch resident no quote beside the why's: the others repeat the editors' words or the next step "in
    # official wording". First for a chat message: a helper briefed as a Movisie advisor compared 24 of the 264 dev
    # answers of 1,500 this changes, blind to which was which: overall better 19, worse 5, clarity 19 / 2, why 0 / 2;
    # the editors' steps kept, a second comparison: overall 14 / 9, why 5 / 0 (advisors 86–88 had rated Dutch chat
    # answers 3.32 overall, those in other languages, without quotes, 3.80). Then for every resident (advisors 89 a/b:
    # "long formal quotes and repeated bullets", 9 of 25): 405 of the 1,500 change; on 24, overall 15 / 4, clarity
    # 17 / 0, why 0 / 2 (a Doelgroep quote that said why: ages, truancy)
    plain_only = nl and d.role == "bewoner" and bool(situation or plain)
    situation_at = -1
    if link and side and quoted_in(link[2], side):  # the side line quotes it already (advisors 54 a/b)
        link = None
    if (
        not (link and nl)
        or compact
        or n != 1
        or (also and ((side and quoted_in(also[2], side)) or says(situation.partition(": ")[2], also[2])))
    ):  # (nor in a compact answer, to one who says their Dutch is limited too; nor where the side line quotes it
        also = None  # or the editors' situation says it: a pairwise advisor on dev)
    if link and nl:
        # the why: the writer's sentence, told back, and the approach's own nearest it (advisor 39: the "why" was a
        # quote beside the writer's sentence, never tied to it, in 20 of 25 answers; why 2.96 of 5; see address.py)
        said, key, unit = link
        cite = d.cite(a.name, key, a.url, unit, score, "approach")
        linked = link_words(t, said, key, a.name, d.formal, unit)  # told back, or quoted (linking.py)
        rows.append(f"- {t['label_why']}: {linked} {d.quote(unit)} {cite}")
        # how it works leaves out the sentence the link quotes (advisor 44a: "how it works repeats the why", 5 of 25)
        reasons = [(k, without(x, unit)) for k, x in reasons if k not in WHY_FIELDS and without(x, unit)]
        # (the editors' situation may follow it, in place of the plain words: see the caller)
    if also:  # the writer's second need, its own pair (echo.ALSO_WITHIN)
        said, key, unit = also
        cite = d.cite(a.name, key, a.url, unit, score, "approach")
        rows.append(f"- {t['label_why']}: {link_words(t, said, key, a.name, d.formal, unit)} {d.quote(unit)} {cite}")
        reasons = [(k, without(x, unit)) for k, x in reasons if without(x, unit)]
    # an age the writer gives that the Doelgroep's limits take in, where the link does not quote them already
    if (limits := within_limits(a, ages)) and not any(nl and pair and limits in pair[2] for pair in (link, also)):
        said = next((u for u in units(a.doelgroep) if limits in u), a.doelgroep)  # the limits' own sentence
        cite = d.cite(a.name, "doelgroep", a.url, said, score, "approach")
        rows.append(f"- {t['age_fits'].format(name=a.name)} {d.quote(limits)} {cite}")
    if (
        named and nl and not (link and named[1] == link[2]) and not (also and named[1] == also[2])
    ):  # "Het overzicht noemt bij TOS ook winkeliers: …"
        cite = d.cite(a.name, "doelgroep", a.url, named[1], score, "approach")
        rows.append(f"- {t['group_named'].format(name=a.name, who=named[0])} {d.quote(named[1])} {cite}")
        reasons = [(k, without(x, named[1])) for k, x in reasons if without(x, named[1])]
    plain_why = False  # to a reader of another language, their own sentence, as written, before the editors' situation
    # (or their plain words where it has none): advisors 65 a/b, the why "ignores his bereavement, knees and wish to
    # chat" (3.0 / 3.2 of 5); advisors 69 a/b, no why at all above the plain words (2 of 7)
    if not nl and link and (situation or plain):
        words = situation or plain
        first = {"I": "ı", "İ": "i"}.get(words[:1], words[:1]) if d.language == "tr" else words[:1]
        linked = t["link_situation"].format(said=link[0], situation=first.lower() + words[1:])  # (Turkish: I is ı)
        if situation:
            situation = linked
        else:
            rows.append(f"- {t['label_why']}: {linked}")
            plain_why = True
    if nl and link and says(situation.partition(": ")[2], link[2]):  # what it does is the link's quote already: the
        situation = f"{situation.partition(': ')[0]}."  # situation alone (12 of 222 Dutch dev answers said it twice)
    if situation:  # the editors' words for this writer's situation say what the approach does about it: to a
        # reader of another language, in their language, the why (advisor 40: "the only reason given is an
        # untranslated Dutch quote", 6 of 25; the Dutch quote below is then labelled by its field)
        situation_at = len(rows)
        rows.append(f"- {situation}" if nl else f"- {t['label_why']}: {situation}")
    if plain and (not situation or not nl) and not plain_why:
        # a reader of another language also gets for whom and what happens in their own words: the quotes below stay
        # Dutch (everyday blind 15's advisor: "the why and who are Dutch quotes the reader cannot understand")
        rows.append(f"- {t['label_plain']}: {plain}")
    if situation or plain:  # the Dutch quote of how it works only for the best one, to a Dutch writer or one asking how
        reasons = [r for r in reasons if (n == 1 and (nl or how)) or r[0] != "omschrijving"]
    quotes: list[str] = []
    # the best approach's steps in plain words, numbered, in the reader's language (the editors', where the
    # Omschrijving announces steps or tells a sequence), with the Omschrijving's [n] in place of a quote of it (below;
    # everyday blind 19's and 21's advisors: the steps "only as one dense formal Dutch quote"; blind 22's: Community
    # Organising's way of working not spelled out where tips are asked)
    steps = a.steps_in(d.language) if n == 1 else []
    if not nl:
        # one Dutch quote, why it fits (and how it works to a writer who asks how): who carries it out is in the next
        # step in their own words, what happens in the plain words above (everyday blind 35's advisor: "the long Dutch
        # paragraph doubles the Polish steps", Dutch quotes "unreadable" for 9 of its 10 writers of other languages)
        reasons = [*reasons[:1], *(r for r in reasons[1:] if how and r[0] == "omschrijving")]
    # a sentence the side line above already quotes is not quoted again (advisors 49 a/b: "the uitvoerders quote appears
    # twice" under a two-line question whose side line quoted who runs it; advisors 53 a/b: the same TOS sentence
    # under the side line and again in how it works)
    reasons = (
        [(k, without_quoted(x, a.field(k), side)) for k, x in reasons if not (side and x in side)] if side else reasons
    )
    reasons = [(k, x) for k, x in reasons if x]
    said = ""  # the Omschrijving's sentences the editors' situation says in its own words are not quoted below it; said
    # whole, the line cites it (advisors 69 a/b: "'in gewone woorden' and 'hoe het werkt' say the same", 10-12 of 25;
    # the situation said again by the quote under it in 92 of 316 Dutch dev answers)
    if nl and situation and not steps:
        what = situation.partition(": ")[2]
        kept = [without_said(x, what) if k == "omschrijving" else x for k, x in reasons]
        if whole := next(
            (x for (k, x), left in zip(reasons, kept, strict=True) if k == "omschrijving" and not left), ""
        ):
            said = d.cite(a.name, "omschrijving", a.url, whole, score, "approach")
            rows[situation_at] += f" {said}"
        reasons = [(k, left) for (k, _), left in zip(reasons, kept, strict=True) if left]
    if brief:  # advisors 50: the formal Doelgroep and Uitvoerders quotes "heavy for this informal writer" (3 of 5 chat
        # messages); the situation says for whom in plain words, the next step where to ask
        reasons = [(k, x) for k, x in reasons if k == "omschrijving"] or ([] if said else reasons[:1])
    step = next_step(d, a)
    cites = []
    # under the editors' situation (the why in plain words) a quote is labelled by its field: a bare Doelgroep quote as
    # "Waarom het past" read as no reason to advisors 47 (2 of 25)
    why = nl and not situation
    for key, unit in reasons:
        label = t["label_omschrijving"] if key == "omschrijving" else t["label_why" if why else f"label_{key}"]
        cites.append(d.cite(a.name, key, a.url, unit, score, "approach"))
        quotes.append(f"{label}: {d.quote(unit, nl)} {cites[-1]}")
    if nl or not reasons:  # (cited only where shown: the sources list holds what the text quotes)
        # who runs it, whole to one who would run or commission it; to a resident or a referrer its first sentence
        # only: the rest says how other organisations may take it up (advisors 47: "franchise and licence wording"
        # for residents looking for a meal, the police in Buurtbemiddeling's initiatiefgroep, 3 of 25 answers)
        joins = not (d.organiser or d.starter)
        who = a.uitvoerders if len(a.uitvoerders) < WHOLE_WHO and not joins else units(a.uitvoerders)[0]
        # not where the next step already says who runs it (advisors 50: "the uitvoerders quote is repeated in the
        # next step", 2 of 25); to a short chat message too since advisors 54 a/b ("who runs it only comes across
        # through the next step", 4 of 5 chat messages)
        if not (side and not without_quoted(who, who, side)) and not (
            says(step, who, WHO_SHARE) and (reasons or steps)
        ):
            cite = d.cite(a.name, "uitvoerders", a.url, who, score, "approach")
            quotes.append(f"{t['label_uitvoerders']}: {d.quote(who, nl)} {cite}")
    # a Dutch reader gets the quotes here; a reader of another language first what is in their own language, the
    # Dutch quotes after the next step, under one label (everyday blind 17's and 18's advisors: "the core content is
    # in long Dutch quotes" for Arabic, Turkish, Polish and Spanish readers, 10 of 50 answers)
    numbered = [f"- {t['label_steps']}:", *(f"  {i}. {step}" for i, step in enumerate(steps, 1))] if steps else []
    how_at = next((i for i, (key, _) in enumerate(reasons) if key == "omschrijving"), None)
    if steps and how_at is not None:
        # the steps retell the Omschrijving: they carry its [n] in place of a quote of it. Quoted whole, advisors
        # 36–38 read "the long quote and then the same steps paraphrased" (5 of 75 answers); quoted up to the colon
        # that announces them, advisors 36, 38 and 39 read "twee sporen:" as a cut quote (5 of 100); to a reader of
        # another language who asks how, advisors 44 read "repeats all five ABCD steps in Dutch" (Polish, 3 of 3)
        numbered[0] = f"- {t['label_steps']} {cites[how_at]}:"
        del quotes[how_at]
        how_at -= 1
    if plain_only and how:  # how it works, quoted, to a resident who asks how and has no editors' steps for it
        rows += [f"- {q}" for q in quotes if q.startswith(t["label_omschrijving"])]
        quotes = [q for q in quotes if not q.startswith(t["label_omschrijving"])]
    if nl and not plain_only:
        at = len(quotes) - 1 if how_at is None else how_at
        rows += [f"- {q}" for q in quotes[: at + 1]] + numbered + [f"- {q}" for q in quotes[at + 1 :]]
    else:
        rows += numbered
    if runs_it(d.asked_body, a.uitvoerders):  # "Mag een vrijwilliger zoiets uitvoeren?": the answer says yes
        rows.append(f"- {t['may_carry_out']}")
    rows.append(step)
    # to a resident of another language, no Dutch quotes: their [n] go on the plain words (or the why) that say the
    # same in their language (:attr:`Draft.dutch_quotes`)
    heads = (f"- {t['label_plain']}:", f"- {t['label_why']}:")
    at = next((i for head in heads for i, r in enumerate(rows) if r.startswith(head)), -1)
    if plain_only and situation:  # the editors' situation (else, as above, their plain words, else the why)
        at = situation_at
    if (plain_only or not d.dutch_quotes) and quotes and at >= 0:
        # (to a Dutch resident, Uitvoerders' [n] on the next step, which names them, not on the situation's words)
        who_at = len(rows) - 1 if plain_only and step else at
        for q in quotes:
            i = who_at if q.startswith(t["label_uitvoerders"]) else at
            if (m := list(CITATION.finditer(q))) and m[-1].group(0) not in rows[i]:
                rows[i] += f" {m[-1].group(0)}"
    elif not nl:
        rows += [f"- {t['label_from_source']}:", *(f"  - {q}" for q in quotes)]
    rows += filter(None, [d.link_line(a)])
    d.lines.append("\n".join(rows))


def approach_intro(d: Draft, names: Sequence[str], yes: bool = False, local: str = "") -> None:
    """The answer first, in one line: the best approach by name, then the others that may fit (the advisor of
    blind 4: "start with one or two plain sentences that answer the question directly"); opened by a plain yes when
    the writer asked whether such a thing exists (`yes`, :func:`~assistant.answer.facts.asks_whether`), closed by
    the plain words on a local offer when they asked whether one is near (`local`,
    :func:`~assistant.answer.steps.nearby_note`). `names`: at least one."""
    first, others = names[0], ", ".join(f"**{name}**" for name in names[1:])
    key = "approach_yes" if yes else "approach_intro"
    intro = d.t[key if others else f"{key}_one"].format(first=first, others=others)
    if not d.dutch_quotes:  # no Dutch quotes below: no note that they are Dutch (the template's last brackets)
        intro = _LAST_BRACKETS.sub("", intro)
    intro = f"{intro} {local}" if local else intro
    # one human line first where the writer shows a feeling (:mod:`assistant.answer.tone`)
    d.lines.append(f"{d.t[f'tone_{d.tone}']} {intro}" if d.tone else intro)


def not_in_sources(d: Draft, missing: str, about: list[Approach], asked: Intent) -> Intent:
    """A fact the overview never gives (costs, contact details, opening hours): said plainly; about named or
    shown approaches, with each one's page, where it may be. Refused (for the content-gap report), but an
    answer to the question, not the out-of-scope form."""
    t = d.t
    what = t[f"what_{missing}"]
    d.refused = True
    linked = [a for a in about if a.url]
    if not linked:
        d.lines.append(t["not_in_sources"].format(what=what))
        return "out_of_scope" if not about else asked
    for a in linked:
        d.lines.append(t["not_in_sources_named"].format(what=what, name=a.name, url=a.url))
        d.sources.append(Source(len(d.sources) + 1, a.name, "overzicht", a.url, "", 1.0))
    return asked


def general_note(
    d: Draft, general: Sequence[Hit], found: tuple[str, tuple[str, ...], float], names: NameMatcher
) -> None:
    """Under an answer with approaches: the sentences of the general section an editors' question near the message
    points at (`found`, see :meth:`assistant.retrieve.retriever.Retriever.answered`): "Wat levert het op als
    buurtbewoners elkaar ontmoeten?" asks what the overview says about meeting, and an approach answers it too. Not
    a sentence that gives an approach as its example ("Zo is 'Resto VanHarte' een laagdrempelige ontmoetingsplek")."""
    hit = next((h for h in general if h.target == found[0]), None)
    sentences = [s for s in found[1] if not names.in_order(s)]
    if hit is None or not sentences:
        return
    section = hit.chunks[0].chunk.section
    quotes = [f"{d.quote(s)} {d.cite(hit.target, section, None, s, hit.score, 'general')}" for s in sentences]
    d.lines.append(f"{d.t['general_also']}\n**{hit.target}**: " + " ".join(quotes))


def general(
    d: Draft,
    q: str,
    hits: Sequence[Hit],
    sections: dict[str, str],
    facts: FactFinder,
    answer: tuple[str, tuple[str, ...]] | None = None,
    near: Callable[[str], dict[str, float]] | None = None,
) -> None:
    """A question about the overview's general parts: the best section's :data:`GENERAL_UNITS` sentences, in its own
    order (an answer, not a neighbour of it), and one of the second section when it scores within 0.02.

    `answer`: (section, sentences) of the editors' questions nearest the message (:mod:`assistant.retrieve.questions`):
    that section comes first when retrieval found it, and those sentences are among its quotes. `near`: per section,
    how near the question each of its sentences is by meaning (:mod:`assistant.answer.why`)."""
    d.lines.append(d.t["general_intro"])
    if answer is not None:
        hits = [*(h for h in hits if h.target == answer[0]), *(h for h in hits if h.target != answer[0])]
    for h in hits[:1] if len(hits) < 2 or hits[1].score < hits[0].score - 0.02 else hits[:2]:
        # quote the parsed section itself, not chunk text (which carries the chunker's title and labels)
        text = sections.get(h.target) or h.chunks[0].chunk.text.split("\n", 1)[-1]
        focus = max(h.chunks, key=lambda c: c.score).chunk.text  # the passage retrieval matched best
        n = GENERAL_UNITS if h is hits[0] else 1
        snippets = facts.best_units(q, text, quantity_asked(q), n, focus, near(h.target) if near else None)
        if answer is not None and h.target == answer[0]:
            others = [u for u in snippets if " ".join(u.split()) not in answer[1]][: max(0, n - len(answer[1]))]
            snippets = [u for u in units(text) if " ".join(u.split()) in answer[1] or u in others]
        quotes = [
            f"{d.quote(s)} {d.cite(h.target, h.chunks[0].chunk.section, None, s, h.score, 'general')}" for s in snippets
        ]
        d.lines.append(f"**{h.target}**: " + " ".join(quotes))
