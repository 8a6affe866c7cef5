"""massage-match: symptoms in, safe and ranked massage-therapy recommendations out.

The Python API the command line is built on::

    from massage_match import load_knowledge_base, recommend
    kb = load_knowledge_base()               # the embedded knowledge base, or load_knowledge_base("dir")
    result = recommend(kb, "lower back pain", health=["on warfarin"])
    result.to_dict()                         # the same object `--format json` prints
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if sys.dont_write_bytecode:  # compiled code kept in the user's cache instead (see codecache)
    from . import codecache

    codecache.install(__spec__)

__all__ = ["__version__", "load_knowledge_base", "recommend", "KnowledgeBaseError"]

if TYPE_CHECKING:  # pragma: no cover
    from .engine import recommend
    from .errors import KnowledgeBaseError
    from .kb import load_knowledge_base


def __getattr__(name: str) -> Any:
    # Imported lazily so that `import massage_match` (and so the CLI's start-up) stays cheap.
    if name == "load_knowledge_base":
        from .kb import load_knowledge_base

        return load_knowledge_base
    if name == "recommend":
        from .engine import recommend

        return recommend
    if name == "KnowledgeBaseError":
        from .errors import KnowledgeBaseError

        return KnowledgeBaseError
    raise AttributeError(name)
