"""The knowledge base: its files found and read, parsed as plain YAML, checked field by field.

`load_knowledge_base` is imported on first use: a call answered from the store never loads the
YAML reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from massage_match.kb.loader import build, load_knowledge_base

__all__ = ["build", "load_knowledge_base"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from massage_match.kb import loader

        return getattr(loader, name)
    raise AttributeError(name)
