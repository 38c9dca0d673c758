"""Feedback and content gaps: thumbs and refused questions, scrubbed of personal data, for the editors."""

from assistant.feedback.scrub import scrub
from assistant.feedback.store import FeedbackError, FeedbackStore, GapReport

__all__ = ["FeedbackError", "FeedbackStore", "GapReport", "scrub"]
