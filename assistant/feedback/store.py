"""Store for thumbs up/down and refused questions (SQLAlchemy: SQLite by default, PostgreSQL for several app
processes), and the content-gap report built from it.

Only scrubbed question text, the rating, a scrubbed comment, the cited approach names and the language are
stored: no IP address, cookie, session id or name. Crisis questions are never stored.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from assistant.errors import WijkWijzerError
from assistant.feedback.scrub import scrub

KINDS = ("up", "down", "refused")
MAX_TEXT = 2000
LOGGING_NAME = "wijkwijzer-feedback"  # SQLAlchemy logs this engine as sqlalchemy.engine.Engine.<LOGGING_NAME>


class _NoRows(logging.Filter):
    """With SQL logging switched on at DEBUG, SQLAlchemy logs every result row, stored questions included."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Row")


def _quiet_engine(url: str) -> sa.Engine:
    """An engine whose log never holds stored text, whatever level an operator switches SQL logging to: no
    statement parameters (also not in error messages) and no result rows."""
    logger = logging.getLogger(f"sqlalchemy.engine.Engine.{LOGGING_NAME}")
    if not any(isinstance(f, _NoRows) for f in logger.filters):
        logger.addFilter(_NoRows())
    return sa.create_engine(url, pool_pre_ping=True, hide_parameters=True, logging_name=LOGGING_NAME)


metadata = sa.MetaData()
events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("normalized", sa.Text, nullable=False),
    sa.Column("approaches", sa.Text, nullable=False, default="[]"),
    sa.Column("comment", sa.Text),
    sa.Column("language", sa.String(8)),
    sa.CheckConstraint("kind IN ('up', 'down', 'refused')", name="events_kind_check"),
    sa.Index("events_kind", "kind", "normalized"),
)


class FeedbackError(WijkWijzerError, RuntimeError):
    """The feedback store cannot be read or written (answers are still served)."""


def normalize(question: str) -> str:
    """Group spellings of one question: lower case, no punctuation, single spaces."""
    return " ".join(re.sub(r"[^\w\s]", " ", question.lower()).split())


@dataclass(frozen=True)
class GapReport:
    """What the editors read: which questions the assistant could not answer or answered badly."""

    totals: dict[str, int]
    refused: list[tuple[str, int]]  # (question, times asked), most frequent first
    thumbs_down: list[tuple[str, int]]
    down_by_approach: list[tuple[str, int]]
    generated_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def to_markdown(self) -> str:
        lines = [
            "# WijkWijzer Assistent — ontbrekende inhoud",
            "",
            f"Gemaakt op {self.generated_at}. Totaal: {self.totals.get('refused', 0)} geweigerde vragen, "
            f"{self.totals.get('down', 0)} duim omlaag, {self.totals.get('up', 0)} duim omhoog.",
            "",
        ]
        for title, rows in (
            ("Vaakst geweigerde vragen (geen passende aanpak in de bronnen)", self.refused),
            ("Vaakst afgekeurde antwoorden (duim omlaag)", self.thumbs_down),
            ("Aanpakken in afgekeurde antwoorden", self.down_by_approach),
        ):
            lines += [f"## {title}", ""]
            if rows:
                lines += ["| aantal | vraag / aanpak |", "| ---: | --- |"]
                lines += [f"| {n} | {text.replace('|', '/')} |" for text, n in rows]
            else:
                lines.append("Geen.")
            lines.append("")
        return "\n".join(lines)


class FeedbackStore:
    """`FeedbackStore(path)` for a SQLite file, or `FeedbackStore(url="postgresql+psycopg://…")` for a database
    several app processes share. Cheap to construct; the table (and a SQLite file's folder) is created on the
    first write."""

    def __init__(self, path: Path | None = None, url: str | None = None) -> None:
        if (path is None) == (url is None):
            raise ValueError("geef een pad of een database-URL voor de feedbackopslag")
        self.path = Path(path) if path is not None else None
        self.url = url or f"sqlite:///{self.path}"
        self._engine: sa.Engine | None = None
        self._lock = threading.Lock()

    def _db(self, write: bool) -> sa.Engine:
        try:
            with self._lock:
                if self.path is not None:
                    if write:
                        self.path.parent.mkdir(parents=True, exist_ok=True)
                    elif not self.path.exists():
                        raise FeedbackError(f"Er is nog geen feedback opgeslagen ({self.path}).")
                if self._engine is None:
                    engine = _quiet_engine(self.url)
                    metadata.create_all(engine)
                    self._engine = engine
                return self._engine
        except (SQLAlchemyError, OSError, ImportError) as exc:
            raise self._unusable(exc) from exc

    def close(self) -> None:
        """Close the pooled connections (the store opens them again when used)."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    def _unusable(self, exc: Exception) -> FeedbackError:
        # the exception's class only: its text could hold a password from the URL
        return FeedbackError(f"Feedbackopslag {self._where()} is niet bruikbaar: {type(exc).__name__}")

    def _where(self) -> str:
        return str(self.path) if self.path is not None else sa.make_url(self.url).render_as_string(hide_password=True)

    def _add(self, kind: str, question: str, approaches: Iterable[str], comment: str | None, language: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"onbekende soort feedback: {kind!r}")
        text = scrub(question.strip())[:MAX_TEXT]
        row = {
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "kind": kind,
            "question": text,
            "normalized": normalize(text),
            "approaches": json.dumps(sorted(set(approaches)), ensure_ascii=False),
            "comment": scrub(comment.strip())[:MAX_TEXT] if comment and comment.strip() else None,
            "language": language,
        }
        engine = self._db(write=True)
        try:
            with engine.begin() as conn:
                conn.execute(events.insert().values(**row))
        except SQLAlchemyError as exc:
            raise self._unusable(exc) from exc

    def add_rating(
        self, question: str, rating: str, approaches: Iterable[str] = (), comment: str | None = None, language: str = ""
    ) -> None:
        """Store a thumbs up ('up') or down ('down') for the answer to `question`."""
        if rating not in ("up", "down"):
            raise ValueError("rating moet 'up' of 'down' zijn")
        self._add(rating, question, approaches, comment, language)

    def add_refused(self, question: str, language: str = "") -> None:
        """Store a question the assistant refused (no fitting approach in the sources)."""
        self._add("refused", question, (), None, language)

    def _read(self, query: Any) -> list[Any]:
        engine = self._db(write=False)
        try:
            with engine.connect() as conn:
                return list(conn.execute(query))
        except SQLAlchemyError as exc:
            raise self._unusable(exc) from exc

    def count(self, kind: str | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(events)
        if kind is not None:
            query = query.where(events.c.kind == kind)
        return int(self._read(query)[0][0])

    def rows(self) -> list[dict[str, object]]:
        """Every stored row (for tests and exports)."""
        return [dict(r._mapping) for r in self._read(sa.select(events).order_by(events.c.id))]

    def _top(self, kind: str, limit: int) -> list[tuple[str, int]]:
        # each group shown in the spelling it was first asked in
        groups = (
            sa.select(sa.func.min(events.c.id).label("first"), sa.func.count().label("n"))
            .where(events.c.kind == kind)
            .group_by(events.c.normalized)
            .subquery()
        )
        query = (
            sa.select(events.c.question, groups.c.n)
            .join(groups, events.c.id == groups.c.first)
            .order_by(groups.c.n.desc(), groups.c.first)
            .limit(limit)
        )
        return [(str(q), int(n)) for q, n in self._read(query)]

    def report(self, limit: int = 20) -> GapReport:
        totals = {
            str(k): int(n) for k, n in self._read(sa.select(events.c.kind, sa.func.count()).group_by(events.c.kind))
        }
        by_approach: Counter[str] = Counter()
        for (names,) in self._read(sa.select(events.c.approaches).where(events.c.kind == "down")):
            by_approach.update(json.loads(names))
        return GapReport(
            totals=totals,
            refused=self._top("refused", limit),
            thumbs_down=self._top("down", limit),
            down_by_approach=by_approach.most_common(limit),
        )
