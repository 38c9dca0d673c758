"""The crisis check before every answer: is someone in danger, and which help line comes first?

Two independent signals, either of which can raise an alarm:

- the word rules of `templates/safety.yaml` (:mod:`assistant.answer.safety`): precise on the phrasings they know;
- the learned model (:mod:`assistant.answer.crisis_model`) over the question's embedding and its character
  n-grams, scored on the whole message and, from :data:`PARTS_FROM_WORDS` words on, **on its most suspect
  sentence** (a crisis line can hide in the middle of a long story about a clean-up day). The question's own vector
  is reused; the n-gram part picks that sentence, which costs one extra embedding only when it looks like a crisis
  (:data:`SENTENCE_GATE`).

Two tiers (thresholds are data, fit on the bank's `dev` split by `wijkwijzer crisis train`):

- ``certain`` (the model's score ≥ the certain threshold, or a rule of a certain-tier group with a score ≥ the
  unsure threshold): the help line comes first; for acute danger only the help line and an offer to talk about
  the neighbourhood later;
- ``unsure`` (score ≥ the unsure threshold, or any rule alone): the normal answer, with one short, kind line with
  the right number under it. A false alarm there costs one line; a miss can cost a life, so that band is wide.

Routes: suicide/self-harm → 113 (and 112 when acute); acute danger → 112; domestic violence, child or elder
abuse → Veilig Thuis 0800-2000 (and 112 when it happens now). Texts in nl, en, tr, ar, pl, uk and es, chosen
by the message's language (:mod:`assistant.answer.language`); any other language gets Dutch with an English line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

import numpy as np

from assistant.answer.crisis_model import CRISIS_LABELS, LABELS, CrisisModel, sentences
from assistant.answer.language import message_language
from assistant.answer.safety import matched_group, rule_kind, rule_tier, safety_yaml
from assistant.embed.base import Embedder
from assistant.types import Answer, CrisisKind, CrisisTier

DEFAULT_LANGUAGE = "nl"
FALLBACK_LINE_LANGUAGE = "en"
#: Used when the model file carries none. `wijkwijzer crisis train` fits them on the dev split.
DEFAULT_THRESHOLDS = {"certain": 0.7, "unsure": 0.3}
#: Sentences are scored on their own from this many words on. On the dev split (thresholds refit each time): all
#: messages 0.990 anywhere / 0.956 first; from 30 words 0.992 / 0.946, while 12% instead of 90% of the eval
#: questions pay for extra embeddings (p95 of /api/ask +32 ms with all of them).
PARTS_FROM_WORDS = 30
#: A sentence is embedded and scored in full only when the n-gram part alone gives it at least this crisis
#: probability, and only the most suspect one (:data:`MAX_PARTS`): each costs one embedding (12 ms for a
#: 20-word sentence). On the dev split (1,938 messages, thresholds refit each time) gates from 0 to 0.7 gave the
#: same figures (0.992–0.993 anywhere, 0.922 first; 0.919 at 0.8, 0.913 at 0.9), while the eval questions paying
#: for an extra embedding went from 11.7% (no gate) to 4.3% (0.3–0.4) and 0.9% (0.7, the widest gate on that
#: plateau). Embedding every sentence that passes instead of the most suspect one: 0.924 first on dev, and `ask`
#: p95 on the bench's 50 questions 47.0 ms against 41.5 (gate 0.2; 27.7 without sentences).
SENTENCE_GATE = 0.7
MAX_PARTS = 1
#: The intent step's out-of-scope probability from which an unsure reading of the model alone shows no line
#: (:meth:`Assessment.off_topic`): the model reads practical questions with alarming words as possible crises
#: ("er zit al weken een gat in de weg …, waar meld ik dat", "hoe laat gaat de laatste trein …", mould, painkillers),
#: and a possible crisis is never refused. Of crisis dev's 1,359 crisis messages, 107 get an unsure reading from the
#: model alone; their out-of-scope probability is at most 0.78 ("hoe hoog moet een balkon zijn om het zeker niet te
#: overleven"), 0 reach 0.8. Of intent dev's 1,988 off-topic messages 47 get such a reading: 40 reach 0.5, 21 0.8,
#: 19 0.85, 12 0.9. 0.85 keeps a margin above the highest crisis.
OFF_TOPIC_QUIET = 0.85


@dataclass(frozen=True)
class Assessment:
    """What the check found. `score`: the mean of the whole message's crisis probability and the best part's."""

    tier: CrisisTier | None
    kind: CrisisKind | None
    score: float
    language: str  # the language of the help text (the message's own when there is a text for it)
    rule: str | None = None  # the word-rule group that matched, if any

    @property
    def text(self) -> str:
        """The Markdown to show: the full help message (certain) or the one-line pointer (unsure); '' for none."""
        return self.text_for(formal=False)

    def text_for(self, formal: bool) -> str:
        """:attr:`text`, with the line's "u" form for a writer answered with "u" (`formal`; see :func:`help_text`)."""
        if self.tier is None or self.kind is None:
            return ""
        return help_text(self.kind, self.tier, self.language, formal)

    def calmer(self, everyday: bool) -> Assessment:
        """For a message that tells an everyday neighbourhood story (`everyday`), the model alone (no word rule) is
        read one tier lower: certain becomes the line under the answer instead of the help text on top, unsure no
        line. Every advisor found a help text opening an answer to an ordinary story harmful ("Denk je aan
        zelfmoord…" for a sister asking about family decisions) and lines under worried stories ("vader is ziek,
        schulden") out of place; a word rule keeps its tier. The measurement is at `retrieve/situations.py`
        (EVERYDAY). The same for a short message asking the assistant to make something up
        (:func:`assistant.answer.tricks.asks_to_invent`: "Make up a phone number …, I don't care if it's real" got 113
        first, intent dev_blind42)."""
        if not everyday or self.rule is not None or self.tier is None:
            return self
        if self.tier == "certain":
            return replace(self, tier="unsure")
        return replace(self, tier=None, kind=None)

    def off_topic(self, out_of_scope: float) -> Assessment:
        """No line for an unsure reading of the model alone (no word rule) of a message the intent step is sure is
        off-topic (`out_of_scope` ≥ :data:`OFF_TOPIC_QUIET`): the message gets the refusal it would have had."""
        if self.tier != "unsure" or self.rule is not None or out_of_scope < OFF_TOPIC_QUIET:
            return self
        return replace(self, tier=None, kind=None)

    def marked(self, answer: Answer) -> Answer:
        """`answer` with what the check found: its kind and tier, and the crisis intent when certain."""
        if self.tier is None:
            return answer
        intent = "crisis" if self.tier == "certain" else answer.intent
        return replace(answer, intent=intent, crisis=self.kind, crisis_tier=self.tier)


@cache
def _texts() -> dict[str, dict[str, dict[str, str]]]:
    raw = safety_yaml()
    out = {
        part: {str(k): {str(lang): str(t) for lang, t in per.items()} for k, per in raw.get(part, {}).items()}
        for part in ("messages", "lines", "lines_formal")
    }
    for part, by_kind in out.items():
        if part == "lines_formal":  # only where the line says "je"
            continue
        for kind in CRISIS_LABELS:
            if DEFAULT_LANGUAGE not in by_kind.get(kind, {}) or FALLBACK_LINE_LANGUAGE not in out["lines"][kind]:
                raise ValueError(f"safety.yaml: {part}.{kind} needs at least 'nl' and 'en'")
    return out


def all_help_texts() -> tuple[str, ...]:
    """Every help text, for the answer checks: numbers and links in these are not invented."""
    return tuple(text for by_kind in _texts().values() for per in by_kind.values() for text in per.values())


@cache
def help_languages() -> tuple[str, ...]:
    """Languages with a help text for every kind, in the YAML's order."""
    texts = _texts()
    langs = [lang for lang in texts["messages"][CRISIS_LABELS[0]]]
    return tuple(x for x in langs if all(x in texts[p][k] for p in ("messages", "lines") for k in CRISIS_LABELS))


def help_text(kind: CrisisKind, tier: CrisisTier, language: str, formal: bool = False) -> str:
    """The help text of `kind` in `language`; another language gets the Dutch text with the English line. The line
    under an answer given with "u" (`formal`) says "u" too where the YAML has that form (`lines_formal`): blind 39's
    advisor found "Zit je zelf ergens mee" under an answer to an 81-year-old addressed as "u". The help message on
    top keeps 113's own "je"."""
    if formal and tier == "unsure" and language in (own := _texts()["lines_formal"].get(kind, {})):
        return own[language]
    texts = _texts()["messages" if tier == "certain" else "lines"][kind]
    if language in texts:
        return texts[language]
    return f"{texts[DEFAULT_LANGUAGE]}\n\n{_texts()['lines'][kind][FALLBACK_LINE_LANGUAGE]}"


class CrisisDetector:
    """Word rules + learned model. Cheap to build; the model loads on first use (or `warm_up()`)."""

    def __init__(
        self,
        embedder: Embedder | None = None,
        model: CrisisModel | None = None,
        thresholds: dict[str, float] | None = None,
    ) -> None:
        self.embedder = embedder
        self._model = model
        self._load = model is None
        self._thresholds = thresholds

    @property
    def model(self) -> CrisisModel | None:
        if self._load:
            self._model, self._load = CrisisModel.load(), False
        return self._model

    def warm_up(self) -> None:
        _ = self.model

    @property
    def thresholds(self) -> dict[str, float]:
        if self._thresholds is not None:
            return self._thresholds
        fitted = self.model.meta.get("thresholds") if self.model is not None else None
        return dict(fitted) if isinstance(fitted, dict) else dict(DEFAULT_THRESHOLDS)

    def _uses_vectors(self) -> bool:
        model = self.model
        return model is not None and self.embedder is not None and self.embedder.model_id == model.model_id

    def probabilities(
        self, text: str, vector: np.ndarray | None = None, embed: Callable[[str], np.ndarray] | None = None
    ) -> np.ndarray:
        """(parts, labels): the whole message first, then, for a longer one, its most suspect sentence or window
        when that passes the :data:`SENTENCE_GATE`.

        `embed`: how to embed one text (the retriever's cached `query_vector`, so a repeated question costs no
        model time); by default the detector's embedder."""
        model = self.model
        if model is None:
            return np.zeros((0, len(LABELS)))
        parts = sentences(text) if len(text.split()) >= PARTS_FROM_WORDS else []
        if parts:
            suspect = model.char_crisis(parts)
            parts = [parts[i] for i in np.argsort(-suspect, kind="stable")[:MAX_PARTS] if suspect[i] >= SENTENCE_GATE]
        texts = [text, *parts]
        vectors = None
        embedder = self.embedder
        if embedder is not None and self._uses_vectors():
            one = embed or (lambda t: embedder.embed_queries([t])[0])
            vectors = np.stack([vector if vector is not None else one(text), *(one(t) for t in texts[1:])])
        return model.probabilities(texts, vectors)

    def assess(
        self, text: str, vector: np.ndarray | None = None, embed: Callable[[str], np.ndarray] | None = None
    ) -> Assessment:
        """`vector`: the question's embedding when the caller has it (retrieval computes it anyway); `embed`: see
        :meth:`probabilities`.

        The score is the mean of the whole message's crisis probability and the best of it and its sentences:
        a sentence alone is weaker evidence than the whole message. On the dev split, at 3% false alarms, this
        caught 0.90 of the crises against 0.85 for the whole message alone and 0.82 for the plain maximum.
        """
        language = message_language(text)
        rule = matched_group(text)
        probs = self.probabilities(text, vector, embed)
        score, kind = 0.0, None
        if len(probs):
            crisis = 1.0 - probs[:, 0]
            best = int(np.argmax(crisis))
            score = float(crisis[0] + crisis[best]) / 2
            kind = CRISIS_LABELS[int(np.argmax(probs[best, 1:]))]
        limits = self.thresholds
        tier: CrisisTier | None = None
        if score >= limits["certain"] or (
            rule is not None and rule_tier(rule) == "certain" and score >= limits["unsure"]
        ):
            tier = "certain"
        elif score >= limits["unsure"] or rule is not None:
            # a rule alone always shows a help line; the top of the answer needs the model to agree (the rules'
            # own false alarms on dev look-alikes, "die toets gaat me vermoorden", were 1.6% by themselves)
            tier = "unsure"
        if rule is not None and (kind is None or score < limits["unsure"] or rule == "suicide_self"):
            # the rules know who is speaking: "ik wil dood" is about the writer even when violence is mentioned
            kind = rule_kind(rule)
        return Assessment(tier, kind if tier else None, score, language, rule)
