"""Optional LLM answers through LangChain chat models; every reply is checked against its sources before use.

Used only when WIJKWIJZER_LLM names a model ('ollama:qwen2.5:7b', 'openai:gpt-4o-mini', or any model of an
OpenAI-compatible server together with a base URL). When the model fails or its reply does not pass
`check_reply`, `answer()` returns None and the caller shows the extractive answer.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Collection, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from assistant.answer.check import CheckResult, check_reply
from assistant.errors import WijkWijzerError
from assistant.text import CITATION
from assistant.types import APPROACH_FIELDS, Source

logger = logging.getLogger(__name__)

PROMPT_FILE = Path(__file__).resolve().parent.parent / "prompts" / "answer.yaml"
MAX_HISTORY_TURNS = 6  # messages (one user or assistant turn each) kept from the conversation
MAX_HISTORY_CHARS = 1000  # per history message
MAX_QUESTION_CHARS = 2000

#: One earlier message: (role, text) with role 'user'/'human' or 'assistant'/'ai', or a LangChain message.
HistoryItem = tuple[str, str] | BaseMessage

_LABELS = dict(APPROACH_FIELDS)
_DELIMITER = re.compile(r"<(\s*/?\s*(?:vraag|bronnen|bron)\b[^<>]*)>", re.IGNORECASE)
_THINK = re.compile(r"<think>.*?(?:</think>|$)", re.DOTALL | re.IGNORECASE)
_CITATION = re.compile(rf"\s?{CITATION.pattern}")


class LLMError(WijkWijzerError, RuntimeError):
    """The chat model could not be reached or failed while streaming."""


@lru_cache(maxsize=1)
def load_prompt(path: Path = PROMPT_FILE) -> dict[str, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def neutralise(text: str) -> str:
    """Defuse our own delimiter tags in untrusted text, so it cannot close <vraag> or open <bronnen>."""
    return _DELIMITER.sub(r"‹\1›", text)


def strip_think(text: str) -> str:
    """Remove a reasoning block ('<think>…</think>') some local models put before the answer."""
    return _THINK.sub("", text).strip()


def format_sources(sources: Sequence[Source]) -> str:
    prompt = load_prompt()
    if not sources:
        return prompt["no_sources"]
    blocks = []
    for s in sources:
        section = _LABELS.get(s.section, s.section)
        blocks.append(
            prompt["source"]
            .format(n=s.n, approach=s.approach, section=section, url=f" — {s.url}" if s.url else "", snippet=s.snippet)
            .strip()
        )
    return neutralise("\n\n".join(blocks))


def _history_messages(history: Sequence[HistoryItem]) -> list[BaseMessage]:
    out: list[BaseMessage] = []
    for item in history:
        if isinstance(item, BaseMessage):
            role, text = item.type, str(item.text)
        else:
            role, text = item
        text = text.strip()[:MAX_HISTORY_CHARS]
        if not text:
            continue
        if role in ("user", "human"):
            out.append(HumanMessage(neutralise(text)))
        elif role in ("assistant", "ai"):
            # old citations point at old sources; without them the model cannot mix up the numbering
            out.append(AIMessage(_CITATION.sub("", text)))
    return out[-MAX_HISTORY_TURNS:]


class LLMAnswerer:
    """Answers from numbered sources with a LangChain chat model; construction is cheap, `warm_up` connects."""

    def __init__(
        self,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = 30,
        chat_model: BaseChatModel | None = None,
        *,
        max_retries: int = 1,
        temperature: float | None = 0.0,
    ) -> None:
        self.model = model
        self.base_url = base_url
        self.api_key = api_key if api_key is not None else ("not-needed" if base_url else None)
        self.timeout = timeout
        self.max_retries = max_retries
        self.temperature = temperature
        self._chat = chat_model
        self._lock = threading.Lock()

    def _options(self) -> dict[str, Any]:
        opts: dict[str, Any] = {}
        if self.temperature is not None:
            opts["temperature"] = self.temperature
        if self.base_url:
            opts["base_url"] = self.base_url
        if self.model.startswith("ollama:"):
            opts["client_kwargs"] = {"timeout": self.timeout}
        else:
            opts.update(timeout=self.timeout, max_retries=self.max_retries)
            if self.api_key is not None:
                opts["api_key"] = self.api_key
        return opts

    def warm_up(self) -> BaseChatModel:
        """Create the chat model (once); raises when the provider package or settings are wrong."""
        with self._lock:
            if self._chat is None:
                from langchain.chat_models import init_chat_model

                try:
                    self._chat = init_chat_model(self.model, **self._options())
                except ValueError:
                    if not self.base_url:
                        raise
                    # 'qwen2.5:7b' with a base URL: no known provider prefix, so talk OpenAI's protocol
                    self._chat = init_chat_model(self.model, model_provider="openai", **self._options())
            return self._chat

    def messages(
        self, question: str, sources: Sequence[Source], history: Sequence[HistoryItem] = ()
    ) -> list[BaseMessage]:
        """System prompt (from the prompt file only), recent history, then sources and question in one human turn."""
        prompt = load_prompt()
        user = prompt["user"].format(
            sources=format_sources(sources), question=neutralise(question.strip()[:MAX_QUESTION_CHARS])
        )
        return [SystemMessage(prompt["system"].strip()), *_history_messages(history), HumanMessage(user.strip())]

    def check(self, reply: str, sources: Sequence[Source], known_approaches: Collection[str]) -> CheckResult:
        return check_reply(strip_think(reply), sources, known_approaches)

    def answer(
        self,
        question: str,
        sources: Sequence[Source],
        history: Sequence[HistoryItem] = (),
        known_approaches: Collection[str] = (),
    ) -> CheckResult | None:
        """A checked reply, or None when the model fails or its reply does not pass the check."""
        if not sources:
            return None
        try:
            reply = self.warm_up().invoke(self.messages(question, sources, history))
        except Exception as exc:
            self._warn(exc)
            return None
        result = self.check(str(reply.text), sources, known_approaches)
        if not result.ok:
            logger.info("LLM reply rejected (%s): %s", self.model, "; ".join(result.problems))
            return None
        return result

    def stream(self, question: str, sources: Sequence[Source], history: Sequence[HistoryItem] = ()) -> Iterator[str]:
        """Text deltas as the model writes them; check the joined text with `check()` before showing it as final.

        Raises LLMError when the model cannot be reached or the stream breaks off.
        """
        try:
            for chunk in self.warm_up().stream(self.messages(question, sources, history)):
                if delta := str(chunk.text):
                    yield delta
        except Exception as exc:
            self._warn(exc)
            raise LLMError(f"LLM {self.model} failed: {type(exc).__name__}") from exc

    def _warn(self, exc: Exception) -> None:
        # never log the question or the exception text (a server may echo the request in its error)
        status = getattr(exc, "status_code", None)
        logger.warning(
            "LLM %s failed (%s%s); falling back to the extractive answer",
            self.model,
            type(exc).__name__,
            f", HTTP {status}" if status else "",
        )
