"""One base for the errors the assistant raises on purpose.

A :class:`WijkWijzerError` carries a message meant for the person at the keyboard (Dutch where users see it,
naming the file, line or setting at fault). The CLI prints it on one line and exits 1; the web layer turns it into
a JSON error. Anything else — a bare ``ValueError`` or ``OSError`` from a bug — is not caught there and shows as a
traceback, in tests too. Subclasses keep the built-in base they had (``ValueError``, ``RuntimeError``), so callers
that catch those still do.
"""

from __future__ import annotations

from pathlib import Path


class WijkWijzerError(Exception):
    """An expected failure with a message for the user."""


class ConfigError(WijkWijzerError, ValueError):
    """A setting, option or input file that cannot be used as given."""


def read_text_file(path: str | Path, what: str, error: type[WijkWijzerError] = ConfigError) -> str:
    """The UTF-8 text of a file the user points at; a missing or unreadable file is an `error` (a
    :class:`ConfigError` unless the caller has its own) that names it (`what`: e.g. 'vragenbestand')."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{what} niet gevonden: {path}") from None
    except UnicodeDecodeError as exc:
        raise error(f"{what} is geen UTF-8 tekst: {path} ({exc.reason})") from None
    except OSError as exc:
        raise error(f"{what} kan niet gelezen worden: {path} ({exc.strerror})") from None


def write_text_file(path: str | Path, text: str, what: str) -> None:
    """Write a file the user asked for (`-o`, `--out`); a folder that is missing or not writable is a
    :class:`ConfigError` that names it."""
    path = Path(path)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{what} kan niet geschreven worden: {path} ({exc.strerror})") from None
