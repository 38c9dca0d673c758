"""Who writes, read once per message into the answer's :class:`~assistant.answer.draft.Draft`: the role (model and
patterns, :mod:`.roles`), a group of residents (:mod:`.group_writer`), and the persona's patterns (:mod:`.persona`,
:mod:`.bodies`) that the next step and the connecting text depend on."""

from __future__ import annotations

import numpy as np

from assistant.answer import persona
from assistant.answer.bodies import asked_body, speaks_for, writer_body
from assistant.answer.concerned import concerned
from assistant.answer.draft import Draft, writes_formally
from assistant.answer.group_writer import GroupReader
from assistant.answer.persona import on_placement, relative, speaks_as_we, supporter
from assistant.answer.roles import RoleReader, sets_up


def read_writer(q: str, language: str, vector: np.ndarray, roles: RoleReader, groups: GroupReader) -> Draft:
    """A draft in `language` for the writer of `q` (its embedding `vector`)."""
    role = roles.role(q, vector)
    d = Draft(language, formal=language == "nl" and writes_formally(q), role=role, body=writer_body(q, role))
    d.group, d.supporter = groups.is_group(q, vector), supporter(q) if language == "nl" else None
    d.knows_people = language == "nl" and persona.knows_people(q)
    d.relative, d.we = relative(q) if language == "nl" and role == "bewoner" else None, speaks_as_we(q)
    d.asked_body, d.starter, d.intern = asked_body(q), sets_up(q) or d.group, on_placement(q)
    d.works_at, d.council = speaks_for(q), persona.council_member(q)
    d.concerned = concerned(q, language) if role == "bewoner" and not d.group and not d.we else None
    return d
