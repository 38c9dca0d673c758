"""The writer's own sentence an answer links its best approach to: to a Dutch reader "Waarom het past: je schrijft ‘…’
— daar is X voor bedoeld: “…” [n]" (the words by the quote's field; :func:`linked_sentence`), to a reader of
another language the same sentence of theirs, as written, before the editors' situation in their language: "Why it
fits: you write ‘…’ — fits if …" (:func:`clause_for`; until stop 56 that reader got the situation alone, as the
sentence alone above it read as "left hanging" to advisors 55 a/b. A helper briefed as a Movisie advisor compared
20 dev answers in six languages with and without it, blind to which was which: why better 20, overall 19, one the
same; clarity the same in 15, worse in 5, where the quote is long).

Every advisor rating since blind 6 marked "why it fits" down for not tying the approach to this person's situation: a
quote of the Doel plus the editors' situation line, whose details are often not the writer's (everyday blind 12's
advisor: "al jaren klagen" under a message that said no such thing; why 3.12 of 5). Without a language model the answer
cannot say it in its own words; it can show which of the writer's sentences the approach answers. That sentence is the
one nearest by meaning to a sentence of the approach's Doel, Doelgroep or Omschrijving that is itself near the whole
message (:meth:`~assistant.answer.why.WhyMatcher.link`; until stop 48 a reader of another language got the one nearest
the approach's editors' situations: on 160 Dutch dev stories an advisor labelled, the writer's sentence the advisor
chose best 0.619 that way, 0.694 by the link), among the message's sentences, its questions too
(:data:`QUESTION_BONUS`), not a greeting or a fragment (fewer than :data:`MIN_WORDS` words), not a run-on part too long
to read back (more than :data:`MAX_WORDS`), nor a bare self-introduction (:func:`introduces`), nor one with personal
data the feedback store would scrub, a phone number or a link. A short message (at most
:data:`~assistant.answer.margins.COMPACT_WORDS` words) stands right above the answer: quoted, it would be read back
whole; its sentence is linked only where it can be told back, in Dutch words a dictionary knows, up to where it starts
to ask (:func:`~assistant.answer.address.told_back_short`). The checkers of an answer's sources leave the line out
(:func:`without_echo`): the writer's words are no claim about the sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from assistant.answer.concerned import without_person
from assistant.answer.crisis_model import SENTENCE_END
from assistant.answer.persona import near_writer
from assistant.feedback.scrub import scrub
from assistant.text import LINK, PHONE

if TYPE_CHECKING:
    from assistant.answer.draft import Draft
    from assistant.answer.why import WhyMatcher

#: The fields of an approach a writer's sentence is linked to (:meth:`~assistant.answer.why.WhyMatcher.link`).
LINK_FIELDS = ("doel", "doelgroep", "omschrijving")

MIN_WORDS, MAX_WORDS = 6, 24
#: The echo as an answer shows it: one bullet, a short label, the sentence in ‘ ’ (see :func:`echo_line`).
ECHO_LINE = re.compile(r"^- [^:\n‘]{1,40}: ‘(.+)’$", re.M)


#: The writer's sentence inside the line that links it to an approach's (see :func:`linked_sentence`): in ‘ ’, then
#: a dash (the `link_why` template).
LINKED = re.compile(r"‘(.+?)’(?= — )")


def echo_line(label: str, sentence: str) -> str:
    return f"- {label}: ‘{sentence}’"


def without_echo(text: str, question: str) -> str:
    """`text` without its echo lines, and without the writer's sentence in a line linking it to an approach's,
    where the sentence is the question's own, quoted or told back (:func:`~assistant.answer.address.told_back`); an
    older relative the question is about placed near the writer again
    (:func:`~assistant.answer.persona.near_writer`), and the person it is written for left out of the line that asks
    them first (:func:`~assistant.answer.concerned.without_person`)."""
    from assistant.answer.address import told_back, told_back_short  # (address.py reads questions with :func:`asks`)

    asked = " ".join(question.split())
    text = ECHO_LINE.sub(lambda m: "" if m.group(1) in asked else m.group(0), text)
    text = LINKED.sub(lambda m: "" if m.group(1) in asked else m.group(0), text)
    for sentence, _ in statements(asked):
        # a short message's part as :func:`~assistant.answer.address.told_back_short` gives it, told back
        short = [told_back(part, formal) for formal in (False, True) if (part := told_back_short(sentence, formal))]
        for told in filter(None, (told_back(sentence), told_back(sentence, formal=True), *short)):
            text = text.replace(f"{told.rstrip('.!')} — ", "")
    # "in de wijk van je moeder", "Praat er eerst met je broer over": the writer's words (persona, concerned.py)
    return without_person(near_writer(text, question), question)


#: A sentence that starts by saying who the writer is ("Ik ben buurtsportcoach in twee wijken.", "I'm a social work
#: student on placement …"), read back, quotes a job title as the reason an approach fits (the advisors of everyday
#: blind 13 and 14). It is skipped only when nothing follows the introduction but where and for whom: no comma,
#: colon or joining word ("Ik ben 63 en merk dat ik dit niet volhoud" stays). On everyday dev's 1,317 long messages
#: it changed 32 of the 1,161 sentences read back, all bare introductions.
_INTRO = re.compile(
    r"^\W*((hallo|hoi|hi|hey|beste|goedemiddag|goedemorgen|goedenavond|dear|hello)\b\W*)?"
    r"(ik ben|ik werk|mijn naam is|wij zijn|we zijn|i am|i'm|i work|my name is|we are|jestem|pracuję|soy|trabajo"
    r"|ben)\b",
    re.I,
)
_CLAUSE = re.compile(
    r"[,:;]|\b(en|maar|want|waar|die|dat|omdat|terwijl|and|but|where|who|which|because|so|i|ale|gdzie|y|pero|donde"
    r"|que|ve|ama)\b",
    re.I,
)


#: A greeting the writer's sentence starts with is left out of the read-back ("Merhaba, ben 19 yaşındayım ve …":
#: everyday blind 15's advisor, "the 'you wrote' line quotes his greeting"); what stays is still the writer's text
#: as written, so the checkers' exemption holds. On everyday dev's 1,317 long messages 62 read-back sentences changed:
#: the greeting gone, or (its vector now without it) another statement of the story chosen.
_GREETING = re.compile(
    r"^(hallo|hoi|hi|hey|hello|beste \w+|dear \w+|goede(morgen|middag|navond)|merhaba|selam|hola|buenos d[ií]as"
    r"|cześć|dzień dobry|привіт|добрий день|здравствуйте|مرحبا|السلام عليكم)\s*[,!.:;]+\s*",
    re.I,
)


#: A sentence in which the writer says what they want or look for ("Ik zou graag danslessen geven aan meisjes uit de
#: straat", "Liever zie ik dat ze een eigen netwerk opbouwen", "We want somewhere to …") says what the approach is
#: for; read back, the advisor of everyday blind 19 found the story's background chosen instead ("Ik woon sinds twee
#: jaar in een complex voor 55-plussers": "de minst zeggende zin"). Its nearness counts :data:`WISH_BONUS` more. On
#: everyday dev's 1,827 long messages, 216 of the 1,619 sentences read back changed; of about 70 read, all but four
#: for the better (those: a negated wish, "Ik wil als ondernemer ook wel meedenken"). 0.03 then, 0.06 since the link
#: weighs the message more (:data:`~assistant.answer.why.LINK_MESSAGE_WEIGHT`, measured together).
_WISH = re.compile(
    r"\b(ik wil|wij willen|we willen|ik zou|we zouden|wij zouden|zou(den)? (graag|willen|het)|ik zoek|we zoeken"
    r"|wij zoeken|liever|het liefst|ik hoop|we hopen|mijn wens|i want|we want|i'?d (like|love)|we'?d (like|love)"
    r"|i would|we would|i'?m looking|we'?re looking|i hope|we hope|chcę|chcemy|chciał(a|)bym|chcielibyśmy|szukam"
    r"|szukamy|quiero|queremos|me gustar[ií]a|nos gustar[ií]a|busco|buscamos|istiyorum|istiyoruz|isterim|umuyorum"
    r"|хочу|хочемо|шукаю|шукаємо|أريد|نريد|أتمنى|نتمنى|أبحث|نبحث)\b",
    re.I,
)
WISH_BONUS = 0.06
#: A story's question sentence may be the one linked, its nearness counting this much more: it often says the need
#: best ("Hoe krijgen we die twee weer met elkaar aan tafel?"), where the statements tell background. An advisor
#: labelled, for 120 Dutch dev stories with a question (dev_blind2, 20–29, 45–47; `eval/why/link_dev_questions.jsonl`,
#: brief `eval/briefs/why_link.md`), the writer's sentence that says the need best among all, questions too, and the
#: approach's sentence that says why: writer's best / acceptable, both acceptable: statements only (as before) 0.475
#: / 0.883, 0.833; with questions 0.642 / 0.950, 0.900; questions 0.03 more 0.717 / 0.933, 0.892; 0.06 more 0.650 /
#: 0.917, 0.867. (It chose a question as best for 53 of the 120.)
QUESTION_BONUS = 0.03
#: A story's first sentence the link may read back counts this much less: it mostly sets the scene ("My dad is 82, a
#: retired engineer, and still lives at home in Utrecht.", "Mieszkam w Holandii od pięciu lat."), read back by
#: advisors 86 a and 87 a as "an irrelevant sentence" in place of the need told after it. On the labelled link sets
#: (`eval/why/`), writer's best / both sentences acceptable: stories with a question (120) 0.725 / 0.900 → 0.750 /
#: 0.917, statements (111 → 108 linked to a statement) 0.784 / 0.937 → 0.824 / 0.963; 0.01 and 0.02 less on both,
#: 0.05 better on statements but the questions' best 0.733. Not a short message's told-back part. 26 of 400 dev
#: stories' answers change; a helper briefed as a Movisie advisor compared 24, blind to which was which: why better
#: 14, worse 7; overall better 14, worse 9 (clarity worse 3: a later sentence read back may open with "maar").
FIRST_LESS = 0.03
#: A short question that only asks for an approach ("Is daar een bestaande aanpak voor?", "Wat is daarvoor een goede
#: aanpak?", "Hoe krijg je dat voor elkaar?") says no need: linked, the why read "je vraagt ‘Is daar een bestaande
#: aanpak voor?’ — zo pakt het vouchersysteem dat aan: …" (advisors 76 a/b, "an irrelevant sentence"). Such a
#: question (at most GENERIC_MAX_WORDS words, its cosine to the generic list questions' mean at least
#: GENERIC_QUESTION) is not linked. Of everyday dev's 4,276 long Dutch stories, 534 linked the writer's question; read
#: by that cosine, the short ones from 0.875 up all only ask for an approach, while longer ones that near name a need
#: ("Welke methode gaat uit van wat er al in de buurt aanwezig is?", 0.899): hence the length too. 124 answers change.
GENERIC_MAX_WORDS, GENERIC_QUESTION = 8, 0.875
#: A Dutch story's best approach gets a second pair (:func:`also_link`) where its two sentences are at most this much
#: less near each other (cosine) than the first pair's: a helper rewriting ten of advisors 90's answers to a 5 used two
#: pairs where the message has two needs (6 of 10). Without a floor, 63 of 300 dev answers changed and a helper briefed
#: as a Movisie advisor, comparing 24 blind to which was which, found why better 14, worse 7, overall 14 / 10, clarity
#: 0 / 10 ("78 and living here since 1971" to "de deelnemers worden door wijkprofessionals geworven"). The score that
#: picks a pair (the message's nearness too) did not part the better from the worse there; this cosine did (all five
#: pairs at least 0.017 below the first were worse). On 600 other dev messages (125 answers change), a second
#: comparison of 24: why better 20, worse 3; overall 19 / 4; clarity 0 / 5 ("repeats the age check": no age line
#: where the pair quotes the ages, :func:`~assistant.answer.forms.recommendation`).
ALSO_WITHIN = 0.015


def introduces(sentence: str) -> bool:
    """The sentence only says who the writer is (see :data:`_INTRO`)."""
    m = _INTRO.search(sentence)
    return m is not None and not _CLAUSE.search(sentence[m.end() :])


def _private(sentence: str) -> bool:
    return scrub(sentence) != sentence or bool(LINK.search(sentence) or PHONE.search(sentence))


def statements(text: str) -> list[tuple[str, bool]]:
    """The message's sentences as written (with their end mark), each with whether it asks (:func:`asks`)."""
    out: list[tuple[str, bool]] = []
    start = 0
    for m in [*SENTENCE_END.finditer(text), None]:
        end = m.end() if m is not None else len(text)
        piece = " ".join(text[start:end].split())
        if piece:
            out.append((piece, asks(piece)))
        start = end
    return out


#: A sentence's closing marks with a question mark among them ("?", "؟", "?!", "…?").
_ASKS = re.compile(r"[!?؟…]*[?؟][!?؟…]*$")


def asks(sentence: str) -> bool:
    """The sentence is a question: its closing marks hold ? or ؟."""
    return bool(_ASKS.search(sentence.rstrip()))


#: A short message's lead-in before what it says ("ff een vraag: we willen …", "Vraag: …"), left out of a
#: told-back sentence as a greeting is.
_LEAD_IN = re.compile(r"^(ff|even|effe|snel|kort)?\s*(een\s+)?(vraag|vraagje)(\s+\w+){0,2}\s*:\s*", re.I)


def without_greeting(sentence: str) -> str:
    """`sentence` without the greeting or the lead-in it starts with ("Hoi, …", "ff een vraag: …")."""
    return _LEAD_IN.sub("", _GREETING.sub("", sentence, count=1), count=1)


def _candidates(question: str, skip: str | tuple[str, ...] = "", short: bool = False) -> list[tuple[str, bool]]:
    """The sentences of `question` an answer may read back (see the module's docstring), greeting left out, each with
    whether it asks, but not `skip` (the side question a line of its own answers); none for a message of one
    sentence. `short`: a short message's, one sentence too (its clause reads statements only: see
    :func:`linked_sentence`)."""
    parts, skipped = statements(question), (skip,) if isinstance(skip, str) else skip
    if len(parts) < 2 and not short:
        return []
    return [
        (s, question_mark)
        for s, question_mark in ((without_greeting(s), q) for s, q in parts)
        if s not in skipped and MIN_WORDS <= len(s.split()) <= MAX_WORDS and not _private(s) and not introduces(s)
    ]


def _vectors(sentences: list[str], embed: Callable[[str], np.ndarray]) -> np.ndarray:
    """The sentences embedded one by one, joined as the crisis check's sentence parts are, so a cached vector of the
    same sentence is reused."""
    return np.asarray([embed(" ".join(SENTENCE_END.sub(" ", s).split())) for s in sentences])


def _wishes(sentences: list[str]) -> np.ndarray:
    return np.asarray([WISH_BONUS if _WISH.search(s) else 0.0 for s in sentences])


def clause_for(language: str, short: bool, formal: bool) -> Callable[[str], str | None] | None:
    """What of a message's sentences :func:`linked_sentence` may link (its `clause`): of a Dutch story, any whole
    sentence (None); of a `short` Dutch message, the part :func:`~assistant.answer.address.told_back_short` tells
    back; of a story in another language, its statements as written (a quoted question "adds nothing", a pairwise
    advisor on dev: 2 of 20 answers)."""
    from assistant.answer.address import told_back_short  # (address.py reads questions with :func:`asks`)

    if language != "nl":
        return _as_written
    return partial(told_back_short, formal=formal) if short else None


def _as_written(sentence: str) -> str | None:
    return None if asks(sentence) else sentence


def linked_sentence(
    why: WhyMatcher,
    question: str,
    name: str,
    embed: Callable[[str], np.ndarray],
    message: np.ndarray,
    resident: bool = False,
    skip: str | tuple[str, ...] = "",
    clause: Callable[[str], str | None] | None = None,
    generic: np.ndarray | None = None,
) -> tuple[str, str, str] | None:
    """The writer's sentence (a statement or a question, not `skip`) and the sentence of approach `name`'s Doel,
    Doelgroep or Omschrijving nearest each other (:meth:`~assistant.answer.why.WhyMatcher.link`, a wish counting
    :data:`WISH_BONUS` more, a question :data:`QUESTION_BONUS`), as (the writer's sentence as written, the field, the
    approach's sentence); None for a message without a sentence to read back.
    `message`: the whole message's vector (retrieval's, not embedded again). `resident`: the writer is one (a
    sentence labelling people counts less, :data:`~assistant.answer.why.LABELS`). `clause` (:func:`clause_for`):
    for a short Dutch message (at most :data:`~assistant.answer.margins.COMPACT_WORDS` words) or a story in another
    language, statements only, each linked by the part of it this gives; a short message's is the part the answer can
    tell back (:func:`~assistant.answer.address.told_back_short`): quoted, the writer would read their message again
    right above the answer; told back, it says what the approach answers (advisors 65 a/b: the why of chat messages
    "generic", "never mentions taking over green maintenance", 2.5 / 3.0 of 5 against 3.8 / 3.7 for stories). With a
    `clause` the link is to the Doel or Doelgroep only (see below). `generic`: the generic list questions' direction
    (:attr:`~assistant.answer.listing.Lister.generic_direction`), for :data:`GENERIC_QUESTION`."""
    found = _linked(why, question, name, embed, message, resident, skip, clause, generic)
    return None if found is None else found[:3]


def _linked(
    why: WhyMatcher,
    question: str,
    name: str,
    embed: Callable[[str], np.ndarray],
    message: np.ndarray,
    resident: bool,
    skip: str | tuple[str, ...],
    clause: Callable[[str], str | None] | None,
    generic: np.ndarray | None,
    taken: str = "",
) -> tuple[str, str, str, float] | None:
    """:func:`linked_sentence` with the cosine of its two sentences (:meth:`~assistant.answer.why.WhyMatcher.link`),
    not linking the approach's sentence `taken`."""
    candidates = _candidates(question, skip, short=clause is not None)
    if clause is not None:  # a short message: only the part of a sentence that can be told back (see the docstring)
        candidates = [(told, False) for s, _ in candidates if (told := clause(s))]  # (a question's told part states)
    if all(question_mark for _, question_mark in candidates):  # only questions: the message is its question
        return None
    vectors = _vectors([s for s, _ in candidates], embed)
    if generic is not None:  # not a question that only asks for an approach (GENERIC_QUESTION)
        keep = [
            not (q and len(s.split()) <= GENERIC_MAX_WORDS and float(v @ generic) >= GENERIC_QUESTION)
            for (s, q), v in zip(candidates, vectors, strict=True)
        ]
        candidates, vectors = [c for c, k in zip(candidates, keep, strict=True) if k], vectors[np.asarray(keep, bool)]
        if not candidates:
            return None
    sentences = [s for s, _ in candidates]
    bonus = _wishes(sentences) + np.asarray([QUESTION_BONUS if q else 0.0 for _, q in candidates])
    if clause is None or clause is _as_written:  # a story's (FIRST_LESS)
        bonus[0] -= FIRST_LESS
    # a short message's (and another language's, whose answer shows the editors' situation) links the Doel or
    # Doelgroep: its answer quotes how it works anyway, and in a first try the Omschrijving's sentence taken for "we
    # willen als buurt zelf het groen onderhouden" was a step ("Tot slot wordt het plan uitgevoerd door …")
    from assistant.answer.facts import WHY_FIELDS  # (facts.py reads a message's sentences with :func:`statements`)

    # nor, to a resident, a sentence that labels people: in 20 dev chat answers "kwetsbare mannen en vrouwen die
    # nauwelijks participeren" was linked to a mother who stays home; nor in a story's second pair (advisors 91 a: a
    # list of the neighbours' trades linked to "sociaaleconomisch zwakkere wijken", "labels his street as poor")
    fields, no_labels = (WHY_FIELDS, resident) if clause else (LINK_FIELDS, resident and bool(taken))
    found = why.link(name, vectors, bonus, message, resident, fields, no_labels, taken)
    return None if found is None else (sentences[found[0]], found[1], found[2], found[3])


def approach_links(
    why: WhyMatcher,
    question: str,
    names: list[str],
    embed: Callable[[str], np.ndarray],
    message: np.ndarray,
    d: Draft,
    side: str = "",
    generic: np.ndarray | None = None,
) -> tuple[list[tuple[str, str, str] | None], tuple[str, str, str] | None]:
    """Per approach an answer shows (`names`, best first), the writer's sentence linked to it
    (:func:`linked_sentence`), for the draft `d`'s reader: the best one's, a short message's only where it is told back
    and not in another language, a story's in any language, not `side` (the side question has its own line); and the
    second approach of a story another sentence of it. Advisors 87 a/b read the second approach's bare Doel or
    Doelgroep quote as "no why" (12 of the 17 answers with two approaches since round 85). 56 of 900 dev stories'
    answers change; a helper briefed as a Movisie advisor compared 24, blind to which was which: why better 16, worse
    5; overall better 16, worse 6 ("forced links that mislead": a truancy sentence to Thuis op Straat). (At stop 41 a
    link for the others read "a stretch" in 25 dev answers.) None for the others. And the best one's second pair
    (:func:`also_link`)."""
    from assistant.answer.margins import COMPACT_WORDS

    links: list[tuple[str, str, str] | None] = [None] * len(names)
    short, resident = len(question.split()) <= COMPACT_WORDS, d.role == "bewoner"
    if not names or not d.echo or (short and d.language != "nl"):  # (none under a message that may be a crisis)
        return links, None
    clause = clause_for(d.language, short, d.formal)
    first = _linked(why, question, names[0], embed, message, resident, side, clause, generic)
    links[0] = first[:3] if first else None
    if len(names) > 1 and links[0] and not short:  # (a story: the same clause as the best one's)
        links[1] = linked_sentence(why, question, names[1], embed, message, resident, links[0][0], clause, generic)
    others = tuple(link[0] for link in links[1:] if link)
    also = also_link(why, question, names[0], embed, message, d, first, side, others, generic) if first else None
    return links, also


def also_link(
    why: WhyMatcher,
    question: str,
    name: str,
    embed: Callable[[str], np.ndarray],
    message: np.ndarray,
    d: Draft,
    first: tuple[str, str, str, float],
    side: str = "",
    others: tuple[str, ...] = (),
    generic: np.ndarray | None = None,
) -> tuple[str, str, str] | None:
    """A second pair for a Dutch story's best approach `name`: another sentence of the writer's (not the first pair's,
    not `side` nor `others`, which other lines read back) linked to another of the approach's sentences, where the
    two sentences' cosine is at most :data:`ALSO_WITHIN` below the first pair's (`first`: its sentences, field and
    cosine, as :func:`approach_links` found it; `side` and `generic` as for :func:`linked_sentence`); None for a short
    message, another language, or no such pair."""
    from assistant.answer.margins import COMPACT_WORDS

    if d.language != "nl" or len(question.split()) <= COMPACT_WORDS:
        return None
    resident = d.role == "bewoner"
    said, _, unit, score = first
    found = _linked(why, question, name, embed, message, resident, (side, said, *others), None, generic, unit)
    if found is None or found[3] < score - ALSO_WITHIN:
        return None
    return found[:3]
