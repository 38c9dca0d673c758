"""A story's direct question about the help the writer has in mind ("is het ook voor meiden?"), answered on top of
the best approach: the side-question model, its bank, and the answer's line."""

from __future__ import annotations

import numpy as np

from assistant.answer.draft import templates
from assistant.answer.label_train import fit_model
from assistant.answer.side import NOT_GIVEN, SideModel, SideQuestions, wishes_cheap
from assistant.embed.hashing import HashEmbedder
from assistant.evaluation.grounding import check_grounding
from assistant.evaluation.hallucination import find_hallucinations
from assistant.evaluation.reference import build_reference, norm
from assistant.evaluation.side import load_side_bank, side_line
from assistant.service import WijkWijzer

GIRLS = (
    "Mijn dochter van 11 zit na school alleen maar op haar telefoon en haar rapport wordt slechter. Ze is gek op "
    "voetbal en zou graag met andere kinderen uit de wijk trainen, als er ook iemand is die helpt met haar huiswerk. "
    "Is het ook voor meiden?"
)


def test_a_two_label_model_learns_both_labels() -> None:
    """A binary logistic regression has one row of weights: both labels used to get it, and every message read
    0.5 / 0.5 from that part (the side model's probabilities stayed between 0.3 and 0.7)."""
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal(1.0, 0.3, (40, 8)), rng.normal(-1.0, 0.3, (40, 8))]).astype(np.float32)
    texts = [f"zin {i}" for i in range(80)]
    y = np.array([1] * 40 + [0] * 40)
    model = fit_model(SideModel, texts, y, HashEmbedder(), 4.0, 8.0, vectors=lambda _: x)
    probs = model.probabilities(texts[:1] + texts[-1:], np.vstack([x[:1], x[-1:]]))
    assert probs[0, 1] > 0.6 and probs[1, 0] > 0.6  # side for the first, main for the last


def test_the_bank_reads_stories_into_question_sentences_and_keeps_train_apart() -> None:
    dev = load_side_bank("dev")
    assert {i.label for i in dev} == {"side", "main"}
    held = {" ".join(i.text.casefold().split()) for split in ("dev", "blind") for i in load_side_bank(split)}
    train = load_side_bank("train")
    assert len(train) > 1000 and not held & {" ".join(i.text.casefold().split()) for i in train}


def test_facts_the_overview_never_gives_are_recognised() -> None:
    asked_here = ("Is er een wachtlijst?", "Krijg je er een certificaat voor?", "Чи це безкоштовно?", "Is dat bewezen?")
    for asked in asked_here:
        assert NOT_GIVEN.search(asked), asked
    assert not NOT_GIVEN.search("Is het ook voor meiden?")


def test_a_side_question_is_answered_on_top_of_the_best_approach(e5_ww: WijkWijzer) -> None:
    answer = e5_ww.ask(GIRLS)
    first = next(b for b in answer.text.split("\n\n") if b.startswith("**1. "))
    line = first.split("\n")[1]  # right under the approach's name
    assert line == side_line(answer.text) and "‘Is het ook voor meiden?’" in line
    assert "Futsal Chabbab" in first.split("\n")[0] and norm("jongens en meisjes") in norm(line)
    assert not answer.text.startswith("Ja")  # no bare yes to a question about one property
    ref = build_reference(e5_ww.overview())  # the writer's question is theirs, the quotes the overview's
    assert check_grounding(answer, ref, GIRLS).ok and not find_hallucinations(answer, ref, GIRLS)
    cost = e5_ww.ask(GIRLS.replace("Is het ook voor meiden?", "Wat kost dat per maand?"))
    missing = side_line(cost.text, missing=True)
    assert missing is not None and "‘Wat kost dat per maand?’" in missing and "[" not in missing  # nothing cited


def test_a_story_that_only_asks_for_help_gets_no_side_line(e5_ww: WijkWijzer) -> None:
    plain = GIRLS.replace("Is het ook voor meiden?", "Bestaat er zoiets bij ons in de buurt?")
    assert side_line(e5_ww.ask(plain).text) is None
    assert side_line(e5_ww.ask("Is Futsal Chabbab ook voor meiden?").text) is None  # one sentence: a fact question


def test_without_the_models_embedding_no_side_question_is_read() -> None:
    embedder = HashEmbedder()
    assert SideQuestions(embedder).asked(GIRLS, lambda text: embedder.embed_queries([text])[0]) is None


def test_every_language_has_the_side_lines() -> None:
    for texts in templates().values():
        assert "{asked}" in texts["side_asked"] and "{asked}" in texts["side_missing"]
        assert "’ — " in texts["side_asked"]  # the writer's words, then the dash: the checkers leave them out


def test_a_wish_for_cheap_help_is_told_the_overview_gives_no_costs(e5_ww: WijkWijzer) -> None:
    assert wishes_cheap("ik zoek goedkope maaltijd + gezelschap") and wishes_cheap("any cheap dinners near us?")
    assert wishes_cheap("ucuz olsun") and not wishes_cheap("we denken dat we het goedkoper kunnen")
    assert not wishes_cheap("Met gratis kaartjes hebben we het geprobeerd")  # what was tried, not a wish
    assert wishes_cheap("Hij is gek op voetbal, maar de club is te duur.")  # too dear for the family (advisors 59 a)
    assert wishes_cheap("Futbolu çok seviyor ama kulüp aidatı bizim için çok pahalı.")
    assert not wishes_cheap("Ons buurthuis gaat dicht omdat de gemeente het te duur vindt.")  # the municipality's
    text = e5_ww.ask("ik zoek goedkope maaltijd + gezelschap voor mensen die alleen zijn in de wijk. ken je iets?").text
    first = next(b for b in text.split("\n\n") if b.startswith("**1. "))
    assert "Resto VanHarte" in first and f"- {templates()['nl']['no_cost_given']}" in first.split("\n")
    assert side_line(text) is None  # no side question in so many words
    club = e5_ww.ask(
        "Wij zijn een speeltuinvereniging. De gemeente onderhoudt de speeltuin slecht. Wij denken dat we het zelf "
        "beter en goedkoper kunnen. Hoe pak je dat aan?"
    ).text
    assert templates()["nl"]["no_cost_given"] not in club
