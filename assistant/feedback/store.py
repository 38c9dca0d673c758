"""SQLite store for thumbs up/down and refused questions, and the content-gap report built from it.

Only scrubbed question text, the rating, a scrubbed comment, the cited approach names and the language are
stored: no IP address, cookie, session id or name. Crisis questions are never stored.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from assistant.feedback.scrub import scrub

KINDS = ("up", "down", "refused")
MAX_TEXT = 2000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('up', 'down', 'refused')),
    question TEXT NOT NULL,
    normalized TEXT NOT NULL,
    approaches TEXT NOT NULL DEFAULT '[]',
    comment TEXT,
    language TEXT
);
CREATE INDEX IF NOT EXISTS events_kind ON events (kind, normalized);
"""


class FeedbackError(RuntimeError):
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
        for title, rows, empty in (
            ("Vaakst geweigerde vragen (geen passende aanpak in de bronnen)", self.refused, "Geen."),
            ("Vaakst afgekeurde antwoorden (duim omlaag)", self.thumbs_down, "Geen."),
            ("Aanpakken in afgekeurde antwoorden", self.down_by_approach, "Geen."),
        ):
            lines += [f"## {title}", ""]
            if rows:
                lines += ["| aantal | vraag / aanpak |", "| ---: | --- |"]
                lines += [f"| {n} | {text.replace('|', '/')} |" for text, n in rows]
            else:
                lines.append(empty)
            lines.append("")
        return "\n".join(lines)


class FeedbackStore:
    """Cheap to construct; the database file (and its folder) is created on the first write."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    @contextmanager
    def _connect(self, write: bool) -> Iterator[sqlite3.Connection]:
        try:
            if write:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            elif not self.path.exists():
                raise FeedbackError(f"Er is nog geen feedback opgeslagen ({self.path}).")
            conn = sqlite3.connect(self.path, timeout=5)
            try:
                conn.executescript(_SCHEMA)
                with conn:
                    yield conn
            finally:
                conn.close()
        except (sqlite3.Error, OSError) as exc:
            raise FeedbackError(f"Feedbackopslag {self.path} is niet bruikbaar: {exc}") from exc

    def _add(self, kind: str, question: str, approaches: Iterable[str], comment: str | None, language: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"onbekende soort feedback: {kind!r}")
        text = scrub(question.strip())[:MAX_TEXT]
        note = scrub(comment.strip())[:MAX_TEXT] if comment and comment.strip() else None
        row = (
            datetime.now(UTC).isoformat(timespec="seconds"),
            kind,
            text,
            normalize(text),
            json.dumps(sorted(set(approaches)), ensure_ascii=False),
            note,
            language,
        )
        with self._lock, self._connect(write=True) as conn:
            conn.execute(
                "INSERT INTO events (created_at, kind, question, normalized, approaches, comment, language) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                row,
            )

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

    def count(self, kind: str | None = None) -> int:
        with self._connect(write=False) as conn:
            if kind is None:
                return int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
            return int(conn.execute("SELECT COUNT(*) FROM events WHERE kind = ?", (kind,)).fetchone()[0])

    def rows(self) -> list[dict[str, object]]:
        """Every stored row (for tests and exports)."""
        with self._connect(write=False) as conn:
            conn.row_factory = sqlite3.Row
            return [dict(r) for r in conn.execute("SELECT * FROM events ORDER BY id")]

    def _top(self, conn: sqlite3.Connection, kind: str, limit: int) -> list[tuple[str, int]]:
        rows = conn.execute(  # each group shown in the spelling it was first asked in
            "SELECT (SELECT question FROM events WHERE id = g.first), g.n FROM "
            "(SELECT MIN(id) AS first, COUNT(*) AS n FROM events WHERE kind = ? GROUP BY normalized) AS g "
            "ORDER BY g.n DESC, g.first LIMIT ?",
            (kind, limit),
        ).fetchall()
        return [(str(q), int(n)) for q, n in rows]

    def report(self, limit: int = 20) -> GapReport:
        with self._connect(write=False) as conn:
            totals = {k: int(n) for k, n in conn.execute("SELECT kind, COUNT(*) FROM events GROUP BY kind")}
            by_approach: Counter[str] = Counter()
            for (names,) in conn.execute("SELECT approaches FROM events WHERE kind = 'down'"):
                by_approach.update(json.loads(names))
            return GapReport(
                totals=totals,
                refused=self._top(conn, "refused", limit),
                thumbs_down=self._top(conn, "down", limit),
                down_by_approach=by_approach.most_common(limit),
            )
