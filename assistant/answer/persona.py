"""Who the writer is beyond their role (:mod:`.roles`): a group of residents, a student on placement, a relative.

Patterns on the message, each a second signal beside the role model where it read a writer the advisors found
answered in the wrong voice; each was counted on everyday dev's long and chat messages, all of them read.
"""

from __future__ import annotations

import re

from assistant.answer.crisis_model import SENTENCE_END
from assistant.text import fold

#: A group of residents speaking for itself ("wij zijn een groepje buren", "wij zijn de bewonerscommissie", "onze
#: buurtvereniging wil …", "ons als bewonersgroep"), on folded text: residents who would start something themselves, so
#: a group's step or the initiators' (corpus/volgende-stap.md), not the professionals' "Help een bewonersgroep …"
#: (advisors 48 c/d, 2 of 25: "the writers are that group"), nor "Zoek een paar ouders" to a group that exists
#: (advisors 52 a/b). The role bank labels such writers residents. On everyday dev's 6,154 long and chat messages the
#: first form matched 24; with the kinds of group and "onze …" / "… als …", 59, all groups of residents (read; an
#: ondernemersvereniging is not one of them: entrepreneurs are not residents).
_GROUP = (
    r"groep(je)?|bewonersgroep|buurtgroep|werkgroep|actiegroep|bewonerscommissie|bewonersvereniging|buurtvereniging"
    r"|huurdersvereniging|speeltuinvereniging|buurtraad"
    r"|dorpsraad|wijkraad|bewonersraad"  # advisors 61 a/b: a dorpsraad told "vraag met een paar buren"
    # advisors 74 a/b: "We zijn een klein bewonersinitiatief" told to wait for the municipality (ABCD), "against their
    # own bottom-up wish" (no dev message says so: no other answer changes)
    r"|bewonersinitiatief|buurtinitiatief|initiatiefgroep"
)
#: Who a group of residents is made of ("een groepje buren", "met een paar moeders").
_MEMBERS = r"buren|bewoners|buurtgenoten|moeders|vaders|ouders"
_RESIDENT_GROUP = re.compile(
    rf"\b((wij|we) zijn (een |de )?(\w+ )?(bewonersgroep|bewonerscommissie|bewonersvereniging"
    rf"|groep(je)? (\w+ )?({_MEMBERS}))"
    # "Wij zijn met een groepje bewoners … al een jaar bezig" (advisors 56 a/b: told to ask whether one can come)
    rf"|(wij|we) zijn (al )?met (een |ons |z'n )?(\w+ )?groep(je)? (\w+ )?({_MEMBERS})"
    rf"|(wij|we) zijn (een |de |al )?(\w+ )?({_GROUP})|(onze|ons) ({_GROUP})|(wij|we|ons) als (\w+ )?({_GROUP})"
    # who writes for the group ("Namens de dorpsraad: …", "Als wijkraad krijgen we …"): advisors 81 a/b, a dorpsraad
    # told "Bespreek je idee eerst met je buren" (as 61 a/b). 19 more of everyday and role dev's messages, all read:
    # a wijkraad, dorpsraad, bewonerscommissie or vereniging speaking for itself
    rf"|(namens|vanuit) (de |het |onze |ons |een )?(\w+ )?({_GROUP})|^\W*als (\w+ )?({_GROUP})\b"
    # a few of them speaking as "we" ("Met een paar buren hebben we een idee", "We zijn met een paar mensen begonnen
    # met handtekeningen": advisors 78, told to buy a licence as an organisation or to "help hen een team opbouwen");
    # 34 of everyday and role dev's 13,445 messages, all read: a few residents with a plan of their own
    rf"|met (een )?(paar|aantal|stel|handvol) (\w+ )?(mensen|{_MEMBERS}) (hebben|zijn|willen|gaan) (we|wij)"
    rf"|(wij|we) (zijn|willen|gaan) (al )?met (een )?(paar|aantal|stel|handvol) (\w+ )?(mensen|{_MEMBERS}))\b"
    # not a group of entrepreneurs ("Wij zijn een groep ondernemers in een winkelstraat"): a pairwise advisor on stop
    # 59's group step, "noemt ondernemers 'bewoners'"
    r"(?! (van )?(\w+ )?(ondernemers|winkeliers))"
)
#: A student on placement ("ik loop stage", "on placement", "hago prácticas"), on folded text: the next step starts
#: with their supervisor, not with setting it up from an organisation they do not speak for (advisors 48 a/b/d: an
#: exchange intern told to "take the initiative from your municipality", 3 of 100 answers). On everyday dev's 5,674
#: long and chat messages it matches 26, all students on placement ("intern begeleider" is a school role, not one);
#: the step changes only for those read as professionals.
_INTERN = re.compile(
    r"\b(stagiair\w*|ik (\w+ )?(loop|doe) (\w+ )?stage|(mijn|m'n|mn|vr mn|voor mijn) (\w+ )?stage\b(?! doen)"
    r"|stagebegeleider\w*|stageplek|on (a )?placement|(an|the|as an?) intern\b|internship|stajyer\w*"
    r"|staj (yapiyorum|yapmaktayim)|praktykant\w*|(mam|odbywam|robie) (\w+ )?praktyk\w*|staz\w*|стажист\w*|стажер\w*"
    r"|практикант\w*|стажування|(en|hago|haciendo) (\w+ )?practicas|becari[oa]|متدرب\w*|تدريب عملي)\b"
)


#: The writer's own family ("mijn moeder van 81", "my mum", "annem", "moja mama", on folded text): a relative asking for
#: them is a resident, as the role bank labels all 154 such writers, while the role model read "Ik schrijf namens
#: mijn moeder van 81 …" as a referrer at 0.50 against 0.49 (advisors 48 c/d: a son told "Vraag de oudere … of hij of
#: zij …", 2 of 25). Only against the model's referrer where the patterns see a resident (:func:`writer_role`): on
#: everyday dev's 5,674 long and chat messages 12 went from referrer to resident, all of them relatives. Role dev: all
#: read right 0.924 → 0.926, residents 0.867 → 0.871, referrers the same (0.950).
_OWN_FAMILY = re.compile(
    r"\b((mijn|m'n|mn|onze) (schoon|groot|klein)?(moeder|vader|ma|pa|mama|papa|oma|opa|zus\w*|broer\w*|zoon\w*"
    r"|dochter\w*|kind|kinderen|ouders|man|vrouw|tante|oom)"
    r"|my (mother|mum|mom|father|dad|grandmother|grandfather|gran|grandma|grandpa|sister|brother|son|daughter|kids"
    r"|children|husband|wife|parents|aunt|uncle)"
    r"|moja (mama|matka|babcia|corka|siostra|zona)|moj (tata|ojciec|dziadek|syn|brat|maz)|moi rodzice|moje dzieci"
    r"|mi (madre|mama|padre|papa|abuela|abuelo|hijo|hija|hermana|hermano|marido|esposa|mujer)|mis (padres|hijos))\b"
)
#: :data:`_OWN_FAMILY` in Turkish, Ukrainian and Arabic, on the case-folded text (folding drops the Turkish "ı").
_OWN_FAMILY_OTHER = re.compile(
    r"\b(annem|babam|anneannem|babaannem|dedem|oğlum|kızım|kardeşim|eşim|ablam|ağabeyim"
    r"|моя (мама|мати|бабуся|донька|дочка|сестра|дружина)|мій (тато|батько|дідусь|син|брат|чоловік)|мої (батьки|діти))"
    r"|(أمي|والدتي|أبي|والدي|جدتي|جدي|ابني|ابنتي|أختي|أخي|زوجي|زوجتي)"
)


#: The support worker of the writer ("mijn begeleider", "mn woonbegeleider") or of the relative they write for ("zijn
#: begeleider"), on folded Dutch text. Advisors 51 b and 52 a/b (3 of 50 answers): a young woman who wants to depend
#: less on her begeleider, a sister and a mother writing for a brother and a daughter were not told to ask that
#: begeleider, "the obvious entry point". On everyday dev's 6,154 long and chat messages it matches 21; 14 of them are
#: residents writing about their own or their relative's begeleider (the others are students on placement about
#: their supervisor, professionals about clients, or a neighbour's begeleider: those are not read as residents
#: writing for themselves or family, and get no such line).
_SUPPORTER = re.compile(
    r"\b(mijn|m'n|mn|zijn|zn|z'n|haar|onze|ons|de|het) (eigen |vaste |nieuwe )?((ambulant |persoonlijk |woon|zorg)?"
    r"begeleid(er|ster)|casemanager|jobcoach|huisarts|praktijkondersteuner|poh|wijkverpleegkundige|maatschappelijk "
    r"werk(er|ster)|jongerenwerker|(sociaal )?wijkteam|buurtteam|ouderenadviseur|ouderenconsulent|fysiotherapeut)\b"
    r"(?P<advises> (zegt|zei|adviseert|adviseerde|raadt|raadde|heeft al|wil wel|stelde|verwees|vindt|denkt)\b)?"
)
#: Beside the support worker, a professional the writer or their family already sees is a door they know: the GP,
#: the practice nurse, the district nurse, the social worker, the youth worker, the wijkteam ("Het wijkteam wil wel
#: helpen", "De fysiotherapeut zegt dat ze moet blijven bewegen"). Advisors 58–61 named next steps without a concrete
#: door in 9–18 of 25 answers. "de" or "het" one only when it advises or has a say: of 43 everyday dev messages that
#: name one, most do so in passing ("de bus naar de huisarts", "toen vertrok de huisarts"). Not in a sentence that says
#: it did not help ("het wijkteam reageert niet"). On everyday dev's Dutch messages this adds 24, all read: residents
#: and families whose GP, physiotherapist, district nurse or wijkteam advises them, and wijkteam staff ("in ons
#: wijkteam zien we …"), who are no residents and get no such line.
_NOT_HELPED = re.compile(r"\b(niet|niks|niets|geen|nooit|weiger\w*|wachtlijst)\b")
#: Support said as what someone gets ("Hij heeft nu een paar uur begeleiding per week": advisors 79 a/b, a mother told
#: to ask "an organisation that helps people live independently" where her son's own begeleider was the door). On
#: everyday dev's Dutch messages 4 more, all read: a resident and two relatives who name such support, and a wijkteam
#: worker about a client (no resident: no such line).
_GETS_SUPPORT = re.compile(
    r"\b(?P<who>hij|zij|ze|ik) (heeft|heb|krijgt|krijg) (nu |al |wel |nog |sinds kort |ook )*(\w+ ){0,4}"
    r"(ambulante |persoonlijke |woon)?begeleiding\b"
)
_SUBJECT_OWNER = {"hij": "zijn", "zij": "haar", "ze": "haar", "ik": "mijn"}
_OWNERS = {"m'n": "mijn", "mn": "mijn", "zn": "zijn", "z'n": "zijn", "ons": "onze"}
_SUPPORT_WORKER = re.compile(r"((ambulant |persoonlijk |woon|zorg)?begeleid|casemanager|jobcoach)")


def supporter(text: str) -> tuple[str, str] | None:
    """Whose support worker or other professional the message names and what it calls them: ("mijn", "begeleider"),
    ("de", "huisarts"), or ("zijn", "woonbegeleider") from one who writes about their family; None for none
    (:data:`_SUPPORTER`). Read sentence by sentence: a professional in a sentence that says it did not help is no door
    (a support worker is: "niet zo afhankelijk van mijn begeleider" is the reason to ask them)."""
    family = for_family(text)
    for sentence in SENTENCE_END.split(text):
        folded = fold(sentence)
        for m in _SUPPORTER.finditer(folded):
            owner, word = _OWNERS.get(m.group(1), m.group(1)), m.group(3)
            if not _SUPPORT_WORKER.match(word) and _NOT_HELPED.search(folded):
                continue
            if owner in ("de", "het") and not m.group("advises"):
                continue
            if owner in ("mijn", "onze", "de", "het") or family:
                return owner, word
    gets = _GETS_SUPPORT.search(fold(text))
    owner = _SUBJECT_OWNER[gets["who"]] if gets and not _NOT_HELPED.search(gets.group(0)) else ""
    return (owner, "begeleider") if owner and (owner == "mijn" or family) else None


#: An older relative the message is about, named as the subject of its first telling ("Mijn moeder is 72 en …", "mn
#: oma woont alleen", "Mijn vader (78) zit …"), before the writer says "ik": the approach is for them, in their
#: neighbourhood. Advisors 58 b: a daughter told "bij jou in de buurt" about her mother's Resto. On everyday dev's 5,139
#: Dutch long and chat messages an older relative is named in 246 and this reads 145; of 30 of those read, all are
#: about the relative (not read: "Sinds mijn moeder overleed …", a writer of 15 who lives with her oma). "Mijn vader
#: van 80 woont alleen" too since stop 56 (advisors 67 a/b: "bij jou in de buurt" for a father two hours away): 15 more
#: of 5,693 dev messages, all read, all about the relative.
_RELATIVE = re.compile(
    r"^(?:(?!\bik\b).)*?\b(?:mijn|m'n|mn) (?P<who>(?:schoon|groot)?(?:moeder|vader|mama|papa|oma|opa|ouders)|tante|oom)"
    r"(?: \d+| van \d+(?: jaar)?)? (?:is|zijn|woont|wonen|zit|zitten|komt|heeft|wordt|eet|beweegt|voelt|raakt|loopt"
    r"|spreekt|kent)\b",
    re.S,
)
#: Where the editors' steps and the answer's lines place the approach near the writer, and the same near the relative.
_NEAR_WRITER = (
    ("bij jou in de buurt", "bij je {who} in de buurt"),
    ("bij u in de buurt", "bij uw {who} in de buurt"),
    ("in je wijk", "in de wijk van je {who}"),
    ("in je buurt", "in de buurt van je {who}"),
    ("in uw wijk", "in de wijk van uw {who}"),
    ("in uw buurt", "in de buurt van uw {who}"),
)


def relative(text: str) -> str | None:
    """The older relative a Dutch message is about (:data:`_RELATIVE`): "moeder", "opa", "ouders"; else None."""
    m = _RELATIVE.search(fold(text))
    return m.group("who") if m else None


def near_relative(text: str, who: str | None) -> str:
    """`text` (a Dutch line of the answer) with the approach placed near `who`, the relative the message is about,
    instead of near the writer."""
    for mine, theirs in _NEAR_WRITER if who else ():
        text = text.replace(mine, theirs.format(who=who))
    return text


def near_writer(text: str, question: str) -> str:
    """`text` with what :func:`near_relative` changed for the relative `question` is about changed back: the
    relative is the writer's word, no claim about the sources (the grounding checks read the editors' and the
    templates' own words)."""
    who = relative(question)
    for mine, theirs in _NEAR_WRITER if who else ():
        text = text.replace(theirs.format(who=who), mine)
    return text


#: A writer who says their Dutch is limited ("Mijn Nederlands is niet zo goed", "Ik spreek een beetje Nederlands",
#: "Sorry voor mijn Nederlands"): they get the compact answer a short chat message gets, fewer and shorter Dutch
#: quotes (advisors 60 b: "long verbatim quotes" for a writer who says so, 2 of 25; advisors 53–57: newcomers, 5–9 of
#: 25). On everyday dev's 5,418 Dutch long and chat messages it matches 35, all such writers (not "ze spreken weinig
#: Nederlands", about others).
_LITTLE_DUTCH = re.compile(
    r"\b(mijn nederlands is (nog )?(niet|slecht|een beetje|beetje|matig)|ik spreek (nog )?(een beetje|weinig"
    r"|niet (zo |heel )?goed|slecht|nog niet goed) nederlands|(ik )?spreek weinig nederlands|sorry (voor|van) mijn"
    r" (slechte )?nederlands|ik leer (nog )?nederlands|ik ben (nog )?nederlands aan het leren)"
)


def little_dutch(text: str) -> bool:
    """The writer says their Dutch is limited (:data:`_LITTLE_DUTCH`)."""
    return bool(_LITTLE_DUTCH.search(fold(text)))


#: A writer who speaks for a "we" ("we willen", "wij als ouders", "we want"), not for themselves or a relative: the
#: residents who could ask an organisation to start what is not offered nearby (types.NONE_NEAR). Advisors 61 a/b
#: found that line "unrealistic" for a father out of work, a sister, a woman of 71 and a grandson (7 and 6 of 25).
_WE = re.compile(r"\b(we|wij)\b")
#: A "we" of peers, though their children are "onze kinderen" ("met andere moeders … We willen graag samenkomen"), and
#: a volunteer ("Ik ben vrijwilliger bij de bibliotheek"): advisors 63 a/b found both without a word on what to do
#: when it is not offered nearby (2 of 25 each). On everyday dev's 7,234 long and chat messages the "we" of peers
#: adds 7 writers (all read: parents who want to meet other parents, a couple who would liven up their flat) and the
#: volunteer 81 (40 read: all volunteers writing about the people they meet, none about a need of their own).
_PEERS = re.compile(
    r"\bmet ((een paar|nog|wat) )?(andere )?(moeders|vaders|ouders|buren|bewoners|buurtbewoners|vrijwilligers)\b"
)
_VOLUNTEER = re.compile(
    r"\b((ik ben|als|ik werk als|ik help als) (\w+ )?vrijwillig(er|ster)|ik help (\w+ )?vrijwillig"
    r"|ik doe (\w+ )?vrijwilligerswerk)\b"
)


def speaks_as_we(text: str) -> bool:
    """The writer speaks for a group they belong to (:data:`_WE`), not about their own family unless as one of
    several parents or neighbours (:data:`_PEERS`); or volunteers (:data:`_VOLUNTEER`)."""
    folded = fold(text)
    we = bool(_WE.search(folded)) and (not for_family(text) or bool(_PEERS.search(folded)))
    return we or bool(_VOLUNTEER.search(folded))


def for_family(text: str) -> bool:
    """The writer speaks of their own family (:data:`_OWN_FAMILY`)."""
    return bool(_OWN_FAMILY.search(fold(text)) or _OWN_FAMILY_OTHER.search(text.casefold()))


def resident_group(text: str) -> bool:
    """A group of residents speaks for itself (:data:`_RESIDENT_GROUP`)."""
    return bool(_RESIDENT_GROUP.search(fold(text)))


#: A writer who already knows the people an approach is for: their clients or visitors ("mijn cliënten", "onze
#: bezoekers"), or those who come to their place ("Bij onze moskee komen veel oudere mannen", "Er komen vooral
#: ouderen", "we hebben een groep oudere mannen"). Told "begin met het werven van senioren …" (advisors 79 a/b: a
#: mosque "that has the group"; before, a physiotherapist with patients), they get the step with the people they know
#: (:func:`~assistant.answer.steps.with_known_people`). It matches 200 of everyday dev's 13,105 messages (40 read:
#: clients, patients, pupils, residents of a care home, visitors of a mosque, church or library); the step changes only
#: where the editors' step for one who runs it starts by recruiting (20 of 1,500 dev answers).
_KNOWS_PEOPLE = re.compile(
    r"\b((mijn|onze|m'n|mn) (\w+ )?(clienten|client|patienten|leden|gemeenteleden|bezoekers|deelnemers|leerlingen"
    r"|bewoners)|(bij|in|op) (ons|onze|de|het) (\w+ ){0,2}(moskee|kerk|buurthuis|wijkcentrum|inloop\w*|bibliotheek|bieb"
    r"|koffieochtend|praktijk|school|club|vereniging|verpleeghuis|verzorgingshuis|taalhuis) komen"
    r"|er komen (hier )?((vooral|veel|elke \w+|al|wekelijks) )*(\w+ )?(ouderen|oudjes|mannen|vrouwen|moeders|vaders"
    r"|jongeren|kinderen|senioren|mensen|bewoners|bezoekers)|(we|wij) hebben (hier )?(al )?een (vaste )?groep(je)?"
    # "In ons wijkteam hebben we veel mensen die …", "heb ik een aantal cliënten", "ik begeleid een groep ouderen",
    # "komt een groep Turkse vrouwen", "zitten er … oudere mensen", "oudere gemeenteleden"
    r"|(heb ik|hebben (we|wij)|(we|wij) hebben|ik heb) ((hier|al|veel|een aantal|een paar) )*(\w+ )?(clienten|patienten"
    r"|ouderen|oudjes|senioren|mensen|deelnemers)(?! nodig)|ik begeleid (een groep|mensen|(\w+ )?(ouderen|jongeren))"
    r"|komt (er )?((elke|iedere) \w+ )?een groep|zitten er (\w+ ){0,4}(ouderen|oudjes|mannen|vrouwen|mensen)"
    r"|gemeenteleden|kerkleden)\b"
)


def knows_people(text: str) -> bool:
    """The writer already knows the people the approach is for (:data:`_KNOWS_PEOPLE`)."""
    return bool(_KNOWS_PEOPLE.search(fold(text)))


def on_placement(text: str) -> bool:
    """The writer is a student on placement (:data:`_INTERN`)."""
    return bool(_INTERN.search(fold(text)))


#: How a Dutch next step names each kind of organisation (:data:`~assistant.answer.bodies.BODIES`) in a list of where
#: to ask ("Vraag bij de gemeente, de woningcorporatie, een welzijnsorganisatie of de politie …").
_ASKED_AT = {
    "politie": r"(de |het )?(wijk)?politie|de wijkagent",
    "corporatie": r"(de |een |je |uw )?(woning)?corporatie",
    "gemeente": r"(de |je |uw )?gemeente",
    "welzijn": r"(een |de |je |uw )?(lokale )?(welzijnsorganisatie|welzijnswerk|jongerenwerk)",
    "school": r"(de |een |je |uw )?(basis)?school",
    "buurthuis": r"(het |een |je |uw )?(buurthuis|wijkcentrum)",
}
#: A sentence that tells where to ask or go (not "Start het vanuit je school, gemeente of organisatie").
_WHERE_TO_ASK = re.compile(r"(Vraag|Ga|Neem contact op|Informeer|Kijk)\b")
#: One other place in such a list: up to three words, none of them one that starts a clause ("Vraag of de gemeente …").
_WORD = r"(?!(?:of|en|vraag|die|dat|als|hoe|wat|wie|je|u|hij|zij)\b)[\w'-]+"
_ITEM = rf"{_WORD}(?: {_WORD}){{0,2}}"


def without_own(step: str, body: str | None) -> str:
    """`step` without the writer's own kind of organisation among the places a sentence tells them to ask ("Vraag bij
    de gemeente, de woningcorporatie, een welzijnsorganisatie of de politie" to a wijkagent: "… of een
    welzijnsorganisatie"). Advisors 49 a/b, 2 of 2: a wijkagent "told to ask the police". Only lists of alternatives
    ("A, B of C") in a sentence that says where to ask: a list of partners ("de gemeente, politie en een
    welzijnsorganisatie") says who runs it, and "Start het vanuit je school, gemeente of …" where they may. Of everyday
    dev's 666 Dutch long and chat messages whose writer names their organisation, 37 steps changed, all read right:
    wijkagenten and woonconsulenten no longer sent to the police or the corporation for Buurtbemiddeling (35),
    corporation staff not to the corporation for ABCD (2)."""
    own = _ASKED_AT.get(body or "")
    if not own:
        return step
    sentences = re.split(r"(?<=[.!?])\s+", step)
    for n, sentence in enumerate(sentences):
        if not _WHERE_TO_ASK.match(sentence):  # "Start het vanuit je school of een buurthuis": theirs to do
            continue
        for pattern, keep in (
            (rf", ({_ITEM}) of ({own})\b", r" of \1"),  # the last of three or more: "A, B of OWN" → "A of B"
            (rf", ({own})(?=(?:, {_ITEM})* of )", ""),  # in the middle: "A, OWN, B of C" → "A, B of C"
            (rf"\b(bij|naar|aan) ({own}), (?=(?:{_ITEM}, )*{_ITEM} of )", r"\1 "),  # first: "bij OWN, B of C"
            (rf"\b(bij|naar|aan) ({_ITEM}) of ({own})\b", r"\1 \2"),  # the second of two: "bij A of OWN" → "bij A"
            (rf"\b(bij|naar|aan) ({own}) of ", r"\1 "),  # the first of two: "bij OWN of A" → "bij A"
        ):
            cut = re.sub(pattern, keep, sentence, count=1)
            if cut != sentence:
                sentences[n] = cut
                break
    return " ".join(sentences)


#: A member of the municipal council: no executive, so neither the editors' step for one who commissions an approach
#: ("Vraag professionals … om het uit te voeren") nor the own-organisation note fits; they can ask the alderman and
#: propose it (advisors 58–61: "a raadslid gets the executive's tasks"). On everyday dev's long and chat messages it
#: matches 72, all Dutch, all council members writing as such (all 72 read).
_COUNCIL = re.compile(
    r"\b((ik ben|als) (\w+ )?(gemeente)?raadslid|ik zit (\w+ ){0,6}in de (gemeente)?raad|namens (mijn|onze) "
    r"(partij|fractie)|(mijn|onze) fractie|i am a (local )?council(l)?or|as a (local )?council(l)?or|i'?m a (local )?"
    r"council(l)?or|(i am|i'?m|as) a (town |city |local )?council member)\b"
)


def council_member(text: str) -> bool:
    """The writer is a member of the municipal council (:data:`_COUNCIL`)."""
    return bool(_COUNCIL.search(fold(text)))
