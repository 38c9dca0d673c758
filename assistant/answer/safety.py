"""Crisis check that runs before retrieval: suicidal language or acute danger gets a help message first.

Messages, detection patterns, spelling fixes and harmless idioms live in ``templates/safety.yaml`` so
editors can extend them without code; the notation is explained at the top of that file.

When more than one kind matches, the pattern groups are tried in the YAML order (a deliberate choice):

1. ``suicide_self``: the writer says they themselves want to die or hurt themselves -> ``suicide``.
   This wins even when acute danger is mentioned as well; the suicide message also says to call 112
   in immediate danger, so nobody is left without the emergency number.
2. ``acute_danger``: someone is being attacked or threatened now, a weapon, fire, ... -> ``acute_danger``.
3. ``suicide_other``: someone else wants to hurt themselves, or suicide is mentioned in general.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, get_args

import yaml
from rapidfuzz.distance import OSA

from assistant.types import CrisisKind, CrisisTier

DEFAULT_LANGUAGE = "nl"

#: What ``~`` may skip: a word, but never a sentence end (".") and never another person or a clause break.
_GAP_WORD = (
    r"(?:(?!(?:hij|zij|ze|jij|je|jou|u|jullie|hem|iemand|he|she|they|you|someone|somebody|maar|but|omdat|because) )"
    r"[a-z0-9]+ )"
)
_MACRO = re.compile(r"<([a-z_]+)>")
_GAP = re.compile(r"\s*~(\d*)\s*")
_QUOTES = re.compile(r"[\'’‘`´]")
_SENTENCE_END = re.compile(r"[.!?;:\n\r]+")
_OTHER = re.compile(r"[^a-z0-9. ]+")
_REPEATS = re.compile(r"([a-z])\1{2,}")


@dataclass(frozen=True)
class Crisis:
    kind: CrisisKind
    message: str  # Markdown in the requested language (fallback: Dutch)


@dataclass(frozen=True)
class _Group:
    name: str
    kind: CrisisKind
    patterns: tuple[re.Pattern[str], ...]
    tier: CrisisTier = "certain"


@dataclass(frozen=True)
class _Rules:
    messages: dict[str, dict[str, str]]
    spelling: dict[str, str]
    spelling_re: re.Pattern[str] | None
    fuzzy: tuple[str, ...]
    ignore: tuple[re.Pattern[str], ...]
    groups: tuple[_Group, ...]


def compile_pattern(pattern: str, words: dict[str, str]) -> re.Pattern[str]:
    """Expand ``<word>`` groups and ``~``/``~N`` gaps, and match whole words of the normalised text."""
    source = pattern
    for _ in range(10):  # word groups may use other word groups
        expanded = _MACRO.sub(lambda m: _word(words, m.group(1), source), pattern)
        if expanded == pattern:
            break
        pattern = expanded
    pattern = _GAP.sub(lambda m: f" {_GAP_WORD}{{0,{m.group(1) or 3}}}", pattern)
    return re.compile(f"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")


def _word(words: dict[str, str], name: str, pattern: str) -> str:
    if name not in words:
        raise ValueError(f"safety.yaml: unknown word group <{name}> in pattern {pattern!r}")
    return words[name]


def _one_of(vocabulary: Any, value: object, group: object) -> Any:
    """`value` when it is one of the `Literal` `vocabulary`'s values; a clear error naming the group otherwise."""
    if value not in get_args(vocabulary):
        raise ValueError(f"safety.yaml: group {group}: {value!r} is not one of {', '.join(get_args(vocabulary))}")
    return value


@cache
def safety_yaml() -> dict[str, Any]:
    """`templates/safety.yaml`, parsed once: the rules here, the help texts in :mod:`assistant.answer.crisis`."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("assistant").joinpath("templates/safety.yaml").read_text(encoding="utf-8")
    )
    return raw


@cache
def _rules() -> _Rules:
    raw = safety_yaml()
    det: dict[str, Any] = raw["detection"]
    words: dict[str, str] = {str(k): str(v) for k, v in det.get("words", {}).items()}
    spelling = {normalize(str(k)): normalize(str(v)) for k, v in det.get("spelling", {}).items()}
    keys = sorted(spelling, key=len, reverse=True)
    spelling_re = re.compile(rf"(?<![a-z0-9])(?:{'|'.join(map(re.escape, keys))})(?![a-z0-9])") if keys else None
    groups = tuple(
        _Group(
            str(g["name"]),
            _one_of(CrisisKind, g["kind"], g["name"]),
            tuple(compile_pattern(str(p), words) for p in g["patterns"]),
            _one_of(CrisisTier, g.get("tier", "certain"), g["name"]),
        )
        for g in det["groups"]
    )
    messages = {str(kind): {str(lang): str(msg) for lang, msg in per.items()} for kind, per in raw["messages"].items()}
    for group in groups:
        if DEFAULT_LANGUAGE not in messages.get(group.kind, {}):
            raise ValueError(f"safety.yaml: no {DEFAULT_LANGUAGE!r} message for kind {group.kind!r}")
    return _Rules(
        messages=messages,
        spelling=spelling,
        spelling_re=spelling_re,
        fuzzy=tuple(normalize(str(t)) for t in det.get("fuzzy", [])),
        ignore=tuple(compile_pattern(str(p), words) for p in det.get("ignore", [])),
        groups=groups,
    )


def normalize(text: str) -> str:
    """Lower-case, strip accents and apostrophes, mark sentence ends as " . ", squeeze letters and spaces."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _QUOTES.sub("", text)
    text = _SENTENCE_END.sub(" . ", text)
    text = _OTHER.sub(" ", text)
    text = _REPEATS.sub(r"\1\1", text)
    return " ".join(text.split())


def _fuzzy_fix(token: str, terms: tuple[str, ...]) -> str:
    if len(token) < 6 or token in terms:
        return token
    for term in terms:
        limit = 1 if len(term) < 10 else 2
        if abs(len(term) - len(token)) <= limit and OSA.distance(token, term, score_cutoff=limit) <= limit:
            return term
    return token


def prepare(text: str) -> str:
    """The text the patterns see: normalised, chat spellings and typos fixed, harmless idioms removed."""
    rules = _rules()
    text = normalize(text)
    if rules.spelling_re is not None:
        text = rules.spelling_re.sub(lambda m: rules.spelling[m.group(0)], text)
    text = " ".join(_fuzzy_fix(t, rules.fuzzy) for t in text.split())
    for idiom in rules.ignore:
        text = idiom.sub(".", text)
    return " ".join(text.split())


def matched_group(text: str) -> str | None:
    """Name of the first pattern group that matches (for tests and debugging), or None."""
    prepared = prepare(text)
    for group in _rules().groups:
        if any(p.search(prepared) for p in group.patterns):
            return group.name
    return None


def detect_crisis(text: str, language: str = DEFAULT_LANGUAGE) -> Crisis | None:
    """A crisis message when the text shows suicidal language or acute danger, else None."""
    name = matched_group(text)
    if name is None:
        return None
    rules = _rules()
    kind = next(g.kind for g in rules.groups if g.name == name)
    lang = (language or "").strip().lower().replace("_", "-").split("-")[0]
    per_language = rules.messages[kind]
    return Crisis(kind, per_language.get(lang, per_language[DEFAULT_LANGUAGE]))


def crisis_kinds() -> tuple[str, ...]:
    """The crisis kinds, in the order of the messages in the YAML: ("suicide", "acute_danger", "domestic_violence")."""
    return tuple(_rules().messages)


def rule_kind(group: str) -> CrisisKind:
    """The crisis kind a pattern group routes to."""
    return next(g.kind for g in _rules().groups if g.name == group)


def rule_tier(group: str) -> CrisisTier:
    """ "certain" (the help line first) or "unsure" (one line under the answer) for a match of this group."""
    return next(g.tier for g in _rules().groups if g.name == group)
