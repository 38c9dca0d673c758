"""Whether a line of an answer already says or quotes a sentence, and a quote without the sentences another line
shows: one answer shows each sentence of the overview once (advisors 44 a, 49 a/b and 53 a/b: "how it works repeats
the why", "the uitvoerders quote appears twice")."""

from __future__ import annotations

import re

from assistant.answer.draft import units
from assistant.retrieve.wordshare import words

#: The share of a quote's words (rarer than the commonest: longer than three letters) a text must have to say it.
SAYS_SHARE = 0.6
#: The same for the Uitvoerders quote beside a next step that names who runs it: the editors' steps shorten the
#: overview's lists ("een netwerk van welzijns-, zorg- en vrijwilligersorganisaties" for "… van welzijnsorganisaties,
#: zorgorganisaties en vrijwilligersorganisaties"). At 0.4, 76 of 600 dev answers lose the quote (or, a resident's,
#: its [n] on the step); a helper briefed as a Movisie advisor compared 24, blind to which was which: overall better
#: 12, worse 1, the same 11; clarity 12 / 0 ("only repeats partners the next step already names").
WHO_SHARE = 0.4


def says(text: str, quote: str, share: float = SAYS_SHARE) -> bool:
    """`text` (an editors' line) has most of `quote`'s words (`share` of them: :data:`SAYS_SHARE`)."""
    wanted = {w for w in words(quote) if len(w) > 3}
    return bool(wanted) and len(wanted & words(text)) >= share * len(wanted)


def without_quoted(text: str, field: str, line: str) -> str:
    """`text`, a quote of `field`, without the field's sentences that `line` quotes whole (see :func:`_without`)."""
    for unit in units(field):
        if quoted_in(unit, line):
            text = without(text, unit)
    return _trimmed(text)


#: A sentence that opens by pointing back ("Dit zorgt voor maximaal draagvlak."): left without the sentence before
#: it, it has nothing to point to (a pairwise advisor on stop 57's answers to blind 73, 1 of 9).
_POINTS_BACK = re.compile(r"^(dit|dat|deze|hierdoor|daardoor|daarbij|zo|ze|zij)\b", re.I)


def without_said(text: str, line: str) -> str:
    """`text`, a quote, without its sentences that `line` (an editors' line) says in its own words (:func:`says`),
    and without a sentence that points back to one left out."""
    cut = False
    for unit in [u for part in text.split(" […] ") for u in units(part)]:
        cut = says(line, unit) or (cut and bool(_POINTS_BACK.match(unit)))
        if cut:
            text = without(text, unit)
    return _trimmed(text)


def _trimmed(text: str) -> str:
    text = re.sub(r"\[…\](?:\s*\[…\])+", "[…]", text)  # two cuts side by side are one gap
    text = text.strip().removeprefix("[…]").removesuffix("[…]").strip()  # a cut at an end shows no gap
    return text if any(c.isalnum() for c in text) else ""


def quoted_in(sentence: str, line: str) -> bool:
    """`line` quotes `sentence` whole: matched from its second letter, since a quote may lower the first; not a
    sentence this short (20 characters), which a longer one may hold by chance."""
    return len(sentence) > 20 and sentence[1:] in line


def without(text: str, sentence: str) -> str:
    """`text` without `sentence`: cut where it opens or closes it, else marked "[…]" (the grounding check reads the
    parts of a quote between ellipses apart)."""
    before, found, after = text.partition(sentence)
    if not found:
        return text
    return " […] ".join(part.strip() for part in (before, after) if part.strip())
