"""The HTTP API contract: request and response bodies (also the OpenAPI schema at /docs)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.types import Answer, CrisisKind, CrisisTier, Intent


class Turn(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


class AskRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"question": "Wat kan ik doen tegen eenzaamheid?"}]})

    question: str = Field(description="De vraag (maximaal 1.000 tekens)")
    history: list[Turn] = Field(default_factory=list, max_length=40, description="Eerdere beurten van dit gesprek")


class SourceOut(BaseModel):
    n: int
    approach: str
    section: str
    url: str | None
    snippet: str
    score: float


class AskResponse(BaseModel):
    answer: str = Field(description="Het antwoord in Markdown, met bronverwijzingen [1], [2] …")
    sources: list[SourceOut]
    refused: bool = Field(description="True als de bronnen geen antwoord bevatten")
    language: str
    intent: Intent = Field(
        description="De vorm van het antwoord: approach, factual, general, comparison, list, vague (een wedervraag), "
        "follow_up, out_of_scope, chitchat, trick of crisis"
    )
    crisis: CrisisKind | None = Field(description="De hulplijn die het antwoord toont, of null")
    crisis_tier: CrisisTier | None = Field(description="certain: de hulplijn staat bovenaan; unsure: één regel eronder")
    suggestions: list[str] = Field(
        default_factory=list,
        description="Vervolgvragen om als knoppen te tonen (0–5); bij een wedervraag de keuzes. Een klik stuurt de "
        "tekst als nieuwe vraag. Oudere clients kunnen dit veld negeren.",
    )

    @classmethod
    def of(cls, answer: Answer) -> AskResponse:
        """From :meth:`Answer.as_dict`, the one serialiser (the CLI's `ask --json` prints the same)."""
        return cls.model_validate(answer.as_dict())


class FeedbackRequest(BaseModel):
    question: str = Field(min_length=1, max_length=2_000)
    answer: str = Field(default="", max_length=20_000)
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=2_000)


class FeedbackResponse(BaseModel):
    stored: bool


class IndexSummary(BaseModel):
    build: str
    model_id: str
    created_at: str
    chunks: int
    approaches: int
    sections: int


class HealthResponse(BaseModel):
    status: Literal["starting", "building", "ready", "error"]
    message: str | None = None
    index: IndexSummary | None = None


class ErrorResponse(BaseModel):
    error: str
