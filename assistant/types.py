"""Dataclasses that cross module boundaries: corpus → chunks → index → retrieve → answer."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.text import slugify

#: The fields every approach in the overview has, in document order (label as written in the source).
APPROACH_FIELDS: tuple[tuple[str, str], ...] = (
    ("doel", "Doel"),
    ("doelgroep", "Doelgroep"),
    ("omschrijving", "Omschrijving"),
    ("uitvoerders", "Uitvoerders"),
    ("vorm", "Vorm"),
)
CATEGORIES = ("interventie", "methode", "handreiking")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: The editors' text in each language they wrote it in: (language, text) pairs.
Texts = tuple[tuple[str, str], ...]
STEP_SEPARATOR = "|"  # between the editors' steps in plain words ("- stappen nl: … | …")


def _split_steps(text: str) -> list[str]:
    """The editors' steps in plain words, one per item ("a | b | c" → ["a", "b", "c"])."""
    return [step.strip() for step in text.split(STEP_SEPARATOR) if step.strip()]


def in_language(texts: Texts, language: str) -> str:
    """The text in `language`, else in English, else ''."""
    by_language = dict(texts)
    return by_language.get(language) or by_language.get("en", "")


#: Vorm values that describe the approach itself rather than a document of its own (see :attr:`Approach.kind`).
_DESCRIPTIONS = ("interventiebeschrijving", "methodebeschrijving", "handreiking")


@dataclass(frozen=True)
class Approach:
    """One approach (interventie, methode or handreiking) from the overview."""

    name: str
    category: str
    doel: str
    doelgroep: str
    omschrijving: str
    uitvoerders: str
    vorm: str
    url: str | None
    footnotes: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    line: int = 0
    #: the title of a link the overview gives without an address ("[Altijd nieuw gedoe - LSA, ABCD | Movisie](#)")
    link_title: str = ""
    terms: tuple[str, ...] = ()  # the editors' search words (corpus/zoektermen.md): found by, never quoted
    plain: Texts = ()  # the editors' plain words (corpus/in-gewone-woorden.md)
    situations: tuple[Texts, ...] = ()  # the editors' situations it fits (corpus/past-als.md)
    situation_search: tuple[str, ...] = ()  # per situation, its Dutch search line ('' for none): matched, never shown
    steps: tuple[tuple[str, Texts], ...] = ()  # (role, texts): the editors' next steps (corpus/volgende-stap.md)
    plain_steps: Texts = ()  # the editors' steps in plain words, "a | b | c" (corpus/in-gewone-woorden.md)

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def kind(self) -> str:
        """Its category, with its Vorm where that is a document of its own ("methode, praktijkhandboek"): advisors
        53 a/b read Slagkracht in de wijk as "mislabelled 'methode' (it is a praktijkhandboek)", 2 of 25."""
        form = self.vorm.strip().rstrip(".")
        plain = not form or form.casefold() in _DESCRIPTIONS or " " in form
        return self.category if plain else f"{self.category}, {form}"

    def field(self, key: str) -> str:
        return str(getattr(self, key))

    def plain_text(self, language: str) -> str:
        """The editors' plain words in `language`, else in English, else ''."""
        return in_language(self.plain, language)

    def editors_texts(self) -> Texts:
        """Every text the editors wrote for this approach (plain words, situations, next steps), every language."""
        situations = (pair for texts in self.situations for pair in texts)
        steps = ((lang, step) for lang, text in self.plain_steps for step in _split_steps(text))
        return (*self.plain, *situations, *(pair for _, texts in self.steps for pair in texts), *steps)

    def steps_in(self, language: str) -> list[str]:
        """The editors' steps in plain words in `language`, else in English; empty when they wrote none."""
        return _split_steps(in_language(self.plain_steps, language))

    def step_text(self, role: str, language: str, formal: bool = False) -> str:
        """The editors' next step for `role` (:data:`STEP_ROLES`) in `language`, else English, else ''; `formal`:
        the one in the "u" register ("nl-u", see :mod:`assistant.corpus.plain`), else ''."""
        texts = dict(self.steps).get(role, ())
        return dict(texts).get(language + FORMAL_SUFFIX, "") if formal else in_language(texts, language)


@dataclass(frozen=True)
class Section:
    """A general (non-approach) part of the overview, e.g. the introduction or 'Verantwoording'."""

    title: str
    paragraphs: tuple[str, ...]
    parent: str | None = None
    footnotes: tuple[str, ...] = ()
    line: int = 0
    questions: tuple[tuple[str, str], ...] = ()  # the editors': (a sentence of the section, a question it answers)

    @property
    def slug(self) -> str:
        return slugify(self.title)

    @property
    def quotable(self) -> str:
        """What an answer quotes from: the paragraphs, then the footnotes, a line each."""
        return "\n".join([*self.paragraphs, *self.footnotes])

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class Overview:
    """The parsed overview document."""

    title: str
    subtitle: str
    approaches: tuple[Approach, ...]
    sections: tuple[Section, ...]
    authors: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()
    date: str = ""
    source: str = ""

    def approach(self, name: str) -> Approach:
        for a in self.approaches:
            if a.name == name:
                return a
        raise KeyError(name)

    def section(self, title: str) -> Section:
        for s in self.sections:
            if s.title == title:
                return s
        raise KeyError(title)


@dataclass(frozen=True)
class Chunk:
    """A unit of text that is embedded and stored in the index, with its provenance."""

    id: str
    text: str
    kind: str  # "approach" | "field" | "general" | "page"
    target: str  # approach name, or section title for general chunks
    section: str  # field key ("doel", ...), "overzicht" for the whole entry, or a heading
    source: str  # file the text comes from, relative to the project
    url: str | None = None
    category: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """Changes with anything stored about the chunk, so an index built before `extra` carried a key rebuilds."""
        extra = "".join(f"\x1f{k}={v}" for k, v in sorted(self.extra.items()))
        return sha256(f"{self.kind}\x1f{self.target}\x1f{self.section}\x1f{self.text}{extra}")

    @property
    def is_approach(self) -> bool:
        return self.kind in ("approach", "field", "page")

    def metadata(self) -> dict[str, str]:
        """Flat metadata for the vector store (Chroma accepts no None values)."""
        return {
            "kind": self.kind,
            "target": self.target,
            "section": self.section,
            "source": self.source,
            "url": self.url or "",
            "category": self.category or "",
            "content_hash": self.content_hash,
            **self.extra,
        }

    @classmethod
    def from_metadata(cls, id: str, text: str, meta: Mapping[str, object]) -> Chunk:
        known = {"kind", "target", "section", "source", "url", "category", "content_hash"}
        return cls(
            id=id,
            text=text,
            kind=str(meta["kind"]),
            target=str(meta["target"]),
            section=str(meta["section"]),
            source=str(meta["source"]),
            url=str(meta["url"]) or None,
            category=str(meta.get("category", "")) or None,
            extra={k: str(v) for k, v in meta.items() if k not in known},
        )


@dataclass(frozen=True)
class ChunkHit:
    chunk: Chunk
    score: float


@dataclass(frozen=True)
class Hit:
    """A ranked retrieval result: one approach (or general section) with its supporting chunks."""

    target: str
    kind: str  # "approach" | "general"
    score: float
    chunks: tuple[ChunkHit, ...]
    category: str | None = None
    url: str | None = None
    signals: dict[str, float] = field(default_factory=dict)

    @property
    def is_approach(self) -> bool:
        return self.kind == "approach"


#: What a source is: one approach's field or page, or the overview's general text (introduction, criteria …).
SourceKind = Literal["approach", "general"]
#: What a message asks for, as the intent step reads it (the labels of its model and bank, `eval/intent/`).
Asked = Literal[
    "approach", "factual", "general", "comparison", "list", "vague", "follow_up", "out_of_scope", "chitchat", "trick"
]
#: What the answerer took the question for (the form of the answer); "" before it is known (an LLM reply being
#: streamed).
Intent = Literal[
    "",
    "approach",
    "factual",
    "general",
    "comparison",
    "list",
    "vague",
    "follow_up",
    "out_of_scope",
    "chitchat",
    "trick",
    "crisis",
]
#: The crisis check's routes (the labels of its model, less "none") and tiers.
CrisisKind = Literal["suicide", "acute_danger", "domestic_violence"]
CrisisTier = Literal["certain", "unsure"]
#: Who writes, for the next step (`answer/roles.py`); the editors write a step per role (`corpus/volgende-stap.md`).
Role = Literal["bewoner", "professional", "verwijzer", "opdrachtgever"]
ROLES: tuple[Role, ...] = ("bewoner", "professional", "verwijzer", "opdrachtgever")
#: The roles the editors write a next step for: also a resident who would start the approach themselves (not a role
#: the role model reads, see `Draft.starter`) and a group of residents that already exists (`Draft.group`).
STEP_ROLES: tuple[str, ...] = (*ROLES, "initiatiefnemer", "groep")
#: After a professional's step, for one who does not work where the Uitvoerders say ("Werk je niet bij zo'n
#: organisatie, vraag er dan een …"): left out for a writer who does (advisors 46: it contradicted "Daar hoor je zelf
#: bij" above it, and read as a leftover template, for a district manager and a corporation employee).
ELSEWHERE = "elders"
#: After a resident's step that asks whether the approach is offered nearby: what to do when it is not ("Is er geen
#: Resto VanHarte in de buurt? …"; advisors 58 a and 60 a: "no plan B", 11 and 12 of 25).
NONE_NEAR = "geen"
#: Under an answer to "is er ergens …?": where the overview's words on a local offer do not fit the approach ("Of er
#: een bij jou in de buurt is" for Citytrainers' training or the one Eigen Kracht Centrale: advisors 79 a/b, 6 of 25
#: answers, "houterig"), the editors' own line in its place.
NEARBY_NOTE = "dichtbij"
#: After a language code, a next step in the "u" register ("nl-u"; Dutch only, see `corpus/plain.py`).
FORMAL_SUFFIX = "-u"
StreamKind = Literal["delta", "replace", "done"]


@dataclass(frozen=True)
class Source:
    """A numbered source an answer cites as [n]."""

    n: int
    approach: str  # approach name, or the section title for general text
    section: str  # field key ("doelgroep", …), "overzicht", or a heading
    url: str | None
    snippet: str  # the text actually used
    score: float
    kind: SourceKind = "approach"
    label: str = ""  # how the sources list names it, in the answer's language ("Buurtbemiddeling — destinatarios")


def source_name(s: Source) -> str:
    """A source as the overview names it: the approach and the field ("Buurtbemiddeling — doelgroep"), or the
    section's title."""
    return f"{s.approach} — {s.section}" if s.section not in ("", "overzicht") else s.approach


@dataclass(frozen=True)
class Answer:
    """What a resident reads: Markdown text with [n] citations, and the sources they refer to."""

    text: str
    sources: tuple[Source, ...]
    refused: bool
    language: str
    intent: Intent = ""
    crisis: CrisisKind | None = None  # when a help line is shown
    crisis_tier: CrisisTier | None = None  # "certain": the help line comes first; "unsure": one line under the answer
    suggestions: tuple[str, ...] = ()  # next questions to offer as buttons (choices, for a clarifying question)

    def as_dict(self) -> dict[str, Any]:
        """The one JSON form of an answer: the HTTP API's body and the CLI's `ask --json` (field for field)."""
        return {
            "answer": self.text,
            "sources": [
                {
                    "n": s.n,
                    "approach": s.approach,
                    "section": s.section,
                    "label": s.label or source_name(s),
                    "url": s.url,
                    "snippet": s.snippet,
                    "score": round(s.score, 4),
                }
                for s in self.sources
            ],
            "refused": self.refused,
            "language": self.language,
            "intent": self.intent,
            "crisis": self.crisis,
            "crisis_tier": self.crisis_tier,
            "suggestions": list(self.suggestions),
        }


@dataclass(frozen=True)
class StreamEvent:
    """One step of a streamed answer: text deltas, a 'replace' when the shown text must be swapped for the
    checked (or extractive) text, and 'done' with the final :class:`Answer`."""

    kind: StreamKind
    text: str = ""
    answer: Answer | None = None
