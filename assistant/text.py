"""Text patterns shared by the answerer, the LLM check and the evaluation: one definition each."""

from __future__ import annotations

import re

#: A citation "[1]" or "[1, 3]" — not the label of a Markdown link: the help lines are "[113](tel:113)".
CITATION = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\](?!\()")
