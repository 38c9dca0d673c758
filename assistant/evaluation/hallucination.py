"""Things an answer states that appear in none of its sources and in no template: links, phone numbers, other
numbers, and approach names (a known approach that is not among the sources, or an invented one).

"Sources" are the answer's numbered sources (approach or section name, snippet, link); "templates" are the fixed
texts of `templates/answer.yaml` and the crisis messages (113, 0800-0113, 113.nl, 112). Detection reuses the
LLM-reply checker (`assistant/answer/check.py`), with the template texts added to what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.answer.check import SITE_HOSTS, name_problems
from assistant.answer.echo import without_echo
from assistant.evaluation.reference import Reference, norm
from assistant.text import CITATION, LINK, PHONE, fold, links, phones
from assistant.types import Answer, Source

KINDS = ("url", "phone", "number", "name")

_ENUM = re.compile(r"^\s*(?:[-*+•]\s*)?(?:\*\*|__)?\d{1,2}[.)]\s", re.MULTILINE)
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Finding:
    kind: str  # url | phone | number | name
    value: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"


def _numbers(text: str) -> set[str]:
    return {m.group().replace(",", ".") for m in _NUMBER.finditer(text)}


def _source_text(sources: Iterable[Source]) -> str:
    return "\n".join(f"{s.approach}\n{s.snippet}\n{s.url or ''}" for s in sources)


def find_hallucinations(answer: Answer, ref: Reference, asked: str = "") -> tuple[Finding, ...]:
    """Links, phone numbers, numbers and approach names in `answer` that its sources and templates do not hold; the
    line that reads back a sentence of the question `asked` is the writer's own (see :mod:`assistant.answer.echo`)."""
    text = without_echo(answer.text, asked)
    allowed_text = _source_text(answer.sources) + "\n" + ref.template_blob()
    findings: list[Finding] = []

    allowed_links = set(links(allowed_text)) | SITE_HOSTS
    allowed_links |= {u.split("/")[0] for u in allowed_links}
    findings += [Finding("url", u) for u in dict.fromkeys(links(text)) if u not in allowed_links]

    findings += [Finding("phone", p) for p in sorted(phones(text) - phones(allowed_text))]

    rest = _ENUM.sub(" ", PHONE.sub(" ", CITATION.sub(" ", LINK.sub(" ", text))))
    findings += [Finding("number", n) for n in sorted(_numbers(rest) - _numbers(allowed_text))]

    allowed_names = fold(ref.template_blob() + " " + " ".join(ref.sections))
    for problem in name_problems(text, answer.sources, ref.approach_names):
        name = problem.split(": ", 1)[-1]
        # fold() keeps Latin letters only: a bold Cyrillic help text ("Ви не самі.") folds to nothing and cannot be
        # one of the overview's (Latin-script) approach names
        if norm(name) and fold(name) and f" {fold(name)} " not in f" {allowed_names} ":
            findings.append(Finding("name", name))
    return tuple(findings)
