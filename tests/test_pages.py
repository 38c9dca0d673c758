"""Linked approach pages: fetched politely from a local fixture site, extracted, stored with provenance in
`corpus/pages/`, indexed beside the overview, and cited in answers.

No real site is contacted: the overview's links are rewritten to a ThreadingHTTPServer on 127.0.0.1 that serves
the handwritten pages in `tests/fixtures/pages/` (or to `*.invalid` hosts, which never resolve).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
import yaml

from assistant.chunks import overview_chunks
from assistant.cli import main
from assistant.corpus.fetch import HTML_TYPES, FetchConfig, HostThrottle, PageFetcher, retry_after
from assistant.corpus.overview import load_overview
from assistant.corpus.pages import PageStore
from assistant.corpus.refresh import FetchSummary, PageOutcome
from assistant.embed.hashing import HashEmbedder
from assistant.service import WijkWijzer
from assistant.settings import Settings
from assistant.types import sha256

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "pages"
OVERVIEW = ROOT / "corpus" / "wijkwijzer-overzicht.txt"
PDF = "/media/interventiebeschrijving-buurtbemiddeling.pdf"
PDF_MODIFIED = "Thu, 20 Nov 2025 10:00:00 GMT"

#: approach → path on the fixture site; every other approach with a link gets /ontbreekt/<slug> (404)
LOCAL = {
    "Buurtbemiddeling": "/praktijkvoorbeeld/buurtbemiddeling",  # rich page + description PDF
    "Citytrainers": "/interventie/citytrainers",  # 301 → /interventie/citytrainers-2024
    "Buurtcirkel": "/interventie/buurtcirkel",  # windows-1252; 404 once the test says so
    "Het vouchersysteem": "/praktijkvoorbeeld/vouchersysteem",  # ETag; changes on demand
    "Wijktheater": "/praktijkvoorbeeld/wijktheater",  # slower than the timeout
    "Studio BRUIS": "/download/studio-bruis-flyer.zip",  # not HTML
    "Resto VanHarte": "/prive/resto-vanharte",  # robots.txt disallows /prive/
    "Wijk en Psychiatrie": "/praktijkvoorbeeld/wijk-en-psychiatrie",  # larger than the size limit, no length
    "Moeder- en vadercentra": "/praktijkvoorbeeld/moeder-en-vadercentra",  # 200, empty body
}
FETCHED = ("Buurtbemiddeling", "Citytrainers", "Buurtcirkel", "Het vouchersysteem")


# -- the fixture site -------------------------------------------------------------------------------------
@dataclass
class Request:
    at: float
    path: str
    headers: dict[str, str]


@dataclass
class Site:
    """What the fixture site serves; tests change it between fetches."""

    url: str = ""
    version: int = 1  # the vouchersysteem page: each version has its own text and ETag
    gone: set[str] = field(default_factory=set)
    slow: float = 1.5
    requests: list[Request] = field(default_factory=list)
    stop: Callable[[], None] = lambda: None  # stop listening: the port refuses connections from then on

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]


def _read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class Handler(BaseHTTPRequestHandler):
    server: SiteServer

    def log_message(self, format: str, *args: object) -> None:
        return None

    def _send(self, status: int, ctype: str | None, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        site = self.server.site
        path = self.path.split("?", 1)[0]
        site.requests.append(Request(time.monotonic(), path, {k.lower(): v for k, v in self.headers.items()}))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (time-out, size)
            self._route(site, path)

    def _route(self, site: Site, path: str) -> None:
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            self._send(200, "text/plain", _read("robots.txt"))
        elif path == LOCAL["Buurtbemiddeling"]:
            self._send(200, html, _read("buurtbemiddeling.html"))
        elif path == PDF:
            if self.headers.get("If-Modified-Since") == PDF_MODIFIED:
                self._send(304, None)
            else:
                body = _read("interventiebeschrijving-buurtbemiddeling.pdf")
                self._send(200, "application/pdf", body, {"Last-Modified": PDF_MODIFIED})
        elif path == LOCAL["Citytrainers"]:
            self._send(
                301, html, b"<a href='/interventie/citytrainers-2024'>verhuisd</a>", {"Location": "citytrainers-2024"}
            )
        elif path == "/interventie/citytrainers-2024":
            self._send(200, html, _read("citytrainers.html"))
        elif path == LOCAL["Buurtcirkel"]:
            if "buurtcirkel" in site.gone:
                self._send(404, html, b"<h1>Pagina niet gevonden</h1>")
            else:
                self._send(200, "text/html", _read("buurtcirkel.html"))  # charset only in <meta>
        elif path == LOCAL["Het vouchersysteem"]:
            etag = f'"v{site.version}"'
            if self.headers.get("If-None-Match") == etag:
                self._send(304, None, headers={"ETag": etag})
                return
            extra = {1: "", 2: "<p>Sinds 2025 kunnen ook jongerengroepen vanaf zestien jaar een voucher aanvragen.</p>"}
            body = _read("vouchersysteem.html").replace(b"<!--VERSIE-->", extra[site.version].encode())
            self._send(200, html, body, {"ETag": etag})
        elif path == LOCAL["Wijktheater"]:
            time.sleep(site.slow)
            self._send(200, html, b"<h1>Wijktheater</h1><p>Te laat.</p>")
        elif path == LOCAL["Studio BRUIS"]:
            self._send(200, "application/zip", _read("studio-bruis-flyer.zip"))
        elif path == LOCAL["Resto VanHarte"]:
            self._send(200, html, b"<h1>Niet voor robots</h1>")
        elif path == LOCAL["Wijk en Psychiatrie"]:
            self.send_response(200)  # no Content-Length: the limit must hold while streaming
            self.send_header("Content-Type", html)
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>" + b"Wijk en psychiatrie. " * 400 + b"</p>")
        elif path == LOCAL["Moeder- en vadercentra"]:
            self._send(200, html, b"")
        else:
            self._send(404, html, b"<h1>Pagina niet gevonden</h1>")


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Site) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.site = site


@pytest.fixture
def site() -> Iterator[Site]:
    server = SiteServer(Site())
    server.site.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join(5)

    server.site.stop = stop
    yield server.site
    stop()


def write_overview(corpus: Path, base: str) -> None:
    """The real overview with every 'Lees meer op' link pointing at `base` (see LOCAL)."""
    text = OVERVIEW.read_text(encoding="utf-8")
    for a in load_overview(OVERVIEW).approaches:
        if a.url:
            path = LOCAL.get(a.name, f"/ontbreekt/{a.slug}")
            text = text.replace(f"<{a.url}>", f"<{base}{path}>")
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "wijkwijzer-overzicht.txt").write_text(text, encoding="utf-8")


def make_settings(tmp_path: Path, **kw: object) -> Settings:
    fast: dict[str, object] = {
        "embedder": "hash",
        "fetch_interval": 0.0,
        "fetch_timeout": 0.5,
        "fetch_retries": 1,
        "fetch_retry_budget": 2.0,
        "fetch_max_bytes": 200_000,
    }
    return Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", **(fast | kw))  # type: ignore[arg-type]


@pytest.fixture
def ww(site: Site, tmp_path: Path) -> WijkWijzer:
    write_overview(tmp_path / "corpus", site.url)
    return WijkWijzer(make_settings(tmp_path), embedder=HashEmbedder())


def by_approach(summary: FetchSummary, kind: str = "html") -> dict[str, PageOutcome]:
    return {o.approach: o for o in summary.outcomes if o.kind == kind}


def front_matter(path: Path) -> tuple[dict[str, object], str]:
    raw = path.read_text(encoding="utf-8")
    head, body = raw[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


# -- fetching and storing -----------------------------------------------------------------------------
def test_fetch_stores_main_text_with_provenance(ww: WijkWijzer, site: Site) -> None:
    lines: list[str] = []
    summary = ww.fetch_pages(report=lambda o: lines.append(o.line()))
    pages = by_approach(summary)
    overview = ww.overview()
    assert set(pages) == {a.name for a in overview.approaches}  # one outcome per approach, each once
    assert len(lines) == len(summary.outcomes) == len(overview.approaches) + 1  # + the PDF
    assert {n: pages[n].result for n in FETCHED} == dict.fromkeys(FETCHED, "saved")
    assert pages["Buurtbemiddeling"].detail == "200, 5 koppen, opgeslagen"
    assert lines[overview.approaches.index(overview.approach("Buurtbemiddeling")) + 1].startswith(
        "  ↳ ✓ interventiebeschrijving-buurtbemiddeling.pdf — 200, 2 blz., opgeslagen"
    )
    city = pages["Citytrainers"]
    assert city.final_url == site.url + "/interventie/citytrainers-2024" and "doorverwezen naar" in city.detail
    assert pages["Wijktheater"].result == "failed" and "time-out na 0.5 s" in pages["Wijktheater"].detail
    assert "geen opgeslagen kopie" in pages["Wijktheater"].detail
    assert pages["Studio BRUIS"].detail.startswith("overgeslagen: geen HTML maar application/zip")
    assert pages["Resto VanHarte"].detail.startswith("overgeslagen: robots.txt staat ophalen niet toe")
    assert pages["Wijk en Psychiatrie"].detail == "overgeslagen: te groot: meer dan 0.2 MB (geen opgeslagen kopie)"
    assert pages["Moeder- en vadercentra"].detail == "overgeslagen: leeg antwoord, HTTP 200 (geen opgeslagen kopie)"
    assert pages["Buurtreminiscentie"].result == "gone" and pages["Buurtreminiscentie"].detail.startswith("weg (404)")
    assert pages["ABCD-methode"].result == "no_link"
    assert summary.available == 4 and summary.exit_code == 0
    assert summary.line().startswith("20 links: 4 opgehaald, 11 weg, 4 overgeslagen, 1 mislukt; 4 pagina's beschikbaar")

    # robots.txt was read once and honoured; every request says who we are
    assert LOCAL["Resto VanHarte"] not in site.paths() and site.paths().count("/robots.txt") == 1
    assert all(r.headers["user-agent"].startswith("WijkWijzerAssistent/") for r in site.requests)

    stored = sorted(p.name for p in ww.settings.pages_dir.iterdir())
    assert not [n for n in stored if n.endswith(".tmp") or n.startswith(".")]  # atomic writes leave nothing
    names = {"buurtbemiddeling.md", "buurtbemiddeling.pdf.md", "citytrainers.md", "buurtcirkel.md"}
    assert names | {"het-vouchersysteem.md"} <= set(stored)
    assert not {"wijktheater.md", "studio-bruis.md", "resto-vanharte.md", "wijk-en-psychiatrie.md"} & set(stored)

    meta, body = front_matter(ww.settings.pages_dir / "buurtbemiddeling.md")
    url = site.url + LOCAL["Buurtbemiddeling"]
    assert meta["approach"] == "Buurtbemiddeling" and meta["kind"] == "html" and meta["status"] == "ok"
    assert meta["url"] == meta["final_url"] == url and meta["http_status"] == 200
    assert meta["sha256"] == sha256(body) and meta["title"] == "Buurtbemiddeling | Praktijkvoorbeeld | Movisie"
    assert datetime.fromisoformat(str(meta["fetched_at"])).tzinfo is not None
    for heading in ("## Doelgroep", "## Aanpak", "## Materiaal", "## Effectiviteit"):
        assert heading in body
    assert "gemiddeld uit drie gesprekken" in body and "| Afspraken gemaakt | 70% |" in body
    for noise in ("cookies", "Over Movisie", "Privacyverklaring", "Gerelateerde praktijkvoorbeelden", "Zoeken"):
        assert noise not in body  # cookie banner, navigation, sidebar and footer are dropped

    meta, body = front_matter(ww.settings.pages_dir / "buurtbemiddeling.pdf.md")
    assert meta["kind"] == "pdf" and meta["url"] == meta["final_url"] == site.url + PDF
    assert meta["linked_from"] == url and meta["last_modified"] == PDF_MODIFIED
    assert "## Uitvoering" in body and "gemiddeld elf uur" in body

    assert front_matter(ww.settings.pages_dir / "citytrainers.md")[0]["final_url"] == city.final_url
    assert "Café-avonden" in front_matter(ww.settings.pages_dir / "buurtcirkel.md")[1]  # windows-1252 per <meta>
    assert front_matter(ww.settings.pages_dir / "het-vouchersysteem.md")[0]["etag"] == '"v1"'
    gone, body = front_matter(ww.settings.pages_dir / "buurtreminiscentie.md")
    assert gone["status"] == "gone" and gone["http_status"] == 404 and body == "" and "sha256" not in gone


def test_refetch_is_conditional_and_only_the_changed_page_is_embedded_again(ww: WijkWijzer, site: Site) -> None:
    only = ["Het vouchersysteem", "buurtbemiddeling", "Citytrainers"]  # names or slugs
    ww.fetch_pages(only=only)
    first = ww.build_index()
    site.requests.clear()

    again = by_approach(ww.fetch_pages(only=only))
    assert again["Het vouchersysteem"].detail == "ongewijzigd (304)"
    assert again["Buurtbemiddeling"].detail == "ongewijzigd (200, zelfde tekst)"  # no validator: compare the text
    headers = {r.path: r.headers for r in site.requests}
    assert headers[LOCAL["Het vouchersysteem"]]["if-none-match"] == '"v1"'
    assert headers[PDF]["if-modified-since"] == PDF_MODIFIED
    assert by_approach(ww.fetch_pages(only=only), "pdf")["Buurtbemiddeling"].detail == "ongewijzigd (304)"
    assert ww.build_index().status == "up-to-date"

    site.version = 2
    changed = by_approach(ww.fetch_pages(only=only))
    assert changed["Het vouchersysteem"].result == "updated" and changed["Buurtbemiddeling"].result == "unchanged"
    assert front_matter(ww.settings.pages_dir / "het-vouchersysteem.md")[0]["etag"] == '"v2"'
    ww.embedder = emb = HashEmbedder()
    report = ww.build_index()
    assert report.status == "built" and report.embedded == emb.calls == 1  # only the changed 'Aanpak' chunk
    assert report.reused == report.chunks - 1 and report.chunks == first.chunks
    new = [c for c in ww.open_index().chunks if "jongerengroepen" in c.text]
    assert [(c.kind, c.target, c.section) for c in new] == [("page", "Het vouchersysteem", "Aanpak")]

    forced = by_approach(ww.fetch_pages(only=["Het vouchersysteem"], force=True))
    assert forced["Het vouchersysteem"].detail == "ongewijzigd (200, zelfde tekst)"  # --force: no If-None-Match


def test_gone_page_is_marked_and_dropped_from_the_index(ww: WijkWijzer, site: Site) -> None:
    ww.fetch_pages(only=["Buurtcirkel"])
    ww.build_index()
    assert any(c.kind == "page" and c.target == "Buurtcirkel" for c in ww.open_index().chunks)
    site.gone.add("buurtcirkel")
    outcome = by_approach(ww.fetch_pages(only=["Buurtcirkel"]))["Buurtcirkel"]
    assert outcome.result == "gone" and not outcome.available
    meta, body = front_matter(ww.settings.pages_dir / "buurtcirkel.md")
    assert (meta["status"], meta["http_status"], body) == ("gone", 404, "")
    report = ww.build_index()
    assert report.status == "built" and report.embedded == 0
    chunks = ww.open_index().chunks
    assert not any(c.kind == "page" and c.target == "Buurtcirkel" for c in chunks)
    assert not any("Café-avonden" in c.text for c in chunks)  # stale page text is not retrievable
    gone = next(p for p in ww.info().pages if p.approach == "Buurtcirkel")
    assert gone.status == "gone" and gone.http_status == 404


def test_without_network_the_cached_copies_stay_and_the_exit_code_says_so(ww: WijkWijzer, site: Site) -> None:
    ww.fetch_pages(only=["Buurtbemiddeling", "Citytrainers"])
    site.stop()  # from now on the site's port refuses every connection
    settings = ww.settings.model_copy(update={"fetch_retries": 2, "fetch_retry_budget": 5.0})
    offline = WijkWijzer(settings, embedder=HashEmbedder())
    start = time.monotonic()
    summary = offline.fetch_pages()
    assert time.monotonic() - start < 5  # the host is retried briefly (0.5 s, 1 s), then not asked again
    pages = by_approach(summary)
    first = pages["Buurtcirkel"]  # the first approach in the overview: the only URL tried three times
    assert first.detail == "geen verbinding, 3 pogingen (geen opgeslagen kopie)" and not first.available
    kept = pages["Buurtbemiddeling"]
    assert kept.result == "failed" and kept.available
    assert re.fullmatch(r"geen verbinding \(gebruikt de opgeslagen kopie van \d{4}-\d\d-\d\d\)", kept.detail)
    assert summary.available == 2 and summary.exit_code == 0
    assert {a.name for a, _ in offline.linked_pages()} == {"Buurtbemiddeling", "Citytrainers"}
    offline.build_index()
    assert {c.target for c in offline.open_index().chunks if c.kind == "page"} == {"Buurtbemiddeling", "Citytrainers"}

    shutil.rmtree(settings.pages_dir)
    assert offline.fetch_pages().exit_code == 1  # nothing at all available


def test_cli_fetch_without_network_is_quick_and_fails_only_without_any_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_overview(tmp_path / "corpus", "http://wijkwijzer-fixture.invalid")  # .invalid never resolves
    monkeypatch.setenv("WIJKWIJZER_CORPUS_DIR", str(tmp_path / "corpus"))
    monkeypatch.setenv("WIJKWIJZER_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("WIJKWIJZER_EMBEDDER", "hash")
    start = time.monotonic()
    assert main(["corpus", "fetch"]) == 1
    assert time.monotonic() - start < 10
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert (
        len([x for x in lines if x.startswith("✗ ")]) == 20 and "· ABCD-methode — geen link in het overzicht" in lines
    )
    assert (
        "✗ Buurtbemiddeling — geen verbinding: host wijkwijzer-fixture.invalid onbekend (geen opgeslagen kopie)"
        in lines
    )
    assert lines[-1].startswith("Samenvatting: 20 links: 20 mislukt; 0 pagina's beschikbaar")
    assert "geen enkele pagina beschikbaar" in err and "Traceback" not in err

    # with one stored copy the same run exits 0 and says which copy it keeps using
    page = tmp_path / "corpus" / "pages" / "buurtbemiddeling.md"
    page.parent.mkdir()
    url = "http://wijkwijzer-fixture.invalid" + LOCAL["Buurtbemiddeling"]
    page.write_text(
        f"---\napproach: Buurtbemiddeling\nkind: html\nstatus: ok\nurl: {url}\nfinal_url: {url}\n"
        "fetched_at: '2026-11-20T10:03:12+00:00'\nhttp_status: 200\n---\n# Buurtbemiddeling\n\nTekst.\n",
        encoding="utf-8",
    )
    assert main(["corpus", "fetch", "--only", "Buurtbemiddeling", "--only", "ABCD-methode"]) == 0
    out = capsys.readouterr().out
    assert "(gebruikt de opgeslagen kopie van 2026-11-20)" in out and "1 pagina's beschikbaar" in out
    assert main(["corpus", "fetch", "--only", "Burenbuddy"]) == 1
    assert "onbekende aanpak 'Burenbuddy'" in capsys.readouterr().err


# -- indexing and retrieval -----------------------------------------------------------------------------
def test_without_pages_the_chunks_are_exactly_the_overview(ww: WijkWijzer, site: Site) -> None:
    expected = overview_chunks(ww.overview())
    assert ww.chunks() == expected  # no corpus/pages/ at all
    ww.fetch_pages(only=["Buurtbemiddeling"])
    off = WijkWijzer(ww.settings.model_copy(update={"index_pages": False}), embedder=HashEmbedder())
    assert off.chunks() == expected
    report = off.build_index()
    assert off.store.manifest()["chunks"] == {c.id: c.content_hash for c in expected}  # type: ignore[index]
    assert report.chunks == len(expected)


def test_page_chunks_join_their_approach_and_keep_the_overview_link(ww: WijkWijzer, site: Site) -> None:
    ww.fetch_pages(only=["Buurtbemiddeling", "Citytrainers"])
    ww.build_index()
    chunks = ww.open_index().chunks
    pages = [c for c in chunks if c.kind == "page"]
    assert {c.target for c in pages} == {"Buurtbemiddeling", "Citytrainers"}
    pdf = [c for c in pages if ":pdf:" in c.id]
    assert pdf and all(c.url == site.url + PDF and c.source.endswith("buurtbemiddeling.pdf.md") for c in pdf)
    assert {c.section for c in pdf} >= {"Uitvoering", "Randvoorwaarden"}
    city = [c for c in pages if c.target == "Citytrainers"]
    assert all(c.url == site.url + "/interventie/citytrainers-2024" for c in city)
    assert {c.section for c in city} == {"Citytrainers", "Doelgroep", "Aanpak", "Effectiviteit"}

    hits = ww.search("opleiding tot citytrainer tien trainingsbijeenkomsten van drie uur stage sportvereniging")
    top = hits[0]
    assert top.target == "Citytrainers" and top.kind == "approach"
    assert top.chunks[0].chunk.kind == "page" and top.chunks[0].chunk.section == "Aanpak"
    assert any(c.chunk.kind == "approach" for c in top.chunks)  # grouped with the overview entry
    assert top.url == site.url + LOCAL["Citytrainers"]  # the hit links to the overview's link
    assert sum(h.target == "Citytrainers" for h in hits) == 1


def test_info_shows_overview_and_page_per_approach(
    ww: WijkWijzer, site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ww.fetch_pages()
    ww.build_index()
    for key, value in {"CORPUS_DIR": ww.settings.corpus_dir, "INDEX_DIR": ww.settings.index_dir}.items():
        monkeypatch.setenv(f"WIJKWIJZER_{key}", str(value))
    monkeypatch.setenv("WIJKWIJZER_EMBEDDER", "hash")
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    rows = {
        line.split("  ")[1].strip(): line for line in out.splitlines() if "overzicht " in line and "pagina " in line
    }
    assert len(rows) == 21
    assert re.search(
        r"overzicht ✓  pagina ✓  20\d\d-\d\d-\d\d \d\d:\d\d  \d+ chunks \(met pdf\)", rows["Buurtbemiddeling"]
    )
    assert "overzicht ✓  pagina ✗  —" in rows["ABCD-methode"] and rows["ABCD-methode"].endswith("geen link")
    assert rows["Wijktheater"].endswith("geen kopie (wijkwijzer corpus fetch)")
    assert rows["Buurtreminiscentie"].endswith("weg (404)")
    assert main(["info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    page = next(p for p in info["pages"] if p["approach"] == "Citytrainers")
    assert page["overview"] and page["page"] and page["status"] == "fetched" and page["page_chunks"] > 0
    gone = next(p for p in info["pages"] if p["approach"] == "Buurtreminiscentie")
    assert gone["status"] == "gone" and gone["http_status"] == 404  # codes in JSON; the table says them in Dutch


def test_cli_fetch_prints_one_line_per_url_and_a_summary(
    ww: WijkWijzer, site: Site, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    s = ww.settings
    env = {"CORPUS_DIR": s.corpus_dir, "INDEX_DIR": s.index_dir, "FETCH_INTERVAL": 0, "FETCH_TIMEOUT": 0.5}
    for key, value in (env | {"FETCH_RETRIES": 0, "FETCH_MAX_BYTES": 200_000, "EMBEDDER": "hash"}).items():
        monkeypatch.setenv(f"WIJKWIJZER_{key}", str(value))
    assert main(["corpus", "fetch"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "✓ Buurtbemiddeling — 200, 5 koppen, opgeslagen" in out
    assert "! Resto VanHarte — overgeslagen: robots.txt staat ophalen niet toe (geen opgeslagen kopie)" in out
    assert "✗ Wijktheater — time-out na 0.5 s (geen opgeslagen kopie)" in out
    assert out[-1] == "Werk de index bij met: wijkwijzer index" and out[-2].startswith("Samenvatting: 20 links:")
    assert main(["corpus", "fetch", "--only", "Het vouchersysteem"]) == 0
    assert "= Het vouchersysteem — ongewijzigd (304)" in capsys.readouterr().out


# -- the fetcher on its own (mock transport, fake clock) ------------------------------------------------
class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def mock_fetcher(handler: object, clock: FakeClock, **config: object) -> tuple[PageFetcher, list[str]]:
    seen: list[str] = []

    def respond(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return handler(request)  # type: ignore[operator, no-any-return]

    client = httpx.Client(transport=httpx.MockTransport(respond))
    cfg = FetchConfig(**({"interval": 0.0} | config))  # type: ignore[arg-type]
    return PageFetcher(cfg, client=client, clock=clock, sleep=clock.sleep), seen


PAGE = b"<html><body><main><h1>Titel</h1><p>Tekst van de pagina.</p></main></body></html>"


def test_retries_back_off_and_honour_retry_after() -> None:
    clock = FakeClock()
    answers = iter([httpx.Response(503, headers={"Retry-After": "3"}), httpx.Response(500)])
    fetcher, seen = mock_fetcher(
        lambda r: next(answers, httpx.Response(200, headers={"Content-Type": "text/html"}, content=PAGE)), clock
    )
    result = fetcher.fetch("https://example.org/a")
    assert result.outcome == "ok" and result.body == PAGE and seen == ["/robots.txt", "/a", "/a", "/a"]
    assert clock.sleeps == [3.0, 1.0]  # Retry-After, then the second backoff step (0.5 × 2)

    clock = FakeClock()
    fetcher, seen = mock_fetcher(lambda r: httpx.Response(429, headers={"Retry-After": "600"}), clock)
    result = fetcher.fetch("https://example.org/a")
    assert result.outcome == "error" and result.status == 429 and "Retry-After 600 s is te lang" in result.reason
    assert clock.sleeps == []  # never waits past the retry budget


def test_unreachable_host_is_retried_briefly_then_not_asked_again() -> None:
    clock = FakeClock()

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    fetcher, seen = mock_fetcher(refuse, clock)
    first = fetcher.fetch("https://example.org/a")
    assert first.outcome == "error" and first.reason == "geen verbinding, 3 pogingen" and clock.sleeps == [0.5, 1.0]
    second = fetcher.fetch("https://example.org/b")
    assert second.outcome == "error" and second.reason == "geen verbinding"
    assert seen == ["/robots.txt", "/a", "/a", "/a"]  # /b was not tried: the host is down for this run

    clock = FakeClock()

    def no_dns(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request) from socket.gaierror(
            -2, "Name or service not known"
        )

    fetcher, _ = mock_fetcher(no_dns, clock)
    result = fetcher.fetch("https://example.org/a")
    assert result.reason == "geen verbinding: host example.org onbekend" and clock.sleeps == []


def test_robots_rules_and_responses_that_are_skipped() -> None:
    def site(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/robots.txt" and request.url.host == "down.example":
            return httpx.Response(503)
        if path == "/robots.txt":
            return httpx.Response(200, text="User-agent: WijkWijzerAssistent\nDisallow: /intern/\nCrawl-delay: 2\n")
        if path == "/groot":
            return httpx.Response(200, headers={"Content-Type": "text/html", "Content-Length": "6000000"})
        if path == "/rondje":
            return httpx.Response(302, headers={"Location": "/rondje"})
        return httpx.Response(200, headers={"Content-Type": "text/html; charset=utf-8"}, content=PAGE)

    clock = FakeClock()
    client = httpx.Client(transport=httpx.MockTransport(site))
    fetcher = PageFetcher(FetchConfig(interval=1.0), client, clock, clock.sleep)
    assert fetcher.fetch("https://a.example/intern/x").reason == "robots.txt staat ophalen niet toe"
    assert fetcher.fetch("https://a.example/groot").reason == "te groot: 6.0 MB, grens 5.0 MB"
    assert fetcher.fetch("https://a.example/rondje").reason == "meer dan 5 doorverwijzingen"
    ok = fetcher.fetch("https://a.example/pagina", accept=HTML_TYPES)
    assert ok.outcome == "ok" and ok.charset == "utf-8" and ok.content_type == "text/html"
    assert len(clock.sleeps) == 8 and set(clock.sleeps) == {2.0}  # Crawl-delay 2 beats the 1 s interval
    fetcher = PageFetcher(FetchConfig(interval=0.0, retries=0), client, clock, clock.sleep)
    assert fetcher.fetch("https://down.example/x").reason == "robots.txt niet beschikbaar (HTTP 503)"


def test_host_throttle_spaces_requests_per_host() -> None:
    clock = FakeClock()
    throttle = HostThrottle(1.0, clock, clock.sleep)
    throttle.wait("a.example")
    throttle.wait("b.example")
    clock.now += 0.25
    throttle.wait("a.example")
    assert clock.sleeps == [0.75]
    assert retry_after("120") == 120.0 and retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470) == 10.0
    assert retry_after("morgen") is None and retry_after(None) is None


def test_two_requests_to_one_host_are_at_least_the_interval_apart(site: Site) -> None:
    """The real clock: robots.txt and two pages from one host, with a 0.3 s interval."""
    with PageFetcher(FetchConfig(interval=0.3, timeout=5)) as fetcher:
        assert fetcher.fetch(site.url + LOCAL["Buurtbemiddeling"]).outcome == "ok"
        assert fetcher.fetch(site.url + LOCAL["Buurtcirkel"]).outcome == "ok"
    times = [r.at for r in site.requests]
    assert len(times) == 3
    assert all(b - a >= 0.28 for a, b in itertools.pairwise(times)), times


def test_page_store_round_trip_and_unreadable_files(tmp_path: Path) -> None:
    store = PageStore(tmp_path / "pages")
    assert store.all() == [] and store.load("x") is None
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "kapot.md").write_text("geen front matter\n", encoding="utf-8")
    assert store.all() == []


# -- answers (the real embedding model) -----------------------------------------------------------------
@pytest.mark.slow
def test_a_question_only_the_page_answers_is_answered_from_the_page(site: Site, tmp_path: Path) -> None:
    write_overview(tmp_path / "corpus", site.url)
    overview_text = (tmp_path / "corpus" / "wijkwijzer-overzicht.txt").read_text(encoding="utf-8")
    assert "drie gesprekken" not in overview_text and "elf uur" not in overview_text
    ww = WijkWijzer(Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", fetch_interval=0))
    ww.fetch_pages(only=["Buurtbemiddeling"])
    ww.build_index()

    answer = ww.ask("Uit hoeveel gesprekken bestaat een traject bij Buurtbemiddeling gemiddeld?")
    assert not answer.refused and "drie gesprekken" in answer.text, answer.text
    cited = [s for s in answer.sources if "drie gesprekken" in s.snippet]
    assert len(cited) == 1 and f"[{cited[0].n}]" in answer.text
    page = cited[0]
    assert (page.approach, page.section, page.url) == (
        "Buurtbemiddeling",
        "Aanpak",
        site.url + LOCAL["Buurtbemiddeling"],
    )

    answer = ww.ask("Hoeveel uur besteedt een bemiddelaar van Buurtbemiddeling per traject?")
    assert "elf uur" in answer.text, answer.text
    pdf = next(s for s in answer.sources if "elf uur" in s.snippet)
    assert (pdf.section, pdf.url) == ("Uitvoering", site.url + PDF)

    # the overview still answers what it answers: its own sentence, cited with the overview link
    answer = ww.ask("Wie voert Buurtbemiddeling uit?")
    assert any(s.section == "uitvoerders" and s.url == site.url + LOCAL["Buurtbemiddeling"] for s in answer.sources)
