"""The extractive answerer's margins and thresholds, each with the measurement that decided it (data, not branches:
:mod:`assistant.answer.extractive` imports them)."""

from __future__ import annotations

GENERAL_MARGIN = 0.02
#: Up to this many words a message naming costs, contact details or opening hours asks for them. On everyday dev, 18
#: long stories and chat messages mentioned them in passing ("zijn telefoon", "de subsidie stopte") and were answered
#: "the overview gives no costs"; the intent bank's 23 off-topic questions about costs are read as off-topic anyway.
FACT_QUESTION_WORDS = 15
#: An approach beside the best is shown when its score is this close to the best's. On everyday dev's 155 long and
#: chat-spelling messages (answer top 3 / approaches shown / share of them expected): 0 → 0.787 / 0.99 / 0.787,
#: 0.01 → 0.916 / 1.68 / 0.729, 0.015 → 0.935 / 2.13 / 0.629, 0.02 → 0.942 / 2.52 / 0.553, 0.04 → 0.942 / 3.66 /
#: 0.305 (the advisor: "four approaches where one fits"). The advisors of blind 4 and dev_blind4 still found padding
#: ("recommend one, at most two"); on everyday dev's 648 long and chat messages, on search (an expected approach
#: shown / approaches shown / share expected): 0.015 → 0.960 / 1.78 / 0.734, 0.01 → 0.943 / 1.46 / 0.800, 0.0075 →
#: 0.929 / 1.30 / 0.833.
#: Tried and left out (issue #15's eleventh round, the advisor of blind 11: "runners-up by keyword, not by the
#: situation"): a runner-up only when its nearest editors' situation is within W of the nearest of all. Everyday dev's
#: 1,474 long and chat messages (answer top 3 / approaches shown / share expected): off 0.944 / 1.28 / 0.746, W=0.03
#: 0.943 / 1.28 / 0.747, W=0.02 0.942 / 1.27 / 0.753; W=0.01 on the long ones alone top 3 0.932 → 0.917.
FIT_GAP = 0.01
#: The same for a story (more than :data:`COMPACT_WORDS` words), which tells one situation: three advisors of
#: dev_blind39's 25 answers (20 of them stories) each named the weak extras (Buurtbemiddeling "where there is no
#: conflict", Buurtreminiscentie beside a meal) among their five findings. On 867 of everyday dev's long stories (an
#: expected approach shown / approaches shown / share expected): 0 → 0.930 / 1.00 / 0.930, 0.0025 → 0.943 / 1.05 /
#: 0.904, 0.005 → 0.948 / 1.10 / 0.873, 0.0075 → 0.957 / 1.16 / 0.840, 0.01 → 0.961 / 1.23 / 0.804. A short question
#: keeps FIT_GAP: "eenzaamheid bij ouderen, wat kan ik doen?" asks for more than one, and got one at 0.005.
FIT_GAP_STORY = 0.005
#: Where no approach is within the gap, a second is shown when the second-approach model reads it this sure
#: (:mod:`assistant.retrieve.also_model`, measured there): everyday dev's long stories cross-validated, a second shown
#: for 0.060 of them, 0.769 in the gold list (0.4: 0.122, 0.640). A helper briefed as a Movisie advisor compared the
#: 20 of dev_blind82's 120 long and chat answers a floor of 0.4 changed, blind to which was which: overall better 12,
#: worse 8; of those from 0.5, better 7 of 8, under it 5 of 12 (Right to challenge to a municipality handing out a
#: budget, Wijktheater to a nurse, Buurtcirkel to a man with brain injury).
ALSO_FITS = 0.5
#: Tried and left out (issue #15, everyday blind 13's advisor: padding, mostly to readers of other languages): 0.007
#: for an answer in another language than Dutch. Everyday dev's 351 long and chat messages in other languages (answer
#: top 3 / approaches shown / share expected): 0.01 → 0.929 / 1.51 / 0.626, 0.007 → 0.906 / 1.31 / 0.698. On
#: everyday blind 14 (all languages) the share did not rise (long 0.860 → 0.859) and long top 3 fell 0.953 → 0.929.
#: A follow-up that asks for more ("en voor ouderen?", "is er nog iets anders?") keeps the earlier margin: intent dev's
#: follow-ups resolved went 0.911 → 0.899 with 0.01 (a follow-up is resolved when every approach it is about is cited).
FOLLOW_UP_GAP = 0.015
HELP_MARGIN = 0.05  # a question asking what to do wants approaches, unless a general passage clearly fits better
CRISIS_MAX_CHARS = 8000  # the crisis check reads the message up to here; retrieval only its first max_query_chars
#: A list question gets what the LIST_VOTERS nearest known list questions vote for (at least LIST_VOTE of the best
#: vote), and every approach within LIST_MARGIN of retrieval's best, on the question's vector with the generic
#: "which approaches are there" direction partly taken out (LIST_ALPHA). Measurements: `retrieve/votes.py` and
#: :data:`assistant.answer.listing.GENERIC_LIST_QUESTIONS`; without votes (another embedding model) the margin is
#: LIST_MARGIN_ALONE, at least LIST_MIN.
LIST_ALPHA = 0.5
LIST_VOTERS, LIST_VOTE = 3, 0.5
LIST_MARGIN = 0.01
LIST_MARGIN_ALONE = 0.04
LIST_MIN = 3
#: A follow-up that adds a condition ("en voor ouderen?" after a question about youth) is searched with its own
#: vector plus this share of the last question's: the condition leads, the subject stays. On intent dev's 269
#: follow-ups (resolved / precision of the approaches shown): 0.3 → 0.892 / 0.772, 0.5 → 0.918 / 0.779, 1.0 →
#: 0.918 / 0.777, 1.5 → 0.922 / 0.779; the smaller weight of the plateau keeps "en voor ouderen?" about ouderen.
CONDITION_WEIGHT = 0.5
#: A message of at most this many words from a resident gets a compact answer: one sentence of how the best approach
#: works instead of all of it (the advisor of everyday blind 9: "a compact B1 answer for short informal messages";
#: its 35 chat messages had 13–28 words, its 85 long stories 38–98).
COMPACT_WORDS = 30
#: A message under the refusal floor is still near the sources when one of the best this many hits is an approach
#: whose editors' everyday words it uses (:meth:`~assistant.answer.extractive.ExtractiveAnswerer._near_sources`):
#: "mijn moeder van 80 is eenzaam, wat kan ik doen?" (model: approach 0.43, out of scope 0.24) was refused, its best
#: hit GoldenSports without such a word and Resto VanHarte's "eenzaam" second.
NEAR_TERMS_WITHIN = 3
