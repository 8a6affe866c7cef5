"""massage-match: symptoms in, safe and ranked massage-therapy recommendations out.

The Python API the command line is built on::

    from massage_match import load_knowledge_base, recommend
    kb = load_knowledge_base()               # the embedded knowledge base, or load_knowledge_base("dir")
    result = recommend(kb, "lower back pain", health=["on warfarin"])
    result.to_dict()                         # the same object `--format json` prints
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from massage_match.version import __version__

__all__ = ["__version__", "load_knowledge_base", "recommend", "KnowledgeBaseError"]

if TYPE_CHECKING:  # pragma: no cover
    from massage_match.errors import KnowledgeBaseError
    from massage_match.kb.loader import load_knowledge_base
    from massage_match.loading import recommend


def __getattr__(name: str) -> Any:
    # Imported lazily so that `import massage_match` (and so the CLI's start-up) stays cheap.
    if name == "load_knowledge_base":
        from massage_match.kb.loader import load_knowledge_base

        return load_knowledge_base
    if name == "recommend":
        from massage_match.loading import recommend

        return recommend
    if name == "KnowledgeBaseError":
        from massage_match.errors import KnowledgeBaseError

        return KnowledgeBaseError
    raise AttributeError(name)
