"""Words by which a message leans on the conversation before it: pointing back at the approaches shown ("wie voert
dat uit?", "cuál de esos"), an ordinal ("de tweede"), "de andere", asking for more, changing the subject, and
weighing a shown approach against one named now. The intent step (`intent.py`) reads them beside its model."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.label_model import normalize
from assistant.retrieve.names import NameMatcher

#: Words that point back only at something said before ("moet ik daar iets voor aanvragen?"); "die" and "het" also
#: start a relative clause or a sentence ("iets voor ouderen die meer willen bewegen"). "eentje": "is er ook eentje
#: in Amsterdam-Noord?" after an answer was refused (intent dev_blind12). "kan ik ze …", "bunlar", "з них", "of
#: them": intent dev_blind16's follow-ups about every approach shown ("kan ik ze combineren in één buurthuis?" was
#: searched again as a new question).
POINTS_BACK_STRONGLY = re.compile(
    r"\b(daar\w*|dat|dit|deze|ervan|hun|zo ?n|zoiets|zulke|eentje|one of them|this|that|those|these|such|bunu"
    # Turkish "bunun için" (for this), "buna", "bunda": "Bunun için iyi Hollandaca bilmem gerekiyor mu?" after an
    # answer about Wijkacademie Opvoeden was refused (intent dev_blind44)
    r"|bunun|buna|bunda|bundan"
    r"|onu|bunlar\w*|tego|tym|це|цього|of them|z nich|з них|de ellos|de ellas|von ihnen|d entre eux"
    r"|(kan|kunnen|moet|moeten|mag|mogen) (ik|we|wij|jullie) (ze|die|deze)|(can|could|should) (i|we) \w+ (them|those)"
    r"|eso|esto|هذا|هذه|ذلك|beide|allebei|alle (twee|drie|vier)|welke van|vertel (eens |me |nog )?meer|both|each"
    r"|which one|tell me more|ikisi\w*|her biri|oba|obie|obu|te (dwa|dwie)|tych dwoch|ці (два|дві)|обидві"
    r"|każd\w*|kazd\w*|обидва|кожен|ambos|cada uno|كلاهما"
    # "¿y cuál de las dos …?", "which of these", Arabic's dual "فيهما" / "منهما" (in / of the two of them): intent
    # dev_blind17's follow-ups were searched again as new questions or refused; Turkish "ikisinin" (of the two),
    # Polish "te dwa" (these two): dev_blind20's follow-ups answered for one of the two
    r"|cual de (las|los|estas|estos)|which of (the|these|those)|\w+هما"
    # Spanish "esos"/"esas" and German "davon", French "lequel": "¿Y cuál de esos sirve mejor para un barrio
    # pequeño?" was answered with three other approaches (intent dev_blind33)
    r"|esos|esas|aquellos|aquellas|cual de ell(os|as)|welche\w* davon|von denen|lequel|laquelle|lesquel\w*"
    # "hier-" as "daar-" ("Welke hiervan zijn erkende interventies?" was read as general: intent dev_blind35)
    r"|hiervan|hiervoor|hiermee|hierover|hierin|hierbij)\b"
)
#: "ander onderwerp:", "los daarvan, …", "by the way": the message opens a new question, even after an answer with
#: approaches (intent dev_blind9: "los daarvan, wat verstaan jullie eigenlijk onder leefbaarheid?" was answered
#: as a follow-up about the approach shown before). Looked for at the start only (:data:`_NEW_SUBJECT_WITHIN`).
_NEW_SUBJECT = re.compile(
    r"\b(los daarvan|ander(e)? (onderwerp|vraag|puntje)|nieuwe vraag|(iets|wat) (heel|totaal|compleet) anders"
    r"|even iets anders|nog een (andere )?vraag|by the way|btw|another (question|thing|topic)"
    r"|different (question|topic)"
    r"|on another note|unrelated|baska bir (soru|konu)|konu degistir\w*|inne pytanie|zmieniajac temat"
    r"|z innej beczki|інше питання|інша тема|otra (pregunta|cosa)|cambiando de tema|سوال اخر|موضوع اخر"
    r"|andere frage|autre question|outra pergunta)\b"
)
_NEW_SUBJECT_WITHIN = 60


def changes_subject(question: str) -> bool:
    """The message says it asks something new ("ok maar even iets heel anders: …")."""
    return bool(_NEW_SUBJECT.search(normalize(question)[:_NEW_SUBJECT_WITHIN]))


#: "dit overzicht", "het document": a general question even right after an answer.
ABOUT_THE_OVERVIEW = re.compile(r"\b(overzicht|document|wijkwijzer|overview|dokument\w*|документ\w*|documento)\b")
#: Asking how a shown approach compares with one named now ("is dat hetzelfde als buurtbemiddeling?").
COMPARED_WITH = re.compile(
    r"\b(verschil\w*|vergelijk\w*|hetzelfde|zelfde|anders dan|beter dan|versus|vs|difference|same as|compared?"
    r"|better than|fark\w*|rozni\w*|różni\w*|різниц\w*|diferencia|igual que|mejor que"
    # "waarom dat en niet X?" weighs the one shown against X ("Waarom raad je dat aan en niet gewoon
    # Buurtbemiddeling?" was read as a trick: intent dev_blind33)
    r"|en niet|and not|in plaats van|instead of|rather than|yerine|zamiast|замість|en vez de|en lugar de)\b"
)
#: Words that point back at what the previous answer was about ("wie voert dat uit", "is die ook voor ouderen").
POINTS_BACK = re.compile(
    r"\b(dat|die|deze|dit|het|daar\w*|zoiets|zo ?n|zulke|ervan|hun|this|that|it|they|them|those|these|such|bu|bunu"
    r"|onu|onlar\w*|bunlar\w*|to|tego|ich|tym|це|цього|іх|вони|eso|esto|esa|ese|ellos|هذا|هذه|ذلك|هم|ze|zij)\b"
)
#: A follow-up asking for more than was shown ("zijn er nog meer?", "any others?").
_MORE = re.compile(
    r"\b(nog (meer|andere?)|meer aanpakken|andere aanpak\w*|any (more|others?)|other (approaches|ones|options)"
    r"|anything else|something else|baska|wiecej|inne|ще|інші|otros|otras|is er (ook |nog )?(iets|wat) anders)\b"
)


#: "de tweede", "the first one", "А друга?": which of the approaches shown (0-based; -1 the last). German and French
#: since intent dev_blind16 ("Erzähl mir mehr über das zweite.", "Le deuxième, qui l'organise ?"); Turkish with its
#: suffix since dev_blind18 ("ikincisi için link var mı?").
_ORDINALS = (
    (0, r"eerste|first|ilk|birinci\w*|pierwsz\w*|перш\w*|primer\w*|الأول\w*|erste\w*|premier|première"),
    (1, r"tweede|second\w*|ikinci\w*|drug\w*|друг\w*|segund\w*|الثاني\w*|zweite\w*|deuxième"),
    (2, r"derde|third|üçüncü\w*|trzeci\w*|трет\w*|tercer\w*|الثالث\w*|dritte\w*|troisième"),
    (-1, r"laatste|last|sonuncu\w*|ostatni\w*|останн\w*|últim\w*|الأخير\w*|letzte\w*|dernier|dernière"),
)


def ordinal(question: str) -> int | None:
    # Turkish "İ" casefolds to "i" plus a combining dot, which no pattern has ("İkincisi nasıl işliyor?" after two
    # approaches was answered for the first: intent dev_blind44)
    q = question.casefold().replace("\u0307", "")
    return next((n for n, pattern in _ORDINALS if re.search(rf"(?<!\w)({pattern})(?!\w)", q)), None)


#: "de andere", "the other one": the approach of an earlier list that the last answer was not about (matched on
#: normalised text, so without accents: "diğeri" → "digeri").
_OTHER = re.compile(
    r"\b(de ander(e)?|die ander(e)?|the other( one)?|digeri|drugi\w*|drug(a|iej)|інш\w*|el otro|la otra)\b"
)


def the_other(question: str) -> bool:
    return bool(_OTHER.search(normalize(question)))


def approaches_before(names: NameMatcher, history: Sequence[dict[str, str]], question: str) -> list[str]:
    """The approaches the conversation was last about: named in the latest assistant turn that names any (in the
    order named), else in the latest user turn that does. An ordinal ("de tweede") counts in the latest answer that
    named several; "de andere" is what that answer named and the latest one was not about."""
    turns = [names.in_order(str(t.get("content", ""))) for t in history if t.get("role") == "assistant"]
    named = [found for found in turns if found]
    listed = next((found for found in reversed(named) if len(found) >= 2), [])
    if listed and the_other(question):
        rest = [n for n in listed if n not in named[-1]]
        return rest or listed
    if listed and ordinal(question) is not None:
        return listed
    if named:
        return named[-1]
    for turn in reversed(history):
        found = names.in_order(str(turn.get("content", ""))) if turn.get("role") == "user" else []
        if found:
            return found
    return []


def points_back_strongly(question: str) -> bool:
    return bool(POINTS_BACK_STRONGLY.search(normalize(question)))


#: Asking where to read more or for the link: about the approaches shown, not a request for more of them ("stuur
#: me de links" after two was searched anew and answered for one; "Gdzie mogę przeczytać więcej?" after Resto
#: VanHarte got four others: intent dev_blind38). On intent dev's 2,009 messages with a history: follow-ups resolved
#: 0.955 → 0.962, nothing else moved.
_READ_MORE = re.compile(
    r"\b(links?(?! (van|af|om|op|en rechts|boven|onder)\b)|linkje|linkler\w*|url|webpagina|website"
    r"|meer (lezen|informatie|info)|lees ik meer|read more|more (info|information)|przeczyta\w* wiecej"
    r"|wiecej (informacji|info)|linki?"
    r"|enlaces?|leer mas|mas informacion|daha fazla (bilgi|oku\w*)|baglant\w*|посилання|детальніше|докладніше"
    r"|більше (інформаці\w*|прочитати))\b|(ال)?(رابط|روابط)|المزيد من المعلومات"
)


def asks_to_read_more(question: str) -> bool:
    return bool(_READ_MORE.search(normalize(question)))


def wants_more(question: str) -> bool:
    """Asking for more approaches; not "more" inside asking where to read more ("przeczytać więcej")."""
    plain = normalize(question)
    reading = [m.span() for m in _READ_MORE.finditer(plain)]
    return any(not any(a <= m.start() < b for a, b in reading) for m in _MORE.finditer(plain))
