"""The next step an answer gives for one approach: the editors' step for the writer's role
(`corpus/volgende-stap.md`), told to one whose own organisation runs it, a student's supervisor first, the writer's
own kind of organisation left out where it lists where to ask; else a template line.
"""

from __future__ import annotations

import re

from assistant.answer.bodies import runs_it
from assistant.answer.concerned import WITH_THEM
from assistant.answer.draft import WHERE, Draft
from assistant.answer.facts import asks_nearby
from assistant.answer.persona import near_relative, without_own
from assistant.types import ELSEWHERE, NEARBY_NOTE, NONE_NEAR, Approach

#: Uitvoerders that are residents first ("een bewonersgroep in samenwerking met de gemeente", "bewoners, ondersteund
#: door …"): anyone can start the approach. Not residents among others (Studio BRUIS: trained professionals and a
#: "Bruisteam (bestaande uit bewoners …)").
_RESIDENTS = re.compile(r"^(een )?(bewoners|inwoners|bewonersgroep)\b")


#: The roles of a group of residents (:func:`~assistant.answer.persona.resident_group`) that still get the group's
#: step, where they say no workplace of their own: the role bank labels a wijkraad or huurdersvereniging that would
#: run something a professional, and the role model read 68 of everyday dev's 132 such long and chat messages as a
#: professional or commissioner. So they got the provider's step ("begin met werven" under Futsal Chabbab to a
#: bewonerscommissie, "as if they were the executor", advisors 75 a/b) or the commissioner's ("leg de spelregels vast
#: in een modelverordening" to a wijkraad: "only the gemeente and gemeenteraad can do that"). The editors' group step
#: says what a group does with it, whether it can run it itself or not.
GROUP_AS_ORGANISER = ("professional", "opdrachtgever")


#: A professional who would set up an approach that the editors say a resident may not find nearby (it has a "geen"
#: line, :data:`~assistant.types.NONE_NEAR`) is first told to find out whether it already runs in the municipality, to
#: join in or refer people ("exists_first"; advisors 83 b: a housing corporation "told to set up Buurtbemiddeling from
#: scratch instead of first checking for the existing local service"). 223 of 1,500 dev answers change. A helper
#: briefed as a Movisie advisor compared 20 (of 263, with ABCD), blind to which was which: next step and overall
#: better 15, worse 4 (clarity worse 4, the same 16); 2 of the 15 were decided by a longer Buurtreminiscentie step a
#: first cut showed by mistake (mended). The 4 were all ABCD-methode: a way of working "you don't join or sign up
#: for", told to a wethouder, an opbouwwerker and a buurthuis coordinator who would apply it; left out here. Since
#: advisors 89 a/b ("'mensen aanmelden' does not fit PBS", Wijktheater, 3 of 50) it says join in only.
NOT_JOINED = frozenset({"ABCD-methode"})


def _going_on(step: str, language: str, name: str) -> str:
    """`step` going on after a lead-in's colon ("Zo niet:", "Zo ja:"): in small letters, but a name (advisors 86 a: a
    seam), in the languages whose lead-ins go on so (nl, en, es)."""
    first, _, rest = step.partition(" ")
    first = first.lower() if language in ("nl", "en", "es") and first not in name.split() else first
    return f"{first} {rest}"


def next_step(d: Draft, a: Approach) -> str:
    """The answer's "Volgende stap" line for `a` (see the module's docstring)."""
    t = d.t
    if d.council and "council_step" in t:  # no executive: neither the commissioner's step nor "your organisation"
        return f"- {t['label_next_step']}: {t['council_step'].format(name=a.name)}"
    # the editors' next step for this role (in the "u" register for a writer who says "u", else the template's);
    # a writer who would set it up and whose kind of organisation the Uitvoerders name is told so (bodies.BODIES); not
    # one who points someone to it (everyday blind 17's and 18's advisors: a woonconsulent and a wijkagent who want
    # somewhere to send two neighbours "should refer, not set up an initiatiefgroep")
    # nor one who commissions it: a wethouder, a council member or a policy adviser has the editors' step for a
    # municipality, and "kijk binnen je organisatie of het er al is" read oddly to them and for a handbook (everyday
    # blind 21's advisor, 3 of 25 answers)
    own = runs_it(d.body, a.uitvoerders) and d.role not in ("verwijzer", "opdrachtgever")
    works_there = runs_it(d.works_at, a.uitvoerders)  # whatever they would do with it
    # one who refers and whose own kind of organisation the Uitvoerders name is told to ask there first (advisors 54
    # a/b: a wijkconsulent of a corporation, "usually a partner in Buurtbemiddeling", sent elsewhere)
    partner = d.role == "verwijzer" and works_there
    note = t["own_organisation"] if own else t["own_referrer"] if partner else ""
    # a group that already exists is not told to find people first (advisors 52 a/b: "wij zijn een groepje ouders"
    # told "Zoek een paar ouders"); without the editors' line for it, the initiators' step
    resident = d.role == "bewoner"
    # nor is a group of residents that would run or commission it told the provider's or the municipality's step
    # (GROUP_AS_ORGANISER)
    group = d.group and (resident or (d.role in GROUP_AS_ORGANISER and not d.works_at and not d.intern))
    roles = (("groep",) if group else ()) + (("initiatiefnemer",) if d.starter and resident else ())
    # one who works at the municipality or a housing corporation, where the Uitvoerders do not name it, commissions it
    # (see commissions): the editors' step for a commissioner (advisors 72 a/b: "Ik werk bij de gemeente …" told
    # "vraag zo'n organisatie … en help mee met werven" under Futsal Chabbab, "should be about commissioning or
    # funding a provider")
    role = "opdrachtgever" if d.role == "professional" and commissions(d.works_at, a) and not works_there else d.role
    steps_for = ((r, a.step_text(r, d.language, d.formal)) for r in (*roles, role, "professional"))
    chosen, step = next(((r, text) for r, text in steps_for if text), ("", ""))
    if chosen == "professional" and d.knows_people:  # not "begin met het werven" to a mosque that has the group
        step = with_known_people(step, d.formal)
    if chosen == "professional" and d.intern:  # their supervisor first; "Werk je niet bij zo'n organisatie" is moot
        step = f"{t['intern_step'].format(name=a.name)} {step}"
    elif chosen == "professional" and not own and not works_there:
        # "Werk je niet bij zo'n organisatie …": not to one who does, whether or not they would set it up (advisors 54
        # a/b: "Werk je niet bij de gemeente" to a wijkmanager)
        elsewhere = a.step_text(ELSEWHERE, d.language, d.formal)
        step = (d.works_at and asks_them(step, elsewhere)) or f"{step} {elsewhere}".strip()
    elif d.supporter and d.role == "bewoner" and not d.intern:  # a professional they see first (persona.supporter)
        owner, word = d.supporter
        mine = ("uw" if d.formal else "je") if owner == "mijn" else "jullie" if owner == "onze" else owner
        who = f"{mine} {word}"
        step = f"{t['supporter_step'].format(name=a.name, who=who)} {step}"
    offer = a.step_text(NONE_NEAR, "nl") and a.name not in NOT_JOINED  # it may already run nearby: look first
    if chosen == "professional" and step and offer and not own and not d.intern:
        step = f"{t['exists_first'].format(name=a.name)} {_going_on(step, d.language, a.name)}"
    if d.concerned and chosen == "bewoner" and step and a.name in WITH_THEM and "concerned_step_he" in t:
        who, pronoun = d.concerned  # the one it is for first: theirs to want (concerned.py)
        lead = t[f"concerned_step_{pronoun}"].format(who=who)
        if lead.partition("? ")[0] + "?" not in d.said:  # under the first approach only: d.once would leave the
            # second its "Zo ja:" alone (advisors 87 a: "a dangling 'If so:'")
            step = f"{lead} {_going_on(step, d.language, a.name)}"
    if chosen == "bewoner" and d.we and d.tone != "verdriet":
        # and, to residents who speak as a "we", what to do when it is not offered nearby (types.NONE_NEAR): a helper
        # briefed as a Movisie advisor compared 24 dev answers (dev_blind59) with and without it, blind to which was
        # which: better 19, worse 5 (lonely and sad writers: "not their job"); advisors 61 a/b then found it
        # "unrealistic" for a father out of work, a sister, a woman of 71 (7 and 6 of 25), none of whom says "we"
        step = f"{step} {a.step_text(NONE_NEAR, d.language, d.formal)}".strip()
    step = d.once(without_own(f"{note} {step}".strip(), d.works_at)) if step else ""
    if step:  # near the relative the message is about, not the writer (persona.relative)
        return near_relative(f"- {t['label_next_step']}: {step}", d.relative)
    starts = own and a.url and a.category != "handreiking"
    line = t["next_step_start" if starts else _next_step(d, a)].format(name=a.name, where=where(a))
    return near_relative(f"- {line} {d.once(note)}" if note else f"- {line}", d.relative)


#: The editors' step for one who runs it, when it names who does ("Futsal Chabbab wordt uitgevoerd door …; begin met
#: het werven …"), and their line for one who works elsewhere ("Werk je niet bij zo'n organisatie, vraag er dan een
#: om het samen met jou te starten …").
_RUN_BY = re.compile(r"^(?P<who>[^;.]+ wordt (?:uitgevoerd|gegeven) door [^;]+); begin met")
_IF_ELSEWHERE = re.compile(r"^(?:Werk je|Werkt u) niet bij zo'n organisatie, vraag er dan een (?P<rest>.+)$")


#: Where the editors' step for one who runs it starts by finding the people (Buurtcirkel, Futsal Chabbab, GoldenSports,
#: Buurtreminiscentie): to a writer who already knows them (:func:`~assistant.answer.persona.knows_people`), the same
#: start with those people (see :func:`with_known_people`). 20 of 1,500 dev answers change; a helper briefed as a
#: Movisie advisor compared all 20, blind to which was which: next step and overall better 19, worse 1 (five regulars
#: of a buurthuis, where the writer wants to reach others); clarity worse 16 for two wordings since changed ("…
#: samenkomt, met de mensen die je al kent" read as if the group met with them; "een vaste groep uit de mensen").
_RECRUITS = (
    (
        re.compile(r"begin met het werven (?:en inschrijven )?van (?P<who>[^.;]+)"),
        "begin met de mensen die {you} al kent ({who})",
    ),
    (
        re.compile(r"begin met het vormen van (?P<who>een groep [^.;]+)"),
        "begin met de mensen die {you} al kent: vorm met hen {who}",
    ),
    (re.compile(r"begin met een vaste groep,"), "begin met een vaste groep van mensen die {you} al kent,"),
)


def with_known_people(step: str, formal: bool) -> str:
    """`step` (Dutch) with its start of finding the people (:data:`_RECRUITS`) made one with the people the writer
    already knows: "begin met het werven van senioren vanaf 65 jaar die thuis wonen" → "begin met de mensen die je al
    kent (senioren vanaf 65 jaar die thuis wonen)"."""
    you = "u" if formal else "je"
    for pattern, start in _RECRUITS:
        if m := pattern.search(step):
            step = step[: m.start()] + start.format(you=you, **m.groupdict()) + step[m.end() :]
    return step


#: An editors' commissioner step written for a municipality only ("als gemeente kun je dit ook zelf doen", "Volgens
#: het overzicht voert de gemeente het vouchersysteem uit"), and a guide's kind (read and used by anyone).
_MUNICIPAL_STEP = re.compile(r"\bals gemeente\b|\bvoert de gemeente\b")
_GUIDE = re.compile(r"handreiking|handboek|gids")


def commissions(works_at: str | None, a: Approach) -> bool:
    """One who works at `works_at`, an organisation the Uitvoerders of `a` do not name, would commission `a` rather
    than run it: the municipality; and a housing corporation where the professional's step would have it run `a`
    itself (it does not name who runs it to ask them, :func:`asks_them`), `a` is no guide and the editors'
    commissioner step is not written for a municipality alone. Advisors 72 and 73 a/b: a corporation told "doe het
    zelf als getrainde lokale sociaal professional" (Studio BRUIS) or "vraag zo'n organisatie om het samen met jou te
    starten", "does not use the corporation's role as initiator or funder". A helper briefed as a Movisie advisor
    compared 24 of the 96 dev answers to corporations that the commissioner's step changed for any approach, blind to
    which was which: next step better 16, worse 8. Of the 8, 4 were a guide ("Neem zelf het initiatief" was more
    concrete) and 3 a step that named who runs it and asked them ("samen met jou" fits a corporation), both left out
    now; the eighth, a writer read as a corporation's professional whom the advisor took for a resident (Community
    Organising), still changes."""
    if works_at == "gemeente":
        return True
    if works_at != "corporatie" or _GUIDE.search(a.kind):
        return False
    professional, elsewhere = a.step_text("professional", "nl"), a.step_text(ELSEWHERE, "nl")
    return not asks_them(professional, elsewhere) and not _MUNICIPAL_STEP.search(a.step_text("opdrachtgever", "nl"))


def asks_them(step: str, elsewhere: str) -> str:
    """For a professional whose organisation is known and not among the Uitvoerders (a school director about Futsal
    Chabbab): who runs it, then ask them, in place of "begin met het werven …" and an "if you do not work there"
    (advisors 65 a/b: "told to start recruiting as if he ran the programme"); '' where the editors' lines do not
    read so."""
    run_by, ask = _RUN_BY.match(step), _IF_ELSEWHERE.match(elsewhere)
    if not (run_by and ask) or re.search(r"\bprofessionals\b", run_by["who"]):  # ("enthousiaste professionals")
        return ""
    return f"{run_by['who']}. Vraag zo'n organisatie {ask['rest']}"


def nearby_note(d: Draft, a: Approach) -> str:
    """What the answer's first line closes with when the writer asked whether `a` is somewhere near
    (:func:`~assistant.answer.facts.asks_nearby`): that the overview names no local offer (the template's line), or
    the editors' own line for `a` (:data:`~assistant.types.NEARBY_NOTE`: where a training is given, the one Eigen
    Kracht Centrale); nothing for a guide, which one uses oneself, as its step says (on 1,500 dev answers, "zijn er
    handige stappen ergens?" got "Of er een bij jou in de buurt is" under 7 bouwstenen twice)."""
    if _GUIDE.search(a.kind):
        return ""
    return near_relative(a.step_text(NEARBY_NOTE, d.language, d.formal) or d.t["not_local"], d.relative)


def local_note(d: Draft, a: Approach, question: str, yes: bool) -> str:
    """The first line's close on whether `a` is near (:func:`nearby_note`): where the writer asks so
    (:func:`~assistant.answer.facts.asks_nearby`), and where a resident who would take part asks whether such a thing
    exists (`yes`, the answer's plain yes: "bestaat zoiets?", "is er een plek …?"). Advisors 87 a: four such answers
    did not say that the overview cannot tell whether it runs locally (6 of 25 unanswered direct questions). 85 of
    500 dev long and chat answers change; a helper briefed as a Movisie advisor compared 24, blind to which was which:
    overall better 24, worse 0 (clarity better 18, the same 6: "without it, a 'Ja' reads like a promise that there
    is one nearby")."""
    joins = d.role == "bewoner" and not d.starter
    return nearby_note(d, a) if asks_nearby(question) or (yes and joins) else ""


def where(a: Approach) -> str:
    """Where a resident asks for `a`: the kinds of organisation its Uitvoerders names, in its order, at most three
    ("de gemeente, de woningcorporatie of een welzijnsorganisatie"); '' when it names none."""
    text = a.uitvoerders.casefold()
    found = sorted((m.start(), label) for pattern, label in WHERE if (m := pattern.search(text)))
    places = [label for _, label in found][:3]
    return ", ".join(places[:-1]) + (" of " if len(places) > 1 else "") + places[-1] if places else ""


def _next_step(d: Draft, a: Approach) -> str:
    """A guide is read; an approach is started by a writer who would run it, or by anyone when its Uitvoerders are
    residents themselves (Right to challenge: "een bewonersgroep in samenwerking met de gemeente"), and otherwise
    asked for. The first two point at the link below, so they need one."""
    if a.url and a.category == "handreiking":
        return "next_step_guide"
    run_by_residents = bool(_RESIDENTS.match(a.uitvoerders.casefold()))
    if a.url and (d.organiser or run_by_residents):
        return "next_step_start"
    return "next_step_where" if d.language == "nl" and where(a) else "next_step"
