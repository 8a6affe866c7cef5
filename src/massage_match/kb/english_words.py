"""Everyday English, so that the typo repair leaves real words alone.

The repair turns a word it does not know into the nearest word the indexes answer to. A word the
knowledge base never writes is not always a typo: "ambulance" is not "imbalance", "inspection" is not
"infection", "retail" is not "retain". english_words.txt, shipped with the package, lists the words of
pyspellchecker's English frequency list (built from film subtitles, so it holds the words people say,
slang and trades included). The file is a snapshot written by scripts/english_words.py: a snapshot keeps
what counts as a typo from changing with an upgrade of that package, and costs nothing to import.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

SNAPSHOT = "english_words.txt"


@cache
def english_words() -> tuple[str, ...]:
    text = resources.files("massage_match.kb").joinpath(SNAPSHOT).read_text(encoding="ascii")
    return tuple(text.split())
