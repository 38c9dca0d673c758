"""The default answerer: deterministic, no LLM. Every fact is a quote from the sources with a [n] citation;
the connecting text comes from `templates/answer.yaml`. The question text is never echoed back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources

import yaml

from assistant.answer.crisis import Assessment, CrisisDetector
from assistant.answer.intent import asked_field, detect_language, is_follow_up, seeks_help, unsupported_fact
from assistant.retrieve.lexical import Tokenizer
from assistant.retrieve.retriever import Retriever, clean_query
from assistant.text import fold
from assistant.types import Answer, Approach, Chunk, Hit, Intent, Overview, Source, SourceKind

GENERAL_MARGIN = 0.02
HELP_MARGIN = 0.05  # a question asking what to do wants approaches, unless a general passage clearly fits better
CRISIS_MAX_CHARS = 8000  # the crisis check reads the message up to here; retrieval only its first max_query_chars
FACT_FIELDS = ("omschrijving", "doelgroep", "uitvoerders", "doel", "vorm")
FIELD_PRIOR = {"voetnoot": 2.0}  # 'waar staat PBS voor' can only be answered by the footnote; others weigh 0.75
_QUANTITY = re.compile(r"\b(hoeveel|hoe (groot|vaak|lang|oud)|leeftijd|how (many|often|big|old|long)|age)\b", re.I)
_NUMBERISH = re.compile(r"\d|\b(één|een of twee|twee|drie|vier|vijf|wekelijks|per week|per jaar)\b", re.I)


@cache
def templates() -> dict[str, dict[str, str]]:
    text = resources.files("assistant").joinpath("templates/answer.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text))


@cache
def calibration() -> dict[str, dict[str, float]]:
    """Refusal thresholds per embedding model and language, fit on the eval set (`wijkwijzer calibrate`)."""
    return dict(json.loads(resources.files("assistant").joinpath("templates/calibration.json").read_text()))


def units(text: str) -> list[str]:
    """Quotable pieces of a field: sentences; a lead-in ending in ':' keeps its list."""
    out: list[str] = []
    for line in text.split("\n"):
        if (out and out[-1].endswith(":")) or (out and re.match(r"^\d+[.)]\s", line) and "\n" in out[-1]):
            out[-1] = f"{out[-1]}\n{line}"
            continue
        out += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9(‘'\"])", line) if s.strip()]
    return out


@dataclass
class _Draft:
    language: str
    lines: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    def cite(self, approach: str, section: str, url: str | None, snippet: str, score: float, kind: SourceKind) -> str:
        for s in self.sources:
            if s.approach == approach and s.snippet == snippet:
                return f"[{s.n}]"
        self.sources.append(Source(len(self.sources) + 1, approach, section, url, snippet, round(score, 4), kind))
        return f"[{len(self.sources)}]"


class ExtractiveAnswerer:
    def __init__(
        self, retriever: Retriever, overview: Overview, max_approaches: int = 4, crisis: CrisisDetector | None = None
    ) -> None:
        self.retriever = retriever
        self.crisis = crisis or CrisisDetector(retriever.embedder)
        self.approaches = {a.name: a for a in overview.approaches}
        self.sections = {sec.title: "\n".join([*sec.paragraphs, *sec.footnotes]) for sec in overview.sections}
        self.max_approaches = max_approaches
        self.tokenize = Tokenizer()
        self.pages = _page_chunks(retriever.index.chunks)

    # -- helpers ------------------------------------------------------------------------------------
    def _best_unit(self, question: str, text: str, prefer_numbers: bool) -> str:
        q = set(self.tokenize(question))
        scored = []
        for i, u in enumerate(units(text)):
            overlap = len(q & set(self.tokenize(u)))
            bonus = 1.5 if prefer_numbers and _NUMBERISH.search(u) else 0.0
            scored.append((overlap + bonus, -i, u))
        return max(scored)[2] if scored else text

    def _words(self, text: str) -> tuple[set[str], set[str]]:
        """Stems, and 4-letter word prefixes as a weaker match where the stemmer splits a family (fase/fasen)."""
        words = [w for w in re.findall(r"\w\w+", fold(text)) if w not in self.tokenize.stop]
        return set(self.tokenize(text)), {w[:4] for w in words if len(w) >= 4}

    def _threshold(self, language: str) -> float:
        return calibration().get(self.retriever.embedder.model_id, {}).get(language, 0.0)

    def _named(self, question: str, history: Sequence[dict[str, str]]) -> tuple[str | None, bool]:
        """The approach the question is about: named in it, or (follow-up) in the latest turn naming one."""
        named = self.retriever.names.match(question)
        if named:
            return max(named, key=lambda n: named[n]), False
        if history and is_follow_up(question) and asked_field(question):
            for turn in reversed(history):
                found = self.retriever.names.match(str(turn.get("content", "")))
                if found:
                    return max(found, key=lambda n: found[n]), True
            # no name in the history: the approach the previous question retrieved first (what it was shown)
            last = next((str(t.get("content", "")) for t in reversed(history) if t.get("role") == "user"), "")
            if last.strip():
                top = self.retriever.search(last, k=1, approaches_only=True)
                if top and top[0].signals["dense"] >= self._threshold(detect_language(last)):
                    return top[0].target, True
        return None, False

    # -- the answer ---------------------------------------------------------------------------------
    def answer(self, question: str, history: Sequence[dict[str, str]] = ()) -> Answer:
        q = clean_query(question, self.retriever.max_query_chars)
        language = detect_language(q)
        t = templates()[language]
        d = _Draft(language)
        # the crisis check reads the whole message with its line breaks (a crisis line may come after the cut)
        vector = self.retriever.query_vector(q)
        check = self.crisis.assess(question[:CRISIS_MAX_CHARS], vector, self.retriever.query_vector)
        if check.tier == "certain":
            d.lines.append(check.text)
            if check.kind == "acute_danger":  # only the help line, and an offer to talk about the neighbourhood later
                d.lines.append(t["crisis_then"])
                return _with_crisis(Answer("\n\n".join(d.lines), (), False, language, "crisis"), check)
        name, from_history = self._named(q, history)
        missing = unsupported_fact(q)
        if missing and not check.tier:
            return self._not_in_sources(d, missing, self.approaches.get(name or ""))
        query = f"{q} {name}" if from_history and name else q
        hits = self.retriever.search(query, k=8, vector=vector if query == q else None)
        intent = self._compose(d, q, name, from_history, hits, check.tier == "certain")
        refused = intent == "out_of_scope"
        if check.tier == "unsure":
            if refused:  # never a refusal for a message that may be a crisis: the line, and an open door
                d.lines = [check.text, t["crisis_then"]]
            else:
                d.lines.append(check.text)
        elif check.tier == "certain" and refused:
            d.lines.append(t["crisis_then"])
        if check.tier and refused:
            intent, refused = "crisis", False
        return _with_crisis(Answer("\n\n".join(d.lines), tuple(d.sources), refused, language, intent), check)

    def _compose(
        self, d: _Draft, q: str, name: str | None, from_history: bool, hits: list[Hit], crisis: bool
    ) -> Intent:
        t = templates()[d.language]
        approach_hits = [h for h in hits if h.is_approach]
        top = hits[0] if hits else None
        if name and name in self.approaches:
            a = self.approaches[name]
            if not self._factual(d, q, a, asked_field(q) or ("omschrijving" if from_history else None)):
                self._describe(d, q, a)
            return "factual"
        if top is None or top.signals.get("dense", top.score) < self._threshold(d.language):
            if not crisis:
                d.lines.append(t["refusal"])
            return "out_of_scope"
        # a general section must clearly beat the best approach: most questions are about approaches
        margin = HELP_MARGIN if seeks_help(q) else GENERAL_MARGIN
        if not top.is_approach and (not approach_hits or top.score >= approach_hits[0].score + margin):
            self._general(d, q, [h for h in hits if not h.is_approach][:2])
            return "general"
        self._approaches(d, q, approach_hits)
        return "approach"

    def _quote(self, d: _Draft, text: str) -> str:
        return f"“{text}”{templates()[d.language]['quote_note']}"

    def _field_line(self, d: _Draft, a: Approach, key: str, snippet: str, score: float) -> str:
        label = templates()[d.language][f"label_{key}"]
        return f"- {label}: {self._quote(d, snippet)} {d.cite(a.name, key, a.url, snippet, score, 'approach')}"

    def _page_line(self, d: _Draft, a: Approach, chunk: Chunk, snippet: str) -> str:
        """A quote from the approach's linked page: cited with the page's URL and heading."""
        heading = chunk.section if chunk.section != "pagina" else a.name
        return f"- {heading}: {self._quote(d, snippet)} {d.cite(a.name, heading, chunk.url, snippet, 1.0, 'approach')}"

    def _link_line(self, d: _Draft, a: Approach) -> str:
        t = templates()[d.language]
        return f"- {t['more']}: {a.url}" if a.url else f"- {t['no_link']}"

    def _factual(self, d: _Draft, q: str, a: Approach, key: str | None) -> bool:
        """Quote the one or two units of this approach (any field, or a footnote) that answer the question.

        Units score by shared content words (the approach's own name does not count), plus a prior for the
        field the question asks about and, for 'how many/how often/age' questions, for units with a number.
        Returns False when nothing scores, so the caller describes the approach instead.
        """
        own = self._words(" ".join([a.name, *a.aliases]))
        stems, prefixes = (w - o for w, o in zip(self._words(q), own))
        quantity = bool(_QUANTITY.search(q))
        scored: list[tuple[float, int, str, str, Chunk | None]] = []
        parts: list[tuple[str, str, Chunk | None]] = [(k, a.field(k), None) for k in FACT_FIELDS]
        parts += [("voetnoot", note, None) for note in a.footnotes]
        # the linked page's text, after the overview (which wins ties)
        parts += [("pagina", c.text.split("\n", 1)[-1], c) for c in self.pages.get(a.name, [])]
        for order, (k, text, page) in enumerate(parts):
            for i, u in enumerate(_page_units(text) if page is not None else units(text)):
                u_stems, u_prefixes = self._words(u)
                shared = stems & u_stems
                score = len(shared) + 0.5 * len((prefixes & u_prefixes) - {w[:4] for w in shared})
                score += (FIELD_PRIOR.get(k, 0.75) if k == key else 0.0) + (
                    0.5 if quantity and _NUMBERISH.search(u) else 0.0
                )
                scored.append((score, -(order * 100 + i), k, u, page))
        scored.sort(key=lambda x: (x[0], x[1]), reverse=True)  # the second is unique: ties never reach the rest
        if not scored or scored[0][0] <= 0:
            return False
        picked = [scored[0]] + [x for x in scored[1:2] if x[0] >= 1.0]
        rows = []
        for _, _, k, unit, page in picked:
            if page is not None:
                rows.append(self._page_line(d, a, page, unit))
                continue
            whole = a.field(k) if k != "voetnoot" else unit
            snippet = whole if k == "uitvoerders" and len(whole) < 400 else unit  # who: the whole short field
            rows.append(self._field_line(d, a, k, snippet, 1.0))
        d.lines.append(templates()[d.language]["factual_intro"].format(name=a.name))
        d.lines.append("\n".join([*dict.fromkeys(rows), self._link_line(d, a)]))
        return True

    def _describe(self, d: _Draft, q: str, a: Approach) -> None:
        t = templates()[d.language]
        d.lines.append(t["describe_intro"].format(name=a.name, category=a.category))
        rows = [self._field_line(d, a, key, units(a.field(key))[0], 1.0) for key in ("doel", "doelgroep")]
        rows.append(self._field_line(d, a, "omschrijving", units(a.omschrijving)[0], 1.0))
        rows.append(self._field_line(d, a, "uitvoerders", units(a.uitvoerders)[0], 1.0))
        d.lines.append("\n".join([*rows, self._link_line(d, a)]))

    def _approaches(self, d: _Draft, q: str, hits: list[Hit]) -> None:
        t = templates()[d.language]
        # 2–4 approaches: always the best two, then those close to the best (retrieval hit@2 → hit@4 on the eval)
        chosen = hits[:2] + [h for h in hits[2 : self.max_approaches] if h.score >= hits[0].score - 0.04]
        d.lines.append(t["approach_intro"])
        for i, h in enumerate(chosen, start=1):
            a = self.approaches.get(h.target)
            if a is None:  # e.g. an approach only known from a fetched page
                continue
            scores = {c.chunk.section: c.score for c in h.chunks}
            why = max(("doelgroep", "doel"), key=lambda k: scores.get(k, 0.0))
            snippet = self._best_unit(q, a.field(why), False)
            rows = [f"**{i}. {a.name}** ({a.category})", self._field_line(d, a, why, snippet, h.score)]
            rows.append(self._field_line(d, a, "uitvoerders", units(a.uitvoerders)[0], h.score))
            rows.append(self._link_line(d, a))
            d.lines.append("\n".join(rows))

    def _general(self, d: _Draft, q: str, hits: list[Hit]) -> None:
        d.lines.append(templates()[d.language]["general_intro"])
        for h in hits[:1] if len(hits) < 2 or hits[1].score < hits[0].score - 0.02 else hits[:2]:
            # quote the parsed section itself, not chunk text (which carries the chunker's title and labels)
            text = self.sections.get(h.target) or h.chunks[0].chunk.text.split("\n", 1)[-1]
            snippet = self._best_unit(q, text, bool(_QUANTITY.search(q)))
            cite = d.cite(h.target, h.chunks[0].chunk.section, None, snippet, h.score, "general")
            d.lines.append(f"**{h.target}**: {self._quote(d, snippet)} {cite}")

    def _not_in_sources(self, d: _Draft, missing: str, a: Approach | None) -> Answer:
        t = templates()[d.language]
        what = t[f"what_{missing}"]
        if a is not None and a.url:
            d.lines.append(t["not_in_sources_named"].format(what=what, name=a.name, url=a.url))
            d.sources.append(Source(1, a.name, "overzicht", a.url, "", 1.0))
        else:
            d.lines.append(t["not_in_sources"].format(what=what))
        return Answer("\n\n".join(d.lines), tuple(d.sources), True, d.language, "out_of_scope")


def _with_crisis(answer: Answer, check: Assessment) -> Answer:
    if check.tier is None:
        return answer
    return replace(
        answer, intent="crisis" if check.tier == "certain" else answer.intent, crisis=check.kind, crisis_tier=check.tier
    )


def _page_chunks(chunks: Sequence[Chunk]) -> dict[str, list[Chunk]]:
    """Linked-page chunks per approach, in page order (the page first, then a PDF it links to)."""
    pages: dict[str, list[Chunk]] = {}
    for c in sorted((c for c in chunks if c.kind == "page"), key=_page_order):
        pages.setdefault(c.target, []).append(c)
    return pages


def _page_units(text: str) -> list[str]:
    """Quotable pieces of page text: as :func:`units`, without list markers and table rules."""
    out = [re.sub(r"^[-*+]\s+", "", u.strip()) for u in units(text)]
    return [u for u in out if u and not re.fullmatch(r"[|:\- ]+", u)]


def _page_order(chunk: Chunk) -> tuple[bool, int]:
    return chunk.extra.get("format") == "pdf", int(chunk.extra.get("position", "0"))
