"""The words that link the writer's sentence to the approach's under "Waarom het past": told back where it can be
(:func:`~assistant.answer.address.told_back`: "je wilt … — daar is X voor bedoeld:"), else quoted as the writer's
question or statement ("je vraagt ‘…’ — …"), with the approach's name as a Dutch sentence takes it."""

from __future__ import annotations

import re
from collections.abc import Mapping

from assistant.answer.address import told_back
from assistant.answer.echo import asks

#: The approach names that take an article in a Dutch sentence ("daar is de ABCD-methode voor bedoeld"), and those
#: that are plural ("Moeder- en vadercentra"), which get the words without a verb ("dat sluit aan bij …:"): a pairwise
#: advisor on dev read "daar is ABCD-methode voor bedoeld" and "Moeder- en vadercentra is bedoeld" as slips (3 of 20
#: answers). Any other name is a proper name.
_WITH_ARTICLE = {
    "ABCD-methode": "de ABCD-methode",
    "Eigen Kracht-conferentie": "de Eigen Kracht-conferentie",
    "Het vouchersysteem": "het vouchersysteem",
}
_PLURAL = frozenset({"Moeder- en vadercentra", "7 bouwstenen voor het opstellen van een buurtagenda"})
#: A Doelgroep sentence that is a clause of its own ("de primaire doelgroep zijn …", "De intermediaire doelgroep
#: bestaat uit …", "de interventie richt zich op …") cannot follow "X is bedoeld voor:" (the same advisor: "broken
#: construction", 2 of 20); it gets the general words ("dat sluit aan bij X:").
_CLAUSE_OF_ITS_OWN = re.compile(r"^(de|het|deze|dit)( \w+)? (doelgroep|interventie|aanpak|methode)\b", re.I)


def link_words(t: Mapping[str, str], said: str, key: str, name: str, formal: bool, unit: str = "") -> str:
    """The words that link the writer's sentence `said` to approach `name`'s sentence `unit` of field `key` (the
    answer's templates `t`): the sentence told back where it can be (:func:`told_back`), else quoted as the writer's
    question or statement."""
    # (a plural name too: "daar zijn 7 bouwstenen voor het opstellen van een buurtagenda voor bedoeld" would also
    # have the same advisor's "double voor")
    key = "" if (key == "doelgroep" and _CLAUSE_OF_ITS_OWN.match(unit)) or name in _PLURAL else key
    name = _WITH_ARTICLE.get(name, name)
    told = told_back(said, formal)  # (None for a question: its word order would change)
    if told:
        return t.get(f"link_told_{key}", t["link_told"]).format(told=told.rstrip(".!"), name=name)
    return t.get(f"link_{'asked' if asks(said) else 'why'}_{key}", t["link_why"]).format(said=said, name=name)
