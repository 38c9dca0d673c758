"""Check an LLM reply against its sources before anyone reads it: citations, approach names, support, numbers, links."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer
from stop_words import get_stop_words

from assistant.text import CITATION, contains, fold, links, norm_url, phones
from assistant.types import APPROACH_FIELDS, CATEGORIES, Source

#: A cited sentence needs at least this share of its content words in the cited source(s).
MIN_OVERLAP = 0.35
#: Hosts that may always be named (the site the assistant belongs to).
SITE_HOSTS = frozenset({"wijkwijzer.org"})

_END = re.compile(r"[.!?]+(?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])*(?=\s|$)")
_ABBREV = re.compile(
    r"(?:^|[\s(])(?:bijv|bv|o\.a|e\.d|d\.w\.z|m\.b\.v|i\.p\.v|t\.a\.v|z\.s\.m|etc|enz|nr|ca|incl|excl|vgl|resp|evt"
    r"|dhr|mevr|mr|dr|ong|e\.g|i\.e|vs)$",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")  # a bullet or "1." / "1)" at the start of a line
_HEADING = re.compile(r"^\s*(?:#{1,6}\s.*|\*\*[^*]+\*\*:?|__[^_]+__:?|[-*_=|\s]+)$")
_REFLIST = re.compile(r"^\s*(?:\[\d+\]\s|\**(?:bronnen|bron|sources|references)\**:?\**\s*$)", re.IGNORECASE)
_CONNECTORS = re.compile(
    r"^(?:(?:ik )?hoop (?:dat )?(?:dit|dat|het)\b.*|hopelijk\b.*|(?:veel )?succes\b.*|kort gezegd|samengevat|kortom"
    r"|(?:de|deze|mijn) bronnen (?:geven|bevatten|zeggen|noemen|beschrijven)\b.*\b(?:geen|niets|niet)\b.*"
    r"|(?:dat|dit|het antwoord) staat niet in de bronnen.*"
    r"|(?:voor )?(?:meer informatie|lees meer|kijk|bekijk|zie)\b.*\b(?:bron|bronnen|link|https?|www)\b.*"
    r"|i hope this helps.*|good luck.*|in short|the sources do not\b.*)$"
)
_BOLD = re.compile(r"\*\*([^*\n]{2,80})\*\*|__([^_\n]{2,80})__")
_NAME = r"[\"'“‘]?([A-Z][\w'’-]*(?:[ \t]+(?:[A-Z][\w'’-]*|van|de|het|in|op|voor|en|der|to|of)){0,5})"
_INTRODUCED = re.compile(
    r"(?i:\b(?:aanpak|methode|interventie|werkwijze|programma|project|handreiking|approach|method|intervention"
    r"|programme|program))[ \t]+" + _NAME
)
_LINKERS = {"van", "de", "het", "in", "op", "voor", "en", "der", "to", "of"}
_GENERIC_BOLD = {fold(label) for _, label in APPROACH_FIELDS} | set(CATEGORIES) | {
    "let op", "belangrijk", "tip", "tips", "samenvatting", "antwoord", "conclusie", "bronnen", "bron", "kort gezegd",
    "note", "important", "summary", "answer", "sources", "waarom", "voor wie", "hoe werkt het", "wat is het",
}  # fmt: skip
_META_WORDS = {"aanpak", "aanpakken", "methode", "interventie", "bron", "bronnen", "volgens", "staat", "beschreven"}


@dataclass
class CheckResult:
    """Outcome of `check_reply`: `text` is the reply without the dropped sentences."""

    ok: bool
    text: str
    problems: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    words = {w for lang in ("dutch", "english") for word in get_stop_words(lang) for w in fold(word).split()}
    return frozenset(w for w in words | _META_WORDS if not w.isdigit())


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("dutch")


def content_tokens(text: str) -> set[str]:
    """Stemmed content words of a text: folded, stop words and one-letter words removed."""
    stop = _stop_words()
    words = [w for w in fold(CITATION.sub(" ", text)).split() if w not in stop and (len(w) > 1 or w.isdigit())]
    return set(_stemmer().stemWords(words))


def _covered(token: str, pool: set[str]) -> bool:
    """Exact stem match, or compound overlap for longer words ('buurtbemiddel' ~ 'bemiddel')."""
    if token in pool:
        return True
    return len(token) >= 5 and any(len(p) >= 5 and (p in token or token in p) for p in pool)


def overlap(sentence: str, source_text: str) -> float:
    """Share of the sentence's content words that the source text supports (1.0 when it has none)."""
    words = content_tokens(sentence)
    if not words:
        return 1.0
    pool = content_tokens(source_text)
    return sum(_covered(w, pool) for w in words) / len(words)


def citations(text: str) -> list[int]:
    return [int(n) for group in CITATION.findall(text) for n in re.split(r"\s*[,;]\s*", group)]


def split_sentences(line: str) -> list[str]:
    """Sentences of one line; a citation right after the full stop ('… buren. [1]') stays with its sentence."""
    out: list[str] = []
    start = 0
    for m in _END.finditer(line):
        if m.group() == "." and _ABBREV.search(line[start : m.start()]):
            continue
        out.append(line[start : m.end()].strip())
        start = m.end()
    out.append(line[start:].strip())
    return [s for s in out if s]


def _variants(name: str) -> set[str]:
    """Folded ways a known approach name may be written: 'Thuis op Straat (TOS)' → 'thuis op straat', 'tos', …"""
    base = re.sub(r"\s*\([^)]*\)", "", name)
    out = {fold(name), fold(base), *(fold(a) for a in re.findall(r"\(([^)]+)\)", name))}
    out |= {fold(re.sub(r"^(?:het|de|een)\s+", "", base, flags=re.IGNORECASE))}
    out |= {fold(re.sub(r"-?methode$", "", base))}
    return {v for v in out if len(v) >= 3}


def _resolve(candidate: str, known: dict[str, set[str]]) -> str | None:
    """The known approach a name refers to (whole-word containment either way), or None."""
    folded = fold(candidate)
    for name, variants in known.items():
        if any(contains(folded, v) or contains(v, folded) for v in variants):
            return name
    return None


def _mentioned(variant: str, name: str, reply: str, folded_reply: str) -> bool:
    """Short acronyms ('TOS', 'PBS') count only when written in capitals; other names in any case."""
    if len(variant) <= 5 and variant.upper() in name:
        return re.search(rf"\b{re.escape(variant.upper())}\b", reply) is not None
    return contains(folded_reply, variant)


def name_problems(reply: str, sources: Sequence[Source], known_approaches: Iterable[str]) -> list[str]:
    known = {name: _variants(name) for name in known_approaches}
    pool = " ".join(fold(f"{s.approach} {s.snippet}") for s in sources)
    cited = {fold(s.approach) for s in sources}
    problems: list[str] = []
    folded_reply = fold(reply)
    for name, variants in known.items():
        hits = [v for v in variants if _mentioned(v, name, reply, folded_reply)]
        grounded = any(contains(c, v) or contains(v, c) for v in variants for c in cited)
        if hits and not grounded and not any(contains(pool, h) for h in hits):
            problems.append(f"approach not among the sources: {name}")
    candidates = [m.group(1) or m.group(2) for m in _BOLD.finditer(reply)] + _INTRODUCED.findall(reply)
    for raw in candidates:
        words = raw.strip(" :*_\"'“”‘’").split()
        if fold(" ".join(words)) in _GENERIC_BOLD:
            continue
        while words and words[-1] in _LINKERS:
            words.pop()
        cand = " ".join(words)
        if not cand or not cand[0].isupper() or cand.endswith("?") or fold(cand) in _GENERIC_BOLD:
            continue
        content = [w for w in words if fold(w) not in _stop_words()]
        if len(words) > 4 and sum(w[0].isupper() for w in content) * 2 < len(content):
            continue  # a bold sentence, not a name
        if _resolve(cand, known) is None and not contains(pool, fold(cand)):
            problems.append(f"invented approach: {cand}")
    return problems


def check_reply(
    reply: str, sources: Sequence[Source], known_approaches: Collection[str], min_overlap: float = MIN_OVERLAP
) -> CheckResult:
    """Check `reply` against `sources`; `known_approaches` are all approach names of the corpus."""
    by_n = {s.n: s for s in sources}
    problems = [f"citation [{n}] refers to no source" for n in sorted(set(citations(reply))) if n not in by_n]
    problems += name_problems(reply, sources, known_approaches)
    source_text = "\n".join(f"{s.snippet}\n{s.url or ''}" for s in sources)
    problems += [f"phone number not in the sources: {p}" for p in sorted(phones(reply) - phones(source_text))]
    allowed = set(links(source_text)) | SITE_HOSTS
    allowed |= {u.split("/")[0] for u in allowed}  # the host of a source link may be named
    blob = norm_url(re.sub(r"(?:https?://)?(?:www\.)?", "", source_text.lower()))
    problems += [f"link not in the sources: {u}" for u in links(reply) if u not in allowed and u not in blob]

    lines: list[str] = []
    dropped: list[str] = []
    supported = 0
    for line in reply.splitlines():
        if _REFLIST.match(line):
            dropped.append(line.strip())
            continue
        if not line.strip() or _HEADING.match(line) or not re.search(r"[^\W\d_]", line):
            lines.append(line)
            continue
        prefix = LIST_ITEM.match(line)
        kept = []
        for sentence in split_sentences(line[prefix.end() if prefix else 0 :]):
            cited = [by_n[n] for n in citations(sentence) if n in by_n]
            bare = CITATION.sub("", sentence).strip()
            if not cited:
                statement = content_tokens(bare) and not bare.endswith(("?", ":"))
                if statement and not _CONNECTORS.match(" ".join(fold(bare).split())):
                    dropped.append(sentence)
                    continue
            elif overlap(bare, " ".join(f"{s.approach} {s.section} {s.snippet}" for s in cited)) < min_overlap:
                dropped.append(sentence)
                continue
            else:
                supported += bool(content_tokens(bare))
            kept.append(sentence)
        if kept:
            lines.append((prefix.group() if prefix else "") + " ".join(kept))
    if supported < 1:
        problems.append("no supported sentence")
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return CheckResult(ok=not problems, text=text, problems=problems, dropped=dropped)
