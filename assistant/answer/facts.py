"""Finding the sentences that answer a question about one approach: in its fields, its footnotes and its linked
page. Units score by shared content words (the approach's own name does not count), plus a prior for the field the
question asks about and, for "how many / how often / age" questions, for units with a number."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from assistant.answer.draft import Draft, units
from assistant.answer.echo import statements
from assistant.retrieve.lexical import Tokenizer
from assistant.text import fold
from assistant.types import Approach, Chunk

FACT_FIELDS = ("omschrijving", "doelgroep", "uitvoerders", "doel", "vorm")
WHY_FIELDS = ("doelgroep", "doel")  # who it is for and what it aims at: why it fits
#: An Uitvoerders field shorter than this is quoted whole (all 21 are: the longest has 285 characters); its first
#: sentence alone was often vague to the advisor.
WHOLE_WHO = 300
#: A fact question gets this many units, best first. On everyday dev's 82 fact questions (the expected piece quoted,
#: units alone): the best and a second scoring ≥ 1 → 0.707; the best two → 0.768; the best three → 0.927 (the piece
#: is often the asked field's next sentence, which shares no word with the question but has the field's prior). Stop
#: 54, on everyday dev's 1,343 fact questions (blind 60 had 0.833, under the goal of 0.85): three 0.908, four 0.934
#: (answers 593 → 733 characters): "wie doen de gesprekken bij buurtbemiddeling" quoted who initiates it, not the two
#: trained volunteers of its Omschrijving.
FACT_UNITS = 4
#: A general section's sentence in the passage retrieval matched best counts this much more (a shared rare word
#: weighs 0.2–1). On everyday dev's 121 general questions, facts found: 0 → 90, 0.25 → 92, 0.5 → 93, 1 and 3 → 92.
FOCUS_BONUS = 0.5
#: A Doelgroep or Doel this short is quoted whole as "why it fits": GoldenSports' 190 characters, "… senioren vanaf
#: 65 jaar die thuis wonen. Dit kunnen zowel kwetsbare senioren zijn, die weinig bewegen en/of sociaal geïsoleerd
#: zijn …", whose second sentence the issue and the advisor of blind 4 missed. 8 of the 42 fields are longer.
#: (Choosing the sentence by meaning instead, by cosine with the 53 units' vectors, still picked the first one here.)
WHOLE_WHY = 220
#: A fact question's units of the overview's fields and footnotes get this, plus their nearness by meaning
#: (:data:`assistant.answer.why.FACT_WEIGHT` per unit of cosine, relative to the nearest): a question in Arabic or
#: Polish shares no Dutch word with any unit and got the approach's first sentences; the nearest by meaning now wins.
#: On everyday dev's 818 fact questions, the fact quoted: 0.886 → 0.918 (Dutch 0.903 → 0.926, others 0.819 → 0.886)
#: for any bonus from 0.2 to 2 and weight from 1 to 5; weight 7 0.914, 10 0.908, 20 0.894; bonus 0 lowers it.
NEAR_BONUS = 0.5
#: What the first sentence of an Omschrijving (it says what the approach is) counts more, by meaning, when one of its
#: sentences is quoted (:meth:`FactFinder.reasons`, with :data:`~assistant.answer.why.HOW_WEIGHT`). A helper briefed as
#: a Movisie advisor chose, for 150 short dev messages (everyday dev, at most 30 words) and their approach, the
#: Omschrijving sentence it would quote (`eval/why/how_dev.jsonl`, brief `eval/briefs/how_quote.md`). Best /
#: acceptable: shared words only (the first sentence when none is shared, as before) 0.480 / 0.980; weight 10 and
#: 0.2 here 0.560 / 0.993 (weights 5–30 and 0–0.5 tried). Chosen on either half of the items, the same pair; on the
#: other half 0.493 → 0.587 and 0.467 → 0.533.
HOW_FIRST = 0.2
#: A sentence that says only where it is carried out ("de aanpak wordt op lokaal niveau uitgevoerd, vaak in een
#: wijk in Nederland", "… in de buitenruimte, meestal op een plein"): advisors 50 read both as a why that "explains
#: nothing" (3 of 25 answers). On the labelled link sets (`eval/why/`), the approach's sentence acceptable 0.950 →
#: 0.956 and 0.942 as before; both sentences acceptable 0.637 → 0.644 and 0.892 as before.
SETTING = re.compile(r"^de aanpak wordt (?:\w+ ){0,3}uitgevoerd\b", re.I)
#: A sentence that tells a later step of the way it works ("Tot slot wordt het plan uitgevoerd door de gemeente en
#: inwoners."): advisors 74 a/b read it under "Kan dat zomaar?" as "a non sequitur". Three such sentences; on the
#: labelled link sets (`eval/why/`, 280 stories) the link chose one 4 times; without them the approach's sentence best
#: / acceptable 0.468 / 0.961 → 0.475 / 0.964, both sentences acceptable 0.761 → 0.764.
LATER_STEP = re.compile(r"^(tot slot|ten slotte|vervolgens|daarna|als laatste|uiteindelijk)\b", re.I)
#: Neither is quoted as how it works under a short message, where one sentence of the Omschrijving is: of the 150
#: short dev messages an advisor labelled (`eval/why/how_dev.jsonl`), 21 had such a sentence to choose from and the
#: advisor never chose one as best, while it was quoted for 17 ("de aanpak wordt uitgevoerd in de buitenruimte,
#: meestal op een plein" to "pleintje is van de grote jongens …": advisors 86 a, "vague"). Left out, best 0.560 as
#: before, acceptable 0.993 → 1.000.


def where_or_later(unit: str) -> bool:
    """Only where it is carried out, or a later step (:data:`SETTING`, :data:`LATER_STEP`)."""
    return bool(SETTING.match(unit) or LATER_STEP.match(unit))


FIELD_PRIOR = {"voetnoot": 2.0}  # 'waar staat PBS voor' can only be answered by the footnote; others weigh 0.75
_QUANTITY = re.compile(r"\b(hoeveel|hoe (groot|vaak|lang|oud)|leeftijd\w*|how (many|often|big|old|long)|ages?)\b", re.I)
#: The writer asks how to go about it ("hoe pak je dat aan", "hoe begin ik", "how do we start", "¿cómo …?"): the best
#: approach's Omschrijving (its steps) is quoted whole, also to a short chat message and to a writer in another
#: language. The advisor of everyday blind 11 found "how it works" missing or cut short where it was the core of the
#: question (6 of 25 answers: "she asked *how* to organise, and the steps are left out").
_HOW = re.compile(
    r"\b(hoe (pak|pakken|begin|beginnen|start|starten|organiseer|organiseren|zet|zetten|werkt|gaat|doe|doen|moet"
    r"|moeten|kan ik|kunnen we|kunnen wij|krijg|krijgen|regel|regelen|aanpakken)|stappen|stap voor stap"
    r"|how (do|does|can|should|would|to)|steps?|step by step|pasos|nasi?l|adi?m"
    r"|como (se|lo|podemos|puedo|empez|organiz|funciona|hacer)"
    r"|jak (to|mamy|mozemy|moge|zaczac|zorganizowac|sie|dziala|dzia)|krok)\b"
)
_HOW_OTHER_SCRIPT = re.compile(r"كيف|خطوات|\bяк (ми|я|можна|це|організ|почати|працює|нам)|\bкрок")
_NUMBERISH = re.compile(r"\d|\b(één|een of twee|twee|drie|vier|vijf|wekelijks|per week|per jaar)\b", re.I)


def asks_how(question: str) -> bool:
    """The message asks how to go about it (see :data:`_HOW`)."""
    return bool(_HOW.search(fold(question)) or _HOW_OTHER_SCRIPT.search(question.casefold()))


#: An Omschrijving that opens by announcing its steps, phases or tracks ("de aanpak bestaat uit vijf concrete
#: stappen."): one sentence of it leaves the others out. The advisor of everyday blind 17 found "Hoe het werkt" cut
#: to the third of Right to challenge's five steps under a short chat message.
_ANNOUNCES_STEPS = re.compile(r"\b(stappen|fasen|fases|sporen|onderdelen)\b")


def announces_steps(omschrijving: str) -> bool:
    """The Omschrijving's first sentence announces steps or phases: it is quoted whole or not at all."""
    first = units(omschrijving)[:1]
    return bool(first and _ANNOUNCES_STEPS.search(first[0].casefold()))


#: The message's question asks whether something exists ("Bestaat er zoiets?", "Is er een aanpak die …?", "Is there
#: a proven way …?", "¿Hay algo así?"): the answer opens with a plain yes (template ``yes``) before naming the
#: approach. The advisor of everyday blind 19 missed a direct "ja" in 4 of 25 answers ("ja-of-nee-vragen krijgen
#: geen direct antwoord"). A question about money, a permit or an address, or whether it is near ("in de buurt", "in
#: onze wijk", "hier"), gets no yes: the overview names no local offer and no funding. Of everyday dev's 2,554
#: approach-seeking messages, 570 ask so.
_WHETHER = re.compile(
    r"^(en |maar |dus |of )?(is er|zijn er|bestaat er|bestaan er|is daar|zijn daar|bestaat daar|bestaat (zoiets|dat)"
    r"|heeft (de )?wijkwijzer|hebben jullie|ken je|kent u|weet je|weet iemand|is there|are there|do you know"
    r"|does wijkwijzer|czy (jest|sa|istnieje|istnieja|znacie|znasz)|hay|existe|conoces)\b|\bvar mi$"
)
_WHETHER_OTHER_SCRIPT = re.compile(r"^(чи (є|існує|знаєте)|هل (هناك|يوجد|توجد|تعرف))")
#: A bare "Kan dat?", "Mag dat gewoon?", "Is dat mogelijk?" after the wish it asks about ("We willen zelf een plan
#: maken. Kan dat?"): whether it can be done is a yes/no question too. Three advisors of dev_blind39's 25 answers
#: marked "mag dat gewoon?" and "kan dat?" left without a plain yes (2 of 25 each); of everyday dev's long and chat
#: messages, 34 more end so, each after a wish an approach answers (12 read).
#: Not "kan dat zomaar?", "mag dat zomaar?": "just like that" asks whether it needs no one's consent, and the
#: approaches that answer it (Right to challenge, the vouchersysteem) go through the municipality (advisors 74 a/b:
#: "the opening 'Ja' wrongly answers 'Kan dat zomaar?'"; 16 of everyday and intent dev's messages ask so).
_CAN = re.compile(
    r"^(en |maar |dus |of )?(kan|mag|kunnen|mogen) (dat|dit|zoiets|het|dat nou|wij dat|we dat|wij dit|we dit|je dat"
    r"|ik dat|ik dit)( (wel|gewoon|ook|eigenlijk|echt|nou|nog))*( zelf)?( (doen|regelen|overnemen|organiseren"
    r"|starten|opzetten|aanvragen))?$|^(is|zou) (dat|dit|zoiets) (wel |eigenlijk |ook )?(mogelijk|toegestaan|kunnen"
    r"|mogen)( zijn)?$|^(can|may) (we|i) (do that|do this|do it)$|^is (that|this) (possible|allowed)$"
    # "kan dat ergens?", "se puede hacer eso??", "czy to możliwe?" (advisors 54 a/b: no plain yes to two of them)
    r"|^(kan|mag) dat ergens$|^se puede( hacer)?( eso| esto| algo asi)?$|^czy to (jest )?mozliwe$|^bu mumkun mu$"
)
_NOT_YES = re.compile(
    r"\b(subsidie|geld|budget|vergoeding|kosten|kost|betalen|gratis|vergunning|adres|telefoonnummer|in de buurt"
    r"|hier|bij ons|bij mij|in (mijn|onze) (stad|gemeente|dorp)|money|funding|grant|cost|free|near|nearby|around here"
    r"|in my area|in our (area|town|city)|dinero|cerca|aqui|en el barrio|w okolicy|w poblizu|blisko|pieniadze"
    r"|yakin|burada|parasi|ucret|mahallede|mahallemizde|in (de|onze|mijn|mn|ons) (wijk|dorp|straat)"
    r"|in (the|our|my) (neighbou?rhood|area|street)|w (naszej |mojej )?dzielnicy|en (mi|nuestro) barrio)\b"
)
_NOT_YES_OTHER_SCRIPT = re.compile(r"поруч|\bтут\b|гроші|в (нашому )?районі|قريب|\bهنا\b|في (ال)?حي|\bمال\b")


#: Nearness in a question: whether something is near the writer ("is there anything nearby", "in de buurt").
_NEAR = re.compile(
    r"\b(in de buurt|bij (ons|mij|jou) in de (buurt|wijk)|hier|in (mijn|onze|de|ons|mn) (stad|gemeente|dorp|wijk"
    r"|straat)|near( me| us)?|nearby|around here|in (my|our|the) (area|town|city|neighbou?rhood)|cerca|aqui"
    r"|en (el|mi|nuestro) barrio|w okolicy|w poblizu|blisko|w (naszej |mojej )?dzielnicy|yakin(da|imda|lar)?\w*"
    r"|burada|mahalle(de|mizde))\b"
)
_NEAR_OTHER_SCRIPT = re.compile(r"поруч|\bтут\b|в (нашому )?районі|قريب|\bهنا\b|في (ال)?حي")


#: A question where to find it ("Maar waar kan dat?", "kan ze ergens samen eten?", "where can she go?").
_WHERE = re.compile(
    r"^(en |maar |dus )?waar (kan|kun|kunnen|moet|moeten) (ik|we|wij|je|ze|zij|hij|men)( \w+){0,3}"
    r" (naartoe|heen|terecht)$|^(en |maar |dus )?waar (kan|kun) dat$|\bergens\b(?! (bij|mee)\b)"
    r"|^(en |maar |dus )?waar( dan| ergens| precies)?$"  # a bare "waar?" (advisors 67 a/b: unanswered; none on dev)
    r"|^(and |but )?where (can|could|should) (i|we|she|he|they)"
    r"( \w+){0,3} go$|^gdzie\b|^d[oó]nde\b"
)
_WHERE_OTHER_SCRIPT = re.compile(r"^(¿)?де\s|^أين")


def asks_nearby(question: str) -> bool:
    """The message's last question asks whether such a thing is near the writer ("Is there anything nearby where
    older people get moving together?") or where to find it ("Maar waar kan dat?", :data:`_WHERE`): the overview
    names no local offer, and the answer says so (advisors 54 a/b: "'nearby?' never gets the honest note that the
    overview can't say what is local", 2 of 25; advisors 55: "'where can I find it?' goes unanswered", 7 of 25).
    Nearness counts in a yes/no question only: with "what is there near …" too, 735 of everyday and intent dev's
    25,756 messages matched, many asking for contact "in de buurt" rather than for a place; as here, 530, and with
    the where-questions 802 of 25,910. A chat message that asks without a question mark ("kun je ergens samen eten
    in de buurt": advisors 77 a/b, the widower not told the overview names no local Resto) is read by its last
    sentence, as :func:`asks_whether` reads it: 159 more of everyday and intent dev's 33,145 messages, nearly all
    such questions; "ergens bij past" and "ergens mee helpen" are no place."""
    parts = statements(question)
    asked = [s for s, asks in parts if asks] or [s for s, _ in parts[-1:]]
    last = asked[-1].casefold() if asked else ""
    folded = fold(last)
    if _WHERE.search(folded) or _WHERE_OTHER_SCRIPT.search(last):  # where to find it
        return True
    if not last or not (_NEAR.search(folded) or _NEAR_OTHER_SCRIPT.search(last)):
        return False
    return _yes_or_no(last, (folded,))


def asks_whether(question: str, tail: bool = False) -> bool:
    """The message's last question (its last sentence when none ends in ?) asks whether something exists or can be
    done, and not about money, a permit, an address or nearness (see :data:`_WHETHER`, :data:`_CAN`). `tail`: or its
    last clause after a comma does ("… over opvoeding, kan dat ergens"; "…, se puede hacer eso??"; advisors 54 a/b:
    no plain yes to two such chat messages). Of the 25,756 messages of everyday and intent dev, 2,401 ask so, 156 more
    with `tail`, nearly all chat messages asking whether something exists; the others are factual or off-topic
    questions, which get no recommendation (and so no yes) anyway."""
    parts = statements(question)
    asked = [s for s, asks in parts if asks] or [s for s, _ in parts[-1:]]
    last = asked[-1].casefold() if asked else ""
    folded = fold(last)
    if _NOT_YES.search(folded) or _NOT_YES_OTHER_SCRIPT.search(last):
        return False
    return _yes_or_no(last, (folded, fold(last.rsplit(",", 1)[-1])) if tail else (folded,))


def _yes_or_no(last: str, clauses: Sequence[str]) -> bool:
    """`last`, a question (case-folded), asks whether something exists or can be done: one of its folded `clauses`
    by :data:`_WHETHER` or :data:`_CAN`, or the question in another script."""
    asks = any(_WHETHER.search(x) or _CAN.search(x) for x in clauses)
    return asks or bool(_WHETHER_OTHER_SCRIPT.search(last.lstrip("¿¡ ")))


class FactFinder:
    """The quotable units of each approach (the linked pages' chunks given once, at construction)."""

    def __init__(self, chunks: Sequence[Chunk], tokenize: Tokenizer | None = None) -> None:
        self.tokenize = tokenize or Tokenizer()
        self.pages = _page_chunks(chunks)
        self.frequency: Counter[str] = Counter()  # in how many of the overview's units a stem occurs
        for c in chunks:
            if c.kind in ("field", "general"):
                for u in units(c.text):
                    self.frequency.update(set(self.tokenize(u)))

    def best_unit(self, question: str, text: str, prefer_numbers: bool) -> str:
        return self.best_units(question, text, prefer_numbers, 1)[0]

    def best_units(
        self,
        question: str,
        text: str,
        prefer_numbers: bool,
        n: int,
        focus: str = "",
        near: dict[str, float] | None = None,
    ) -> list[str]:
        """The `n` units of `text` that share the most (rare) words with the question, in the text's order; a unit
        in `focus` (the passage retrieval matched best) gets :data:`FOCUS_BONUS`. A question in the source ("En hoe
        kun je werken aan …?") never answers one: it is quoted only when nothing else is there. `near`: per unit,
        how near the question it is by meaning (:mod:`assistant.answer.why`), added."""
        q = set(self.tokenize(question))
        near = near or {}
        focus = " ".join(focus.split())
        scored = []
        for i, u in enumerate(units(text)):
            overlap = self.shared(q, u)
            bonus = 1.5 if prefer_numbers and _NUMBERISH.search(u) else 0.0
            if focus and " ".join(u.split()) in focus:
                bonus += FOCUS_BONUS
            scored.append((not _asks(u), overlap + bonus + near.get(u, 0.0), -i, u))
        if not scored:
            return [text]
        best = sorted(scored, reverse=True)[:n]
        return [u for *_, u in sorted(best, key=lambda x: -x[2])]

    def shared(self, words: set[str], unit: str) -> float:
        """The question's (stemmed) `words` in `unit`, each weighted by :meth:`weight`."""
        return sum(self.weight(w) for w in words & set(self.tokenize(unit)))

    def weight(self, stem: str) -> float:
        """A shared word counts less the more of the overview's units have it ("leefbaarheid" is everywhere)."""
        return 1.0 / (1.0 + np.log1p(self.frequency.get(stem, 0)))

    def reasons(
        self,
        q: str,
        a: Approach,
        field_scores: dict[str, float],
        whole_how: bool = False,
        near: dict[str, float] | None = None,
        how_near: dict[str, float] | None = None,
    ) -> list[tuple[str, str]]:
        """Why `a` fits and how it works: the sentence of its Doelgroep or Doel sharing the most rare words with the
        message (the field retrieval matched best winning ties), then the sentence of its Omschrijving that does
        (its first, which says what the approach is, when none shares a word), or with `whole_how` all of it (the
        steps). The advisor ratings found "why" quoted only the target group, "hoe werkt dat" skipped (blind 2) and
        "it has five concrete steps" without the steps (blind 3) and the weaker line (blind 4, "senioren vanaf 65
        jaar die thuis wonen" for a lonely widow): a short Doelgroep or Doel is quoted whole (:data:`WHOLE_WHY`). A
        source question is never quoted. `near`: per Doel and Doelgroep sentence, how near the message it is by
        meaning (:mod:`assistant.answer.why`), added to its shared words. `how_near`: the same for the Omschrijving's
        sentences, where one is quoted (its first, which says what the approach is, gets :data:`HOW_FIRST`)."""
        how = units(a.omschrijving)
        near = {**(near or {}), **{u: v + HOW_FIRST * (u == how[0]) for u, v in (how_near or {}).items() if u in how}}
        q_words = set(self.tokenize(q))
        picked: list[tuple[str, str]] = []
        why_keys = sorted(WHY_FIELDS, key=lambda k: -field_scores.get(k, 0.0))
        groups = [why_keys] + ([] if whole_how else [["omschrijving"]])
        for keys in groups:
            scored = [
                (not _asks(u), keys is why_keys or not where_or_later(u), self.shared(q_words, u) + near.get(u, 0.0))
                + (-order, -i, key, u)
                for order, key in enumerate(keys)
                for i, u in enumerate(units(a.field(key)))
            ]
            if scored:
                key, unit = max(scored)[5:]
                whole = a.field(key)  # a short field is quoted whole: its other sentence is often the one that fits
                picked.append((key, whole if keys is why_keys and len(whole) <= WHOLE_WHY else unit))
        if whole_how and a.omschrijving:
            picked.append(("omschrijving", a.omschrijving))
        return picked

    def _words(self, text: str) -> tuple[set[str], set[str]]:
        """Stems, and 4-letter word prefixes as a weaker match where the stemmer splits a family (fase/fasen)."""
        words = [w for w in re.findall(r"\w\w+", fold(text)) if w not in self.tokenize.stop]
        return set(self.tokenize(text)), {w[:4] for w in words if len(w) >= 4}

    def units(
        self, q: str, a: Approach, key: str | None, near: dict[str, float] | None = None
    ) -> list[tuple[str, str, Chunk | None]]:
        """The :data:`FACT_UNITS` units of this approach (any field, a footnote, its page) that answer the question.

        Units score by shared content words (the approach's own name does not count), plus a prior for the
        field the question asks about and, for 'how many/how often/age' questions, for units with a number.
        Empty when nothing scores. `near`: per unit of the overview, how near the question it is by meaning
        (:mod:`assistant.answer.why`, ≤ 0), added with :data:`NEAR_BONUS`."""
        own = self._words(" ".join([a.name, *a.aliases]))
        stems, prefixes = (w - o for w, o in zip(self._words(q), own, strict=True))
        quantity = quantity_asked(q)
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
                if near and u in near and len(u.split()) > 2:  # not "interventiebeschrijving." (a Vorm)
                    score += NEAR_BONUS + near[u]
                score += (FIELD_PRIOR.get(k, 0.75) if k == key else 0.0) + (
                    0.5 if quantity and _NUMBERISH.search(u) else 0.0
                )
                scored.append((score, -(order * 100 + i), k, u, page))
        scored.sort(key=lambda x: (x[0], x[1]), reverse=True)  # the second is unique: ties never reach the rest
        if not scored or scored[0][0] <= 0:
            return []
        return [(k, u, page) for _, _, k, u, page in scored[:FACT_UNITS]]

    def row(self, d: Draft, a: Approach, k: str, unit: str, page: Chunk | None) -> str:
        if page is not None:
            return self._page_line(d, a, page, unit)
        whole = a.field(k) if k != "voetnoot" else unit
        snippet = whole if k == "uitvoerders" and len(whole) < WHOLE_WHO else unit  # who: the whole short field
        return d.field_line(a, k, snippet, 1.0)

    def _page_line(self, d: Draft, a: Approach, chunk: Chunk, snippet: str) -> str:
        """A quote from the approach's linked page: cited with the page's URL and heading."""
        heading = chunk.section if chunk.section != "pagina" else a.name
        return f"- {heading}: {d.quote(snippet)} {d.cite(a.name, heading, chunk.url, snippet, 1.0, 'approach')}"


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


def _asks(unit: str) -> bool:
    """A question the source asks itself ("En hoe kun je werken aan …?"): it never answers one."""
    return unit.rstrip().endswith("?")


def quantity_asked(question: str) -> bool:
    """'hoeveel', 'hoe vaak', 'leeftijd', 'how many' …: units with a number answer it best."""
    return bool(_QUANTITY.search(question))
