"""Who is writing, for the next step an answer ends with: a resident ("bewoner"), someone who would start or run the
approach ("professional"), a professional pointing one person to it ("verwijzer": a GP's practice nurse about a
patient, a wijkagent about two neighbours) or a municipality commissioning it ("opdrachtgever"). The editors write a
step per role in `corpus/volgende-stap.md`; a role without one there gets the professional's.

The advisor ratings of everyday blind 8 and 9 asked for "role-specific next steps (referrer, care provider,
municipality, starter)": a practice nurse about one patient was told how to run the group herself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import cast

import numpy as np

from assistant.answer.ages import minor_writer
from assistant.answer.label_model import LazyModel
from assistant.answer.persona import for_family, resident_group
from assistant.answer.role_model import RoleModel
from assistant.embed.base import Embedder
from assistant.text import fold
from assistant.types import Role

#: A writer who will run an approach rather than join one: a professional or an organisation speaking ("als
#: wijkagent", "ik werk als", "vanuit onze corporatie"); matched on folded text. The advisor rating of blind 3 marked
#: "vraag bij een van deze uitvoerders" down when the writer was the provider. On everyday dev's long and chat
#: messages, against the persona each was written for: 72 of the 77 matched are professionals (the other 5 write for a
#: school, a municipality or a residents' committee, or as a practice nurse), and 0.56 of the professionals are
#: matched; the others get the resident's next step. After the advisor of dev_blind4 ("she IS the uitvoerder"), more
#: roles and "werkzaam als/bij": 96 → 112 of the 648 dev long and chat messages, all 16 new ones professionals.
_ROLES = (
    r"wijkagent|jongerenwerker|buurtsportcoach|sociaal werker|opbouwwerker|beleidsmedewerker|docent|leerkracht"
    r"|coordinator|woonconsulent|wijkcoach|praktijkondersteuner|ambulant begeleider|beheerder|medewerker|juf|meester"
    r"|mentor|directeur|huismeester|welzijnswerker|buurtwerker|begeleider|wijkconsulent|consulent"
    r"|maatschappelijk werker|stagiair\w*|beleidsadviseur|adviseur|wijkverpleegkundige|ambtenaar|wethouder"
    r"|projectleider|cjg[- ]\w+|gezinscoach|raadslid|bestuurder|kwartiermaker"
    r"|jeugdverpleegkundige|verpleegkundige|vrijwilligerscoordinator|pastor|dominee|imam"
    r"|huisarts|doktersassistente?|schuldhulpverlener|casemanager|gezinsbegeleider|intern begeleider|zorgcoordinator"
    r"|manager|teamleider|leidinggevende|regisseur"
    r"|buurtcoach|sociaal makelaar|wijkwerker"  # advisors 56 a/b: "Ik ben buurtcoach" read as a resident
)
_BODIES = (
    r"gemeente|corporatie|woningcorporatie|welzijnsorganisatie|school|buurthuis|wijkteam|cjg"
    r"|ggz[-\w]*|zorg(instelling|organisatie)"  # 12 of everyday and role dev's 7,453 changed, all care workers
)
_ROLES_EN = r"teacher|social worker|youth worker|community worker|police officer|council officer|policy officer"
_ORGANISER = re.compile(
    rf"\b(ik werk als (\w+ )?\w*({_ROLES})|ik ben (een |de )?\w*({_ROLES})|(i am|i m) an? ({_ROLES_EN})"
    r"|ik werk bij (de|een|het) (gemeente|corporatie|woningcorporatie|welzijnsorganisatie|school|buurthuis|wijkteam)"
    r"|namens (de|het|onze|ons) (gemeente|corporatie|woningcorporatie|organisatie|welzijnsorganisatie|school"
    r"|bewonerscommissie|bewonersvereniging|stichting|wijkteam)"
    rf"|als \w*({_ROLES})|als (gemeente|corporatie|woningcorporatie"
    r"|organisatie|welzijnsorganisatie|school|bewonerscommissie|bewonersvereniging|stichting)"
    r"|vanuit (onze|ons) (gemeente|organisatie|corporatie|school|buurthuis|wijkteam)"
    r"|onze (organisatie|corporatie|welzijnsorganisatie|stichting)|ik (beheer|organiseer|coordineer) |i run (a|an|the) "
    rf"|as an? ({_ROLES_EN})"
    # a chat message that starts with the role, its "ik" left out ("ben wijkagent, …": advisors 67 a/b, a wijkagent
    # told to ask whether it runs nearby, as a resident; 9 more of everyday and role dev's 11,006 Dutch, all
    # professionals)
    rf"|^(\W*(hoi|hallo|hey|hi|goedemiddag|goedemorgen)\b\W*)?ben (een |de )?\w*({_ROLES})\b"
    # "ik coördineer ons buurthuis" (advisors 65 a/b: told "bespreek je idee met je buren"; 9 more dev writers, all
    # professionals)
    # "ik ben werkzaam als wijkconsulent bij een woningcorporatie", "werk bij gemeente", "wij als gemeente", a note
    # that starts with the role ("Jeugdverpleegkundige. Op het spreekuur …"), a church or a residents' group that
    # would start it (the advisors of dev_blind4 and dev_blind5: 96 → 129 of dev's 764 long and chat messages, all
    # professionals or such groups). Not "ik ben bij de gemeente geweest" or "onze gemeente doet niks" (a review).
    # A role may be a compound ("bewonersconsulent", "cultuurcoördinator") or come first with "hier" ("Wijkagent
    # hier."): the advisor of dev_blind6 again; 143 → 151 of dev's 874, all eight professionals.
    rf"|\bwerk(zaam)? (als|bij) (\w+ )?(\w+ )?({_ROLES}|{_BODIES})"
    # where the writer works, named before it ("Op het consultatiebureau waar ik werk": advisors 54 a/b found her
    # told to ask the wijkteam, a resident's step)
    r"|\b(de|het|onze|ons|een) (\w+ )?\w+ waar ik (werk|werkzaam ben)\b|\bwhere i work\b"
    # a GP's practice speaking (advisors 79 a/b: "Vanuit de huisartsenpraktijk … We willen ze iets laagdrempeligs
    # kunnen aanraden" told to start a Resto VanHarte or buy a licence; a referrer by _ALWAYS_REFERS)
    r"|vanuit (de|onze|ons|mijn) huisartsen?praktijk|(wij|we) als huisartsen?praktijk"
    r"|wij als (gemeente|corporatie|woningcorporatie|welzijnsorganisatie|stichting|school)"
    # a teacher who says what she does rather than what she is ("Ik geef les op een vmbo-school"): the advisor of
    # everyday blind 11 found her told to ask whether she could become a citytrainer herself (a resident's step)
    # or names the subject in one word ("Ik geef dramales", advisors 77 a/b: told to ask whether a project exists;
    # with a library's volunteer below and two more words before what one makes in _STARTS, 34 of everyday dev's
    # 8,553 long and chat messages changed role or start, all read: library volunteers who would set something up,
    # drama teachers, residents who would "samen een vuist maken")
    r"|ik geef (\w+ ){0,2}\w*les(sen)?\b|ik sta (\w+ )?voor de klas|ik werk (\w+ )?op (een|de) (\w+ )?\w*school"
    # a volunteer for a church, mosque or community centre that would start it, and a student on placement (the
    # advisor of everyday blind 12: both told to "zoek buren met hetzelfde probleem"); with "manager" and
    # "teamleider" in the roles, 16 of everyday dev's 1,594 long and chat messages went from resident to professional
    # or commissioner, all managers, programme managers, such volunteers or the student
    r"|ik ben (\w+ )?vrijwilliger (bij|in|van) (de|het|een|onze|ons) (\w+ ){0,2}(kerk|moskee|buurthuis|inloop\w*"
    r"|bibliotheek|bieb|wijkcentrum|bewonersorganisatie|stichting)|on (a )?placement|my supervisor"
    r"|namens (de|het|onze|ons|mijn) (kerk|moskee|vereniging|sportclub|club|buurthuis|bewonersgroep)"
    r"|wij zijn (een |de )?(bewonersgroep|bewonerscommissie|bewonersvereniging"
    r"|groep(je)? (buren|bewoners|vrijwilligers))"
    # an organisation introducing itself, a team speaking, a worker at an organisation of another kind, a volunteer
    # at a sports club (the advisor of everyday blind 17: "wij zijn een woningcorporatie", "ons team jongerenwerk",
    # "ik werk bij een cultuurhuis" and "vrijwilliger bij een kleine sportvereniging" were told where to ask)
    r"|(wij|we) zijn (een |de )?(\w+ )?(woningcorporatie|corporatie|gemeente|school|basisschool"
    r"|welzijnsorganisatie|stichting|buurthuis|organisatie|vereniging|sportclub|sportvereniging)"
    r"|(ons|onze) (\w+ )?team (\w+ )?(jongerenwerk|opbouwwerk|welzijn|wijkteam|sociaal werk|buurtwerk)"
    r"|ik werk (bij|in|op) (de|een|het|ons|onze) (\w+ )?\w*(huis|centrum|organisatie|stichting|bibliotheek|theater)"
    # a group that would take up an existing formula, or offers its own room for it (the advisor of everyday blind
    # 15: parish volunteers with "een mooie zaal en een keuken" asking for "een bestaande formule waar we bij kunnen
    # aansluiten", and a volunteer who would buy a licence, were told where to eat). On everyday dev's 2,142 long,
    # chat and longer messages 9 went from resident to professional: church volunteers, two welfare organisations
    # ("wij zijn een lokale welzijnsorganisatie" had not been read), a lunchroom owner, the two of that advisor)
    r"|ik ben (\w+ )?vrijwilliger (bij|in|van) (de|het|een|onze|ons) (\w+ ){0,2}(parochie|kerkgemeenschap"
    r"|\w*vereniging|sportclub|voetbalclub|club)"
    r"|(formule|franchise|licentie|concept) (\w+ ){0,4}(aansluiten|kopen|overnemen|starten)"
    r"|(license|licence|franchise|formula|concept) (\w+ ){0,4}(join|buy|take over)"
    r"|(licencia|franquicia) (\w+ ){0,3}comprar"
    r"|(we|wij) hebben (een |de |ons )?(\w+ )?(zaal|ruimte|lokaal|keuken|locatie) (\w+ ){0,3}(voor|waar|om))\b"
)


#: A note that starts with the writer's role and a full stop or colon ("Jeugdverpleegkundige. Op het spreekuur …"),
#: on the unfolded text: "Mentor van mijn dochter belde" is about someone else.
_ROLE_FIRST = re.compile(rf"^\s*\w*({_ROLES})( hier)?\s*[.:,]")


#: A municipality or a fund as the one that would commission or pay for an approach (folded text): its roles, for a
#: writer who speaks as a professional (:func:`writes_as_organiser`: "de wethouder zei" or "een ambtenaar wees onze
#: aanvraag af" is a resident), or the municipality speaking ("wij als gemeente").
_COMMISSIONER_ROLE = re.compile(
    r"\b(wethouder|raadslid|gemeenteraadslid|fractie\w*|beleids(medewerker|adviseur|ambtenaar|maker)\w*"
    r"|programma(manager|coordinator)|gemeenteambtenaar|ambtenaar|policy (officer|adviser|advisor)|councillor"
    r"|council member|alderman|werk(zaam)? (bij|voor) (de |een |onze )?gemeente|kwartiermaker)\b"
)
_AS_COMMISSIONER = re.compile(
    r"\b((wij|we) als gemeente|namens (de|onze) gemeente|vanuit (de|onze) gemeente (willen|zoeken)"
    # a council member who says where they sit ("Ik zit namens mijn partij in de gemeenteraad": everyday
    # dev_blind30's advisor, told to ask how to apply for a voucher)
    r"|ik zit (\w+ ){0,4}in de (gemeente)?raad|namens (mijn|onze) (partij|fractie)"
    # the municipality speaking of what it wants residents to do ("Onze gemeente wil … willen we dat bewoners …",
    # the advisor of everyday blind 12: told to "ask the municipality"); on everyday dev only that message changed
    r"|onze gemeente wil\w* .{0,200}\b(willen|zoeken) (we|wij) (dat |naar )?(de )?(bewoners|inwoners)"
    r"|ons fonds|(we|wij) (financier|subsidier)\w* (als|vanuit))\b"
)
#: Roles that mostly meet one person who could take part rather than run an approach themselves.
_REFERRING_ROLE = re.compile(
    r"\b(huisarts\w*|praktijkondersteuner|poh|doktersassistent\w*|wijkagent|leerkracht|docent|juf|meester|mentor"
    r"|intern begeleider|zorgcoordinator|(wijk|jeugd)?verpleegkundige|schuldhulp\w*|maatschappelijk werker"
    r"|casemanager|woonconsulent|wijkconsulent|wijkteam\w*|ambulant begeleider|gezinscoach|thuisbegeleider"
    r"|gp|nurse|teacher|police officer|social worker|debt counsel\w*)\b"
)
#: Roles in a GP's practice, who refer and do not run groups: a practice nurse about "een aantal patiënten" who
#: "zoekt iets in de buurt" was told she would carry Buurtcirkel out as its organisation (everyday blind 21's
#: advisor: "wrong role"). Only as the writer's own role ("ik ben praktijkondersteuner", not "met scholen en
#: huisartsen"): on everyday dev's 2,674 long and chat messages 5 practice nurses became referrers, none else.
_ALWAYS_REFERS = re.compile(r"\b(huisarts\w*|praktijkondersteuner|poh|doktersassistent\w*|gp|practice nurse)\b")
#: The message is about one person or household the writer meets ("een patiënt", "mijn cliënt", "een gezin dat ik
#: begeleid") or says it wants to refer. Singular only: an ambulant begeleider with "tien cliënten in dezelfde wijk"
#: or a teacher with "een paar leerlingen" would run a group (the advisor of everyday blind 12: a care professional
#: told to ask an organisation like his own). On everyday dev's long and chat messages 14 referrers became
#: professionals: ambulant begeleiders, teachers, a FACT-team nurse, one practice nurse with "een handvol patiënten"
#: (a referrer again by :data:`_ALWAYS_REFERS`).
_ABOUT_SOMEONE = re.compile(
    r"\b(cliente?|patiente?|leerling|pupil|huurder|huurster|tenant|gezin|doorverwij\w*|verwij(s|z)\w*"
    r"|refer\w*"
    r"|een (jonge |oudere )?(man|vrouw|meneer|mevrouw|jongen|meisje|moeder|vader|weduwe|weduwnaar)"
    r"|(a|an) (young |older )?(man|woman|mother|father|widow)"
    # people the writer would send somewhere (everyday blind 18's advisor: a woonconsulent with "twee huurders" and
    # a wijkagent with "deze mensen" wanted a service to refer to, and got the starter's step). On everyday dev 7
    # starters became referrers: those two, another wijkagent, two practice nurses, a district nurse.
    r"|naartoe (\w+ )?(sturen|verwijzen)|(ze|hen|hun|deze mensen) (\w+ )?(aanbieden|sturen|doorsturen)"
    r"|twee (huurders|buren|gezinnen|partijen|bewoners)|send them|refer them"
    # "Naar wie kan ik zulke bewoners doorsturen?" (a wijkagent; everyday dev_blind30's advisor: told to set up an
    # initiative group where he wanted somewhere to send people)
    r"|doorstur\w*|(kan|moet) ik (ze|hen|die|zulke \w+) (\w+ )?(naar )?sturen"
    # a place the writer looks for where the people they meet can go ("Ik zoek een vaste plek waar ze … kunnen
    # eten": a maatschappelijk werker about her clients, told to buy a Resto VanHarte licence; advisors 53 a/b)
    r"|(plek|plaats|plekje|adres|plek of groep) (\w+ )?waar (ze|zij|hij|mijn \w+) (\S+ ){0,12}(kunnen|kan|terecht))\b"
)
#: The writer will set something up ("opzetten", "starten", "in onze school invoeren"): then a professional.
_STARTS = re.compile(
    r"\b(opzetten|op te zetten|starten|opstarten|oprichten|beginnen met|invoeren|in te voeren|organiseren|uitvoeren"
    r"|(?<!ze )(?<!hen )(?<!hun )aanbieden|openen|op poten zetten|ontwikkelen"
    # not what others do ("they start drilling at 7 am" made a resident who wants a mediator a starter: everyday
    # dev_blind32's advisor)
    r"|(?<!they )(?<!he )(?<!she )(?<!it )(?<!ze )(?<!zij )(?<!hij )(?:set up|start|run|implement"
    r"|organi[sz]e(?! (his|her|their|my|your) ))"
    # a room offered for it (everyday blind 19's advisor: a corporation with "een lege ruimte op de begane grond"
    # was told what to tell the one tenant its story mentioned)
    r"|(we|wij) hebben (hier )?(een |de |ons )?(\w+ )?(zaal|ruimte|lokaal|keuken|locatie)"
    # doing it themselves ("Het hoeft geen dure instelling te zijn, we willen het zelf doen": advisor 40's two raters,
    # a father told only to ask whether a fathers' centre exists); 5 more of everyday dev's stories, all such residents
    r"|(we|wij|ik) (willen|wil|gaan|doen|kunnen|zouden)( het| dat| dit| alles)?( liever| graag| het liefst| gewoon)?"
    r" zelf( \w+)? (doen|regelen|oppakken|draaien|trekken|dragen)"
    r"|(we|wij|ik) (doen|regelen|trekken) (het|dat|dit) (liever |gewoon )?zelf"
    # making or beginning one ("ik wil n toneelstuk maken met mensen uit mn wijk", "we willen een moestuin beginnen",
    # "ik zou een groep willen beginnen"): advisors 51 found two such residents told only to ask whether one exists.
    # On everyday dev's long and chat messages 73 more match, read one by one: all would make or begin it (plays, a
    # residents' list of wishes, a fathers' group, "een vuist maken"). Not "een plan maken": a family that wants to
    # make its own plan takes part in an Eigen Kracht-conferentie (the resident's step asks for one); with it, 12 such
    # families got "Zo'n conferentie kun je als bewoners niet zelf organiseren". 45 of those 75 steps changed, then 29
    r"|(ik|we|wij) (wil|willen|zou|zouden) (graag |zelf |hier |samen )*(\w+ ){0,6}(een|n|zo'?n|iets) "
    r"(?!(\w+ )?plan\b)(\w+ ){0,3}(willen )?(maken|beginnen))\b"
)


#: The same in the other answer languages, on the case-folded text (folding drops their letters): "I work at", "a
#: volunteer at the mosque", "jestem studentką pracy socjalnej", "we are an organisation". Everyday blind 18's
#: advisor: mosque volunteers who wanted to open a centre (in Arabic) and a Polish social-work intern were told where
#: to ask, as residents. Only a role or an organisation counts ("pracuję w szklarni", "Вдень працюю" do not). On
#: everyday dev's 2,314 long and chat messages 72 went from resident to starter, read one by one: volunteers at
#: mosques, libraries and community centres, teachers, social workers, municipal and housing staff; at a push two
#: (a women's-group member who wants more responsibility, a community-centre volunteer writing about a neighbour).
_ORGANISER_OTHER = re.compile(
    r"\b(i work (as|for|at|in) (a |an |the |our )?(\w+ ){0,2}(organi[sz]ation|association|council|municipality"
    r"|school|charity|centre|center|consultancy|foundation|worker|teacher|coordinator|officer|nurse|manager|library"
    r"|mosque|church)|i volunteer|i'?m (a |an )?(\w+ )?volunteer|we are (a|an) (\w+ )?(organi[sz]ation|charity"
    r"|association|foundation|school|group|team|housing)"
    r"|gönüllüyüm|öğretmenim|biz bir (\w+ )?(dernek|vakıf|kuruluş|okul)"
    r"|pracuję jako|pracuję w (\w+ )?(urzędzie|organizacji|szkole|fundacji|stowarzyszeniu|bibliotece|ośrodku)"
    r"|jestem (wolontariusz\w*|nauczyciel\w*|pracownik\w* socjaln\w*|studentk\w* pracy|studentem pracy"
    r"|pielęgniar\w*\b(?!,? ale)|koordynator\w*)"
    # care roles (advisors 57 a/b: "Jestem pielęgniarką środowiskową" told "jako mieszkańcy nie zrobicie tego sami"),
    # not one who says she asks as a mother or a neighbour ("Soy enfermera, pero pregunto por mi vecino")
    r"|i'?m (a |an )?(\w+ )?nurse\b(?!,? but| by profession)|soy enfermer[oa]\b(?!,? pero)|hemşireyim"
    r"|я (\w+ )?медсестр\w*\b(?!,? але)|أنا (ممرض|ممرضة)"
    r"|jesteśmy (\w+ )?(organizacj\w*|stowarzyszen\w*|fundacj\w*|szkoł\w*)"
    r"|працюю (в |у )?(організаці\w*|школі|муніципалітет\w*|бібліотец\w*|громадськ\w*|соціальн\w*|вчител\w*"
    r"|асистент\w* вчител\w*|координатор\w*)"
    r"|я (волонтер\w*|вчител\w*|соціальн\w+ працівни\w*|режисер\w*|координатор\w*)"
    r"|ми (\w+ )?(організаці\w*|громадськ\w+)"
    r"|trabajo (como|en|para) (el |la |una |un )?(ayuntamiento|organizaci|asociaci|escuela|fundaci|biblioteca|centro"
    r"|trabajador|coordinador|profesor|maestr|urbanista)\w*|soy (voluntari[oa]|profesor\w*|maestr[oa]"
    r"|trabajador\w* social)|somos (una|un) (\w+ )?(organizaci[oó]n|asociaci[oó]n|fundaci[oó]n|escuela|grupo))"
    r"|(?<!أن )(أعمل|اعمل) (في (البلدية|منظمة|مدرسة|جمعية|مؤسسة|مركز)|ك|بصفتي)"
    r"|أنا (متطوع|متطوعة|معلم|معلمة|مدرس|مدرسة|أخصائي|أخصائية)|نحن (منظمة|جمعية|مؤسسة|مدرسة|مجموعة)"
)


def writes_as_organiser(text: str) -> bool:
    """The writer would run an approach (a professional, an organisation): the next step is to start it."""
    lowered = text.casefold()
    return bool(_ORGANISER.search(fold(text)) or _ROLE_FIRST.match(lowered) or _ORGANISER_OTHER.search(lowered))


#: :data:`_STARTS` in the other answer languages, on the case-folded text: "chcemy coś zbudować zamiast czekać na
#: gminę" (everyday dev_blind29's advisor: residents who would start it themselves were sent to ask the municipality).
#: Not "تنظيم أموره" ("to organise his affairs", what a young man needs help with: advisors 53 a/b, a mother told to
#: start a Buurtcirkel herself; the other 10 of dev's Arabic stories with تنظيم would organise something).
_STARTS_OTHER = re.compile(
    r"\b(założyć|zalozyc|zorganizować|zorganizowac|zbudować|zbudowac|rozpocząć|rozpoczac|stworzyć|stworzyc"
    r"|kurmak|başlatmak|baslatmak|düzenlemek|duzenlemek|organize etmek"
    r"|створити|організувати|започаткувати|заснувати|відкрити"
    r"|crear|montar|organizar(?! (sus?|mis?|tus?) )|poner en marcha|empezar|fundar|gründen|aufbauen|organisieren"
    r"|créer|monter|organiser)\b"
    r"|(تأسيس|إنشاء|تنظيم(?! ?(أمور|شؤون))|نؤسس|ننشئ|ننظم)"
)


def organiser_words(text: str) -> list[str]:
    """The words that make the writer a professional ("ik ben wijkagent", "als gemeente"), if any: where
    :func:`assistant.answer.bodies.speaks_for` reads their kind of organisation."""
    return [m.group(0) for m in (_ORGANISER.search(fold(text)), _ROLE_FIRST.match(text.casefold())) if m]


def sets_up(text: str) -> bool:
    """The message speaks of setting something up or running it, not of sending people to it."""
    plain = fold(text)
    starts = _STARTS.search(plain) or _STARTS_OTHER.search(text.casefold())
    return bool(starts) and not _ABOUT_SOMEONE.search(plain)


def _in_practice(text: str) -> bool:
    """The words that make the writer a professional name a GP's practice or a role in one (:data:`_ALWAYS_REFERS`)."""
    return any(_ALWAYS_REFERS.search(words) for words in organiser_words(text))


def rule_role(text: str) -> Role:
    """The writer's role by the patterns alone (see the module's docstring); a resident unless the message says more.

    On everyday dev's 1,354 long and chat messages: 36 referrers and 30 commissioners. Against the persona each was
    written for (the bank's `about`), all 30 commissioners are municipal staff or council members; about 7 of the
    referrers would rather run the approach (teachers, housing-corporation consultants)."""
    plain = fold(text)
    professional = writes_as_organiser(text) and not resident_group(text)
    if (professional and _COMMISSIONER_ROLE.search(plain)) or _AS_COMMISSIONER.search(plain):
        return "opdrachtgever"
    said = _ORGANISER.search(plain)  # the words that make the writer a professional: is that a practice's role?
    refers = bool(_REFERRING_ROLE.search(plain) and _ABOUT_SOMEONE.search(plain))
    refers = refers or (said is not None and bool(_ALWAYS_REFERS.search(said.group(0))))
    if professional and refers and not _STARTS.search(plain):
        return "verwijzer"
    return "professional" if professional else "bewoner"


#: The role model's probability from which it decides; under it the patterns do (see :func:`writer_role`).
MODEL_SURE = 0.5
#: Where no role reaches MODEL_SURE and the patterns see a resident, the model's roles other than resident together at
#: least this sure give the likeliest of them: "Trabajo como enfermera en un equipo de salud mental …" (professional
#: 0.40, referrer 0.33) got the residents' "como residentes no podéis hacerlo solos" (advisor 40). Role dev (700),
#: read right overall / residents: off 0.916 / 0.863, 0.6 0.919 / 0.840, 0.7 0.921 / 0.859, 0.75 0.919 / 0.863,
#: 0.8 0.917 / 0.863: the most that costs no resident.
NOT_RESIDENT_SURE = 0.75


def writer_role(text: str, probs: Mapping[str, float] | None = None) -> Role:
    """The writer's role for the next step: the role model's reading (`probs`, :class:`RoleReader`) where it is at
    least :data:`MODEL_SURE` sure, except that a role the patterns (:func:`rule_role`) read stands against the
    model's "resident"; else the patterns.

    On the role bank's dev split (700 messages from `eval/briefs/roles.md`, a quarter of them look-alikes) the
    patterns read 0.511 right (starters 0.339, referrers 0.229, commissioners 0.229: roles said in other words than
    they list), the model 0.956, the two as here 0.919 (starters 0.943, referrers 0.929, commissioners 0.981,
    residents 0.871; retrained with `train_d` in stop 46, the model 0.953 and the two 0.921; with a residents' group
    read as residents (:func:`.persona.resident_group`) in stop 49, the two 0.924, residents 0.859 → 0.867). The
    model alone would take 86 of everyday dev's starters the patterns read for residents, nearly all wrongly (a
    wijkagent, teachers, a buurtsportcoach, a wijkregisseur: the bank's contrast batch `train_c` teaches that
    residents organising something themselves stay residents); where the patterns saw no role, it changes 211 of
    those 2,914 long and chat messages, 166 of them resident to starter: of 25 read, 20 starters the patterns missed
    (a school director, church volunteers, a baker, "juf hier 👋", "I work in community development for a housing
    association"), 5 residents who would organise something themselves.

    Retrained in stop 60 with `train_f` (writers who would run it themselves but say what they do, not what they
    are: advisors 76–77 found 10–15 of 25 next steps not for the writer's role): role dev 0.927 → 0.929 (the model
    0.966 → 0.964), role blind 2 0.960 → 0.957 (one message). On everyday dev 159 of 8,553 long and chat messages
    change role (101 resident to starter); a helper briefed as a Movisie advisor compared 24 of those answers, blind
    to which was which: overall better 15, worse 8, next step better 12, worse 8 (the worse: residents read as
    commissioners or starters, a student with a private idea)."""
    if minor_writer(text):  # a resident, whatever the patterns make of what they do (ages.minor_writer)
        return "bewoner"
    rule = rule_role(text)
    if probs:
        best = max(probs, key=lambda k: probs[k])
        family = best == "verwijzer" and rule == "bewoner" and for_family(text)
        # a GP's practice refers, whatever the model makes of its plans (_ALWAYS_REFERS): 3 of everyday dev's 8,553 long
        # and chat messages change, practice nurses the model read as starters, and advisors 79's practice
        practice = rule == "verwijzer" and best == "professional" and _in_practice(text)
        if probs[best] >= MODEL_SURE and not (best == "bewoner" and rule != "bewoner") and not family and not practice:
            return cast(Role, best)
        others = {k: v for k, v in probs.items() if k != "bewoner"}
        if rule == "bewoner" and others and sum(others.values()) >= NOT_RESIDENT_SURE:
            return cast(Role, max(others, key=lambda k: others[k]))
    return rule


class RoleReader:
    """The role model (`templates/role_model.npz`, loaded on first use) with the patterns; without the model's
    weights the patterns alone."""

    def __init__(self, embedder: Embedder | None = None, model: RoleModel | None = None) -> None:
        self._lazy = LazyModel(RoleModel, embedder, model)

    def warm_up(self) -> None:
        self._lazy.warm_up()

    def probabilities(self, text: str, vector: np.ndarray | None) -> dict[str, float] | None:
        """The model's probability of each role; None without its weights."""
        return self._lazy.probabilities(text, vector)

    def role(self, text: str, vector: np.ndarray | None) -> Role:
        return writer_role(text, self.probabilities(text, vector))
