"""Feedback and content gaps: thumbs and refused questions, scrubbed of personal data, for the editors."""

from assistant.feedback.scrub import scrub
from assistant.feedback.store import FeedbackError, FeedbackStore, GapReport
from assistant.settings import Settings


def feedback_store(settings: Settings) -> FeedbackStore:
    """The shared database when `feedback_url` is set, else the SQLite file `feedback_db`."""
    if settings.feedback_url:
        return FeedbackStore(url=settings.feedback_url)
    return FeedbackStore(settings.feedback_db)


__all__ = ["FeedbackError", "FeedbackStore", "GapReport", "feedback_store", "scrub"]
