"""Retrieval: dense (Chroma), BM25 and approach-name signals."""
