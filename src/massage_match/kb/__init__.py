"""The knowledge base: its files found and read, parsed as plain YAML, checked field by field."""

from massage_match.kb.loader import build, load_knowledge_base

__all__ = ["build", "load_knowledge_base"]
