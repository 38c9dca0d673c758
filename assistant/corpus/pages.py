"""The on-disk store of fetched approach pages: `corpus/pages/<slug>.md` (the linked page) and
`corpus/pages/<slug>.pdf.md` (a description PDF linked from it), each Markdown with YAML front matter:

```
---
approach: Buurtbemiddeling
kind: html                 # html | pdf
status: ok                 # ok | gone (404/410: no text kept, never indexed)
url: https://…             # the link in the overview (for a PDF: the link on the page)
final_url: https://…       # after redirects; what answers cite
fetched_at: '2026-11-20T10:03:12+00:00'   # when this text was downloaded
checked_at: '2026-11-21T09:00:00+00:00'   # when the server was last asked (200 or 304)
http_status: 200
etag: '"abc"'
last_modified: Thu, 20 Nov 2026 10:00:00 GMT
sha256: …                  # of the Markdown text below
title: Buurtbemiddeling | Movisie
linked_from: https://…     # PDF only: the page that links it
---
# Buurtbemiddeling
…
```

Files are written atomically (temporary file, then rename), so a reader never sees half a page.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from assistant.errors import WijkWijzerError
from assistant.types import Approach, Overview
from assistant.types import sha256 as text_hash

log = logging.getLogger(__name__)
KINDS = ("html", "pdf")
_SUFFIX = {"html": ".md", "pdf": ".pdf.md"}
_FIELDS: tuple[str, ...] = ("approach", "kind", "status", "url", "final_url", "fetched_at", "checked_at")
_FIELDS += ("http_status", "etag", "last_modified", "sha256", "title", "linked_from")


@dataclass(frozen=True)
class StoredPage:
    approach: str
    slug: str
    kind: str  # "html" | "pdf"
    status: str  # "ok" | "gone"
    url: str
    final_url: str
    fetched_at: str
    checked_at: str
    http_status: int | None
    text: str = ""
    etag: str | None = None
    last_modified: str | None = None
    title: str = ""
    linked_from: str | None = None

    @property
    def sha256(self) -> str:
        return text_hash(self.text) if self.status == "ok" else ""

    @property
    def usable(self) -> bool:
        return self.status == "ok" and bool(self.text.strip())

    @property
    def date(self) -> str:
        """The day this text was fetched, e.g. '2026-11-20'."""
        return self.fetched_at[:10]

    def front_matter(self) -> dict[str, Any]:
        data = asdict(self) | {"sha256": self.sha256}
        return {k: data[k] for k in _FIELDS if data.get(k) not in (None, "")}


class PageFileError(WijkWijzerError, ValueError):
    """A stored page file that cannot be read; the message names it."""


def parse_page(raw: str, slug: str, kind: str) -> StoredPage:
    if not raw.startswith("---\n"):
        raise PageFileError("geen front matter")
    end = raw.find("\n---\n", 3)
    if end < 0:
        raise PageFileError("front matter niet afgesloten")
    meta = yaml.safe_load(raw[4:end]) or {}
    if not isinstance(meta, dict) or not meta.get("approach") or not meta.get("url"):
        raise PageFileError("front matter zonder approach of url")
    status = str(meta.get("status", "ok"))
    http = meta.get("http_status")
    return StoredPage(
        approach=str(meta["approach"]),
        slug=slug,
        kind=str(meta.get("kind", kind)),
        status=status,
        url=str(meta["url"]),
        final_url=str(meta.get("final_url") or meta["url"]),
        fetched_at=str(meta.get("fetched_at", "")),
        checked_at=str(meta.get("checked_at", meta.get("fetched_at", ""))),
        http_status=int(http) if isinstance(http, int) else None,
        text=raw[end + 5 :].lstrip("\n") if status == "ok" else "",
        etag=_opt(meta.get("etag")),
        last_modified=_opt(meta.get("last_modified")),
        title=str(meta.get("title") or ""),
        linked_from=_opt(meta.get("linked_from")),
    )


def _opt(value: object) -> str | None:
    return None if value in (None, "") else str(value)


def render_page(page: StoredPage) -> str:
    head = yaml.safe_dump(page.front_matter(), allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{head}---\n{page.text if page.status == 'ok' else ''}"


class PageStore:
    """Read and write stored pages under `root` (created on first write)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, slug: str, kind: str = "html") -> Path:
        return self.root / f"{slug}{_SUFFIX[kind]}"

    def load(self, slug: str, kind: str = "html") -> StoredPage | None:
        path = self.path(slug, kind)
        try:
            return parse_page(path.read_text(encoding="utf-8"), slug, kind)
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, PageFileError, yaml.YAMLError) as exc:
            log.warning("skipping unreadable page file %s: %s", path, exc)
            return None

    def save(self, page: StoredPage) -> Path:
        path = self.path(page.slug, page.kind)
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=self.root)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(render_page(page))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def remove(self, slug: str, kind: str = "html") -> None:
        self.path(slug, kind).unlink(missing_ok=True)

    def all(self) -> list[StoredPage]:
        """Every readable stored page (gone ones included), sorted by file name."""
        if not self.root.is_dir():
            return []
        pages: list[StoredPage] = []
        for path in sorted(self.root.glob("*.md")):
            kind = "pdf" if path.name.endswith(_SUFFIX["pdf"]) else "html"
            page = self.load(path.name.removesuffix(_SUFFIX[kind]), kind)
            if page is not None:
                pages.append(page)
        return pages


def linked_pages(overview: Overview, store: PageStore) -> list[tuple[Approach, StoredPage]]:
    """Stored pages (and their PDFs) that belong in the index: with text, not gone, and fetched from the link the
    overview gives now (a page fetched for an older link waits for the next `corpus fetch`)."""
    approaches = {a.name: a for a in overview.approaches}
    stored = store.all()
    pages = {p.slug: p for p in stored if p.kind == "html"}
    out: list[tuple[Approach, StoredPage]] = []
    for p in stored:
        a = approaches.get(p.approach)
        page = pages.get(p.slug)
        if a is None or a.slug != p.slug or page is None or not (p.usable and page.usable) or page.url != a.url:
            continue
        out.append((a, p))
    return out
