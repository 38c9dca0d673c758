"""Answers: safety routing, extractive answerer, optional LLM backends."""
