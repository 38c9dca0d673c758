"""Evaluation against the team's question set in `eval/`."""
