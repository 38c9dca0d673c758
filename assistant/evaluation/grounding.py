"""Is every sentence of an answer supported by the source it cites?

An answer is cut into sentences (per line and bullet; a quote stays whole even when it spans lines). Each
sentence gets a status:

- ``template``: nothing left after removing the fixed texts of `templates/answer.yaml` / `safety.yaml`, field
  labels, approach and section names, links and citation markers — connecting text, not a claim;
- ``quoted``: its quotes (“…”) are each a normalised substring of a cited source — the snippet, or the whole
  overview text of that source's approach (with its indexed linked page) or section — and the rest is
  template text;
- ``verbatim``: unquoted, but the sentence is a normalised substring of a cited source;
- ``paraphrase``: fails the verbatim gate, but at least `PARAPHRASE_MIN` of its content words (stemmed,
  stop words removed, compounds matched) are in the cited snippets — how an LLM answer is judged;
- ``unsupported``: none of these (also: content or a quote without a citation, or a quote not in its source).

The verbatim gate passes ``template``/``quoted``/``verbatim``; the paraphrase gate also passes ``paraphrase``.
The extractive answerer's goal is zero sentences failing the verbatim gate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answer.check import LIST_ITEM, citations, content_tokens, overlap, split_sentences
from assistant.answer.echo import without_echo
from assistant.evaluation.reference import Reference, norm, strip_markdown
from assistant.text import CITATION, LINK, contains
from assistant.types import Answer, Source

#: Share of a sentence's content words that must be in the cited snippets to count as a paraphrase.
PARAPHRASE_MIN = 0.5
VERBATIM_OK = ("template", "quoted", "verbatim")

_QUOTE = re.compile(r"“([^”]+)”|„([^”“]+)[”“]|\"([^\"\n]{8,})\"")
_SLOT = re.compile(r"⟦Q(\d+)⟧")
_ENUM = re.compile(r"^\s*\d{1,2}[.)]\s+")
_ELLIPSIS = re.compile(r"\s*(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*")


@dataclass(frozen=True)
class SentenceCheck:
    text: str  # the sentence as shown (quotes restored)
    status: str  # template | quoted | verbatim | paraphrase | unsupported
    similarity: float  # content-word overlap with the cited snippets (1.0 for template text)
    cites: tuple[int, ...] = ()
    reason: str = ""

    @property
    def verbatim_ok(self) -> bool:
        return self.status in VERBATIM_OK

    @property
    def paraphrase_ok(self) -> bool:
        return self.verbatim_ok or self.status == "paraphrase"


@dataclass(frozen=True)
class Grounding:
    sentences: tuple[SentenceCheck, ...]
    sources_outside_corpus: tuple[int, ...]  # sources whose snippet is in neither overview nor page text

    @property
    def unsupported(self) -> list[SentenceCheck]:
        """Sentences failing the verbatim gate."""
        return [s for s in self.sentences if not s.verbatim_ok]

    @property
    def unsupported_paraphrase(self) -> list[SentenceCheck]:
        return [s for s in self.sentences if not s.paraphrase_ok]

    @property
    def ok(self) -> bool:
        return not self.unsupported and not self.sources_outside_corpus


def quote_in(quote: str, texts: Sequence[str]) -> bool:
    """A (near-)verbatim quote: every part between ellipses is a normalised substring of one of the texts."""
    parts = [norm(p) for p in _ELLIPSIS.split(quote)]
    parts = [p for p in parts if p]
    normed = [norm(t) for t in texts]
    return bool(parts) and any(all(contains(t, p) for p in parts) for t in normed)


def _slot_quotes(text: str) -> tuple[str, list[str]]:
    """Replace each quote by a slot ⟦Qi⟧ so sentence splitting never cuts inside a quote."""
    quotes: list[str] = []

    def slot(m: re.Match[str]) -> str:
        quotes.append(next(g for g in m.groups() if g is not None))
        return f"⟦Q{len(quotes) - 1}⟧"

    return _QUOTE.sub(slot, text), quotes


def _renumber(sentence: str, quotes: list[str]) -> tuple[str, list[str]]:
    """Number the sentence's slots from 0 and return its own quotes."""
    own = [quotes[int(i)] for i in _SLOT.findall(sentence)]
    parts = _SLOT.split(sentence)[::2]  # text around the slots (the captured numbers dropped)
    return "".join(p + (f"⟦Q{i}⟧" if i < len(own) else "") for i, p in enumerate(parts)), own


def segments(text: str) -> list[tuple[str, list[str]]]:
    """(sentence with quote slots, its quotes) for every sentence or bullet of an answer."""
    slotted, quotes = _slot_quotes(text)
    out = []
    for line in slotted.splitlines():
        line = strip_markdown(line)  # also keeps '**1. Name**' from splitting at '1.'
        prefix = LIST_ITEM.match(line)
        body = line[prefix.end() if prefix else 0 :]
        for sentence in split_sentences(body):
            if re.search(r"\w", sentence):
                out.append(_renumber(sentence, quotes))
    return out


def residual(sentence: str, ref: Reference) -> str:
    """What a sentence says beyond template text, names, links, citations and quotes (normalised)."""
    text = _SLOT.sub(" ", CITATION.sub(" ", sentence))
    text = LINK.sub(" ", strip_markdown(text))
    text = _ENUM.sub("", text.strip())
    return " ".join(ref.removable().sub(" ", norm(text)).split())


def _restore(sentence: str, quotes: list[str]) -> str:
    return _SLOT.sub(lambda m: f"“{quotes[int(m.group(1))]}”", sentence)


def check_sentence(sentence: str, quotes: list[str], by_n: dict[int, Source], ref: Reference) -> SentenceCheck:
    shown = _restore(sentence, quotes)
    cites = tuple(citations(sentence))
    cited = [by_n[n] for n in cites if n in by_n]
    texts = [t for s in cited for t in (s.snippet, ref.full_text(s)) if t]
    rest = residual(sentence, ref)
    claim = bool(content_tokens(rest))
    if quotes:
        if not cited:
            return SentenceCheck(shown, "unsupported", 0.0, cites, "quote without a (valid) citation")
        missing = [q for q in quotes if not quote_in(q, texts)]
        if missing:
            return SentenceCheck(shown, "unsupported", 0.0, cites, f"quote not in the cited source: {missing[0]!r}")
        if not claim:
            return SentenceCheck(shown, "quoted", 1.0, cites)
    elif not claim:
        return SentenceCheck(shown, "template", 1.0, cites)
    if not cited:
        return SentenceCheck(shown, "unsupported", 0.0, cites, "statement without a (valid) citation")
    bare = CITATION.sub(" ", _SLOT.sub(" ", sentence))
    if quote_in(bare, texts) or quote_in(rest, texts):
        return SentenceCheck(shown, "verbatim", 1.0, cites)
    pool = " ".join(f"{s.approach} {s.snippet}" for s in cited)
    similarity = round(overlap(bare, pool), 3)
    if similarity >= PARAPHRASE_MIN:
        return SentenceCheck(shown, "paraphrase", similarity, cites, "not verbatim in the cited source")
    return SentenceCheck(shown, "unsupported", similarity, cites, "not supported by the cited source")


def check_grounding(answer: Answer, ref: Reference, asked: str = "") -> Grounding:
    """Every sentence of `answer` checked; the line that reads back a sentence of the question `asked` is not a
    claim about the sources (:func:`~assistant.answer.echo.without_echo`)."""
    by_n = {s.n: s for s in answer.sources}
    checks = tuple(check_sentence(s, q, by_n, ref) for s, q in segments(without_echo(answer.text, asked)))
    outside = tuple(s.n for s in answer.sources if s.snippet and not quote_in(s.snippet, [ref.full_text(s)]))
    return Grounding(checks, outside)
