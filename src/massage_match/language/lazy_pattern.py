"""A regular expression compiled when first used."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property


class LazyPattern:
    """A regular expression compiled when first used: most calls read no number, and compiling these
    at import would cost every call a few milliseconds."""

    def __init__(self, pattern: str, flags: int = 0):
        self._source = (pattern, flags)

    @cached_property
    def _compiled(self) -> re.Pattern[str]:
        return re.compile(*self._source)

    def search(self, text: str) -> re.Match[str] | None:
        return self._compiled.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self._compiled.finditer(text)

    def split(self, text: str) -> list[str]:
        return self._compiled.split(text)

    def sub(self, replacement: str, text: str) -> str:
        return self._compiled.sub(replacement, text)
