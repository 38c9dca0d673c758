"""Main text of a fetched page as Markdown with its headings: HTML through trafilatura, PDF through pypdf.

trafilatura drops navigation, cookie banners, footers and sidebars and renders headings as `#`/`##`, lists and
tables as Markdown. A PDF has no headings, so short title-like lines are made headings; at most `max_pages` pages
are read.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from assistant.errors import WijkWijzerError

_HEADING = re.compile(r"^#{1,6}\s+\S", re.M)
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_.:-]+)", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_PDF_LINK_TEXT = re.compile(r"beschrijving|handboek|handleiding|description", re.I)


class ExtractError(WijkWijzerError, ValueError):
    """The response holds no usable text; the message says why (Dutch)."""


@dataclass(frozen=True)
class Extracted:
    markdown: str
    title: str
    headings: int
    pages: int = 0  # PDF pages read
    total_pages: int = 0  # PDF pages in the file
    pdf_links: tuple[str, ...] = ()  # absolute links to a description PDF found on an HTML page


def decode_html(body: bytes, charset: str | None) -> str:
    """The declared charset (header, then <meta>), else UTF-8, else Windows-1252."""
    meta = _META_CHARSET.search(body[:4096])
    for candidate in (charset, meta.group(1).decode("ascii") if meta else None, "utf-8"):
        if candidate:
            try:
                return body.decode(candidate)
            except (LookupError, UnicodeDecodeError):
                continue
    return body.decode("cp1252", errors="replace")


def _tidy(markdown: str) -> str:
    lines = [line.rstrip() for line in markdown.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def extract_html(html: str, url: str) -> Extracted:
    import trafilatura
    from lxml import html as lxml_html

    text = trafilatura.extract(
        html,
        url=url,
        output_format="markdown",
        include_formatting=True,
        include_comments=False,
        include_tables=True,
        include_links=False,
        include_images=False,
        deduplicate=False,
    )
    if not text or not text.strip():
        raise ExtractError("geen hoofdtekst gevonden")
    try:  # lxml refuses str input that still carries an XML encoding declaration
        tree = lxml_html.fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (ValueError, TypeError) as exc:  # lxml raises ParserError (a ValueError) on empty documents
        raise ExtractError("onleesbare HTML") from exc
    title = " ".join((tree.findtext(".//title") or "").split())
    markdown = _tidy(text)
    return Extracted(markdown, title, len(_HEADING.findall(markdown)), pdf_links=_pdf_links(tree, url))


def _pdf_links(tree: Any, base: str) -> tuple[str, ...]:
    """Links to a PDF whose text or file name reads like a description ('Interventiebeschrijving'), in page order."""
    links: list[str] = []
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        if not href:
            continue
        target = urljoin(base, href)
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or not parts.path.lower().endswith(".pdf"):
            continue
        label = " ".join(a.text_content().split())
        if _PDF_LINK_TEXT.search(label) or _PDF_LINK_TEXT.search(parts.path):
            links.append(target)
    return tuple(dict.fromkeys(links))


def _looks_like_heading(line: str, previous: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= 8
        and len(line) <= 60
        and line[0].isupper()
        and not line.endswith((".", ",", ";", ":", "!", "?"))
        and (not previous or previous.endswith((".", "!", "?", ":")) or previous.startswith("#"))
    )


def pdf_markdown(texts: list[str]) -> str:
    """Lines of PDF text → Markdown: title-like lines become headings, hyphenated line ends are joined."""
    out: list[str] = []
    previous = ""
    for text in texts:
        for raw in text.replace("\r", "\n").split("\n"):
            line = " ".join(raw.split())
            if not line:
                continue
            if out and out[-1].endswith("-") and line[:1].islower():  # 'woning-' + 'corporatie'
                out[-1] = out[-1][:-1] + line
                previous = out[-1]
                continue
            if _looks_like_heading(line, previous):
                out += ["", f"## {line}", ""]
                previous = f"## {line}"
            else:
                out.append(line)
                previous = line
    return _tidy("\n".join(out))


def extract_pdf(data: bytes, max_pages: int) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExtractError("versleutelde pdf")
        count = len(reader.pages)
        texts = [reader.pages[i].extract_text() or "" for i in range(min(count, max_pages))]
        title = str(reader.metadata.title or "").strip() if reader.metadata is not None else ""
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        if isinstance(exc, ExtractError):
            raise
        raise ExtractError(f"onleesbare pdf ({type(exc).__name__})") from exc
    markdown = pdf_markdown(texts)
    if not markdown.strip():
        raise ExtractError("geen tekst in de pdf (gescand?)")
    return Extracted(markdown, title, len(_HEADING.findall(markdown)), pages=len(texts), total_pages=count)
