"""`wijkwijzer corpus fetch`: bring the stored copies of the linked approach pages up to date.

Per approach with a link: a conditional GET; a changed page is extracted and stored (with a description PDF it
links, when small enough); an unchanged one only gets its `checked_at` updated; 404/410 marks it gone (no text is
kept, so the next index build drops it); anything else (no connection, time-out, robots.txt, wrong type, too big,
empty) keeps the stored copy, if there is one. Every URL gives one :class:`PageOutcome` with a line for people.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from assistant.corpus.extract import Extracted, ExtractError, decode_html, extract_html, extract_pdf
from assistant.corpus.fetch import HTML_TYPES, PDF_TYPES, FetchConfig, FetchResult, PageFetcher
from assistant.corpus.pages import PageStore, StoredPage
from assistant.errors import ConfigError
from assistant.settings import Settings
from assistant.text import slugify
from assistant.types import Approach, Overview

SYMBOL = {
    "saved": "✓",
    "updated": "✓",
    "unchanged": "=",
    "gone": "✗",
    "failed": "✗",
    "skipped": "!",
    "removed": "✗",
    "no_link": "·",
}
WORD = {
    "saved": "opgehaald",
    "updated": "bijgewerkt",
    "unchanged": "ongewijzigd",
    "gone": "weg",
    "skipped": "overgeslagen",
    "failed": "mislukt",
}


@dataclass(frozen=True)
class PageOutcome:
    approach: str
    kind: str  # "html" (the linked page) | "pdf" (a description PDF linked from it)
    url: str | None
    result: str  # saved | updated | unchanged | gone | skipped | failed | removed | no_link
    detail: str  # for people, after the dash
    available: bool  # usable text for this page is stored after this run (new or kept)
    status: int | None = None
    final_url: str | None = None

    def line(self) -> str:
        if self.kind == "pdf":  # under its page: '  ↳ ✓ beschrijving.pdf — 200, 12 blz., opgeslagen'
            name = urlsplit(self.url or "").path.rsplit("/", 1)[-1] or "pdf"
            return f"  ↳ {SYMBOL[self.result]} {name} — {self.detail}"
        return f"{SYMBOL[self.result]} {self.approach} — {self.detail}"


@dataclass(frozen=True)
class FetchSummary:
    outcomes: tuple[PageOutcome, ...]

    @property
    def pages(self) -> list[PageOutcome]:
        return [o for o in self.outcomes if o.kind == "html" and o.result != "no_link"]

    @property
    def available(self) -> int:
        return sum(o.available for o in self.pages)

    @property
    def exit_code(self) -> int:
        """Non-zero only when no page at all is available (neither fetched now nor stored before)."""
        return 0 if self.available else 1

    def line(self) -> str:
        counts = {word: sum(o.result == key for o in self.pages) for key, word in WORD.items()}
        parts = [f"{n} {word}" for word, n in counts.items() if n]
        pdfs = sum(o.kind == "pdf" and o.available for o in self.outcomes)
        no_link = [o.approach for o in self.outcomes if o.result == "no_link"]
        text = f"{len(self.pages)} links: {', '.join(parts) or 'niets gedaan'}"
        text += f"; {self.available} pagina's beschikbaar voor de index" + (f" (+ {pdfs} pdf)" if pdfs else "")
        if no_link:
            text += f"; zonder link: {', '.join(no_link)}"
        return text + "."


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class PageRefresher:
    def __init__(
        self,
        store: PageStore,
        fetcher: PageFetcher,
        fetch_pdf: bool = True,
        pdf_max_pages: int = 30,
        now: Callable[[], str] = _now,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.fetch_pdf = fetch_pdf
        self.pdf_max_pages = pdf_max_pages
        self.now = now

    def refresh(
        self,
        approaches: Iterable[Approach],
        force: bool = False,
        report: Callable[[PageOutcome], None] | None = None,
    ) -> FetchSummary:
        outcomes: list[PageOutcome] = []
        for a in approaches:
            for outcome in self.refresh_one(a, force):
                outcomes.append(outcome)
                if report is not None:
                    report(outcome)
        return FetchSummary(tuple(outcomes))

    def refresh_one(self, a: Approach, force: bool = False) -> list[PageOutcome]:
        if not a.url:
            return [PageOutcome(a.name, "html", None, "no_link", "geen link in het overzicht", False)]
        stored = self.store.load(a.slug)
        cached = stored if stored is not None and stored.url == a.url and stored.usable else None
        res = self._get(a.url, None if force else cached, HTML_TYPES | PDF_TYPES)
        if res.outcome == "not_modified" and cached is not None:
            self.store.save(self._checked(cached, res))
            unchanged = self._outcome(a, "html", res, "unchanged", "ongewijzigd (304)", True)
            return [unchanged, *self._pdf(a, None, cached.final_url, force)]
        if res.outcome == "ok":
            return self._store(a, "html", a.url, res, cached, None, force)
        if res.outcome == "gone":
            self.store.save(self._gone(a, "html", a.url, res, stored, None))
            self.store.remove(a.slug, "pdf")
            detail = f"weg ({res.status}): uit de index bij de volgende 'wijkwijzer index'"
            return [self._outcome(a, "html", res, "gone", detail, False)]
        return [self._kept(a, "html", res, cached)]

    # -- helpers ------------------------------------------------------------------------------------
    def _get(self, url: str, cached: StoredPage | None, accept: frozenset[str]) -> FetchResult:
        if cached is None:
            return self.fetcher.fetch(url, accept=accept)
        return self.fetcher.fetch(url, cached.etag, cached.last_modified, accept=accept)

    def _checked(self, page: StoredPage, res: FetchResult) -> StoredPage:
        return replace(
            page,
            checked_at=self.now(),
            etag=res.etag or page.etag,
            last_modified=res.last_modified or page.last_modified,
        )

    def _gone(
        self, a: Approach, kind: str, url: str, res: FetchResult, stored: StoredPage | None, linked_from: str | None
    ) -> StoredPage:
        return StoredPage(
            approach=a.name,
            slug=a.slug,
            kind=kind,
            status="gone",
            url=url,
            final_url=res.final_url or url,
            fetched_at=stored.fetched_at if stored is not None else "",
            checked_at=self.now(),
            http_status=res.status,
            linked_from=linked_from,
        )

    @staticmethod
    def _outcome(a: Approach, kind: str, res: FetchResult, result: str, detail: str, ok: bool) -> PageOutcome:
        return PageOutcome(a.name, kind, res.url, result, detail, ok, res.status, res.final_url or None)

    def _kept(self, a: Approach, kind: str, res: FetchResult, cached: StoredPage | None) -> PageOutcome:
        keep = f"gebruikt de opgeslagen kopie van {cached.date}" if cached is not None else "geen opgeslagen kopie"
        if res.outcome == "skipped":
            return self._outcome(a, kind, res, "skipped", f"overgeslagen: {res.reason} ({keep})", cached is not None)
        reason = "304 zonder eerdere kopie" if res.outcome == "not_modified" else res.reason or res.outcome
        return self._outcome(a, kind, res, "failed", f"{reason} ({keep})", cached is not None)

    def _extract(self, res: FetchResult) -> Extracted:
        if res.is_pdf:
            return extract_pdf(res.body, self.pdf_max_pages)
        return extract_html(decode_html(res.body, res.charset), res.final_url or res.url)

    def _describe(self, res: FetchResult, ex: Extracted) -> str:
        if not res.is_pdf:
            return f"{res.status}, {ex.headings} koppen"
        cut = f" (van {ex.total_pages}; grens {self.pdf_max_pages})" if ex.total_pages > ex.pages else ""
        return f"{res.status}, {ex.pages} blz.{cut}"

    def _store(
        self,
        a: Approach,
        kind: str,
        url: str,
        res: FetchResult,
        cached: StoredPage | None,
        linked_from: str | None,
        force: bool,
    ) -> list[PageOutcome]:
        try:
            ex = self._extract(res)
        except ExtractError as exc:
            return [self._kept(a, kind, replace(res, outcome="skipped", reason=str(exc)), cached)]
        now = self.now()
        page = StoredPage(
            approach=a.name,
            slug=a.slug,
            kind=kind,
            status="ok",
            url=url,
            final_url=res.final_url or url,
            fetched_at=now,
            checked_at=now,
            http_status=res.status,
            text=ex.markdown,
            etag=res.etag,
            last_modified=res.last_modified,
            title=ex.title,
            linked_from=linked_from,
        )
        self.store.save(page)
        if cached is not None and cached.sha256 == page.sha256:
            result, detail = "unchanged", f"ongewijzigd ({res.status}, zelfde tekst)"
        elif cached is not None:
            result, detail = "updated", f"{self._describe(res, ex)}, bijgewerkt"
        else:
            result, detail = "saved", f"{self._describe(res, ex)}, opgeslagen"
        if page.final_url != url:
            detail += f" (doorverwezen naar {page.final_url})"
        out = [self._outcome(a, kind, res, result, detail, True)]
        if kind == "html" and not res.is_pdf:
            out += self._pdf(a, ex.pdf_links, page.final_url, force)
        return out

    def _pdf(self, a: Approach, links: Sequence[str] | None, page_url: str, force: bool) -> list[PageOutcome]:
        """The description PDF a page links to: `links` from freshly fetched HTML, or None (the page gave 304)
        to re-check the stored PDF."""
        if not self.fetch_pdf:
            return []
        stored = self.store.load(a.slug, "pdf")
        if links is None:
            if stored is None or not stored.usable:
                return []
            url = stored.url
        elif not links:
            if stored is None:
                return []
            self.store.remove(a.slug, "pdf")
            return [PageOutcome(a.name, "pdf", stored.url, "removed", "niet meer gelinkt: verwijderd", False)]
        else:
            url = links[0]
        if stored is not None and stored.url != url:
            self.store.remove(a.slug, "pdf")
            stored = None
        cached = stored if stored is not None and stored.usable else None
        res = self._get(url, None if force else cached, PDF_TYPES)
        if res.outcome == "not_modified" and cached is not None:
            self.store.save(self._checked(cached, res))
            return [self._outcome(a, "pdf", res, "unchanged", "ongewijzigd (304)", True)]
        if res.outcome == "ok":
            return self._store(a, "pdf", url, res, cached, page_url, force)
        if res.outcome == "gone":
            self.store.save(self._gone(a, "pdf", url, res, stored, page_url))
            return [self._outcome(a, "pdf", res, "gone", f"weg ({res.status})", False)]
        return [self._kept(a, "pdf", res, cached)]


def select(approaches: Sequence[Approach], only: Sequence[str]) -> list[Approach]:
    """The approaches named in `only` (name or slug, any case); all when `only` is empty."""
    if not only:
        return list(approaches)
    by_key = {a.name.casefold(): a for a in approaches} | {a.slug: a for a in approaches}
    chosen: list[Approach] = []
    for name in only:
        a = by_key.get(name.strip().casefold()) or by_key.get(slugify(name))
        if a is None:
            raise ConfigError(f"onbekende aanpak {name!r}; kies een naam uit het overzicht (wijkwijzer info)")
        chosen.append(a)
    return list(dict.fromkeys(chosen))


def fetch_pages(
    settings: Settings,
    store: PageStore,
    overview: Overview,
    only: Sequence[str] = (),
    force: bool = False,
    report: Callable[[PageOutcome], None] | None = None,
    fetcher: PageFetcher | None = None,
) -> FetchSummary:
    """Fetch (or re-check) the pages `overview` links to into `store`; `only` names approaches."""
    approaches = select(overview.approaches, only)
    with fetcher or PageFetcher(FetchConfig.from_settings(settings)) as f:
        refresher = PageRefresher(store, f, fetch_pdf=settings.fetch_pdf, pdf_max_pages=settings.fetch_pdf_max_pages)
        return refresher.refresh(approaches, force=force, report=report)
