"""The phrase rewrite scans words instead of compiling one alternation: it must rewrite exactly what
the straightforward regular expression would, for any text."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from massage_match.model import KnowledgeBase, Vocabulary
from massage_match.normalize import Normalizer


def reference_rewrite(phrases: dict[str, str], text: str) -> str:
    # A hyphen joining two words reads as a space, in the phrases and in the text ("wind-down").
    joined = re.compile(r"(?<=[a-z])-(?=[a-z])")
    phrases = {joined.sub(" ", p): v for p, v in sorted(phrases.items(), key=lambda kv: "-" in kv[0])}
    text = joined.sub(" ", text)
    ordered = sorted(phrases, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(p) for p in ordered) + r")\b")
    return pattern.sub(lambda m: phrases[m.group(1)], text)


def pieces(phrases: dict[str, str]) -> st.SearchStrategy[str]:
    """Texts made of the phrases, their words, parts of them and the characters around words."""
    words = sorted({w for p in phrases for w in re.findall(r"\w+", p)})
    fragments = sorted(phrases) + words + [w[:-1] for w in words if len(w) > 1] + ["x", "_", "é", "2"]
    glue = st.sampled_from([" ", "  ", ",", "-", "/", "&", "", ". ", "'"])
    return st.lists(st.tuples(st.sampled_from(fragments), glue), max_size=12).map(
        lambda parts: "".join(f + g for f, g in parts)
    )


def test_rewrites_the_shipped_phrases_like_the_regex(kb: KnowledgeBase) -> None:
    written = kb.vocabulary.every_phrase
    # (a rewrite is read once more as its own text would be, unless that only grows round it)
    phrases = {}
    for phrase, rewrite in written.items():
        again = reference_rewrite(written, rewrite)
        phrases[phrase] = rewrite if rewrite in again else again
    normalizer = Normalizer(kb.vocabulary)

    @settings(max_examples=400, deadline=None)
    @given(pieces(phrases))
    def check(text: str) -> None:
        assert normalizer._rewrite_phrases(text) == reference_rewrite(phrases, text)

    check()


OVERLAPPING = {"a b": "X", "a b c": "Y", "b c": "Z", "a/b": "S", "c": "W", "ab": "G"}


@settings(max_examples=400, deadline=None)
@given(pieces(OVERLAPPING))
def test_overlapping_phrases_prefer_the_leftmost_then_the_longest(text: str) -> None:
    normalizer = Normalizer(Vocabulary(phrases=OVERLAPPING))
    assert normalizer._rewrite_phrases(text) == reference_rewrite(OVERLAPPING, text)


def test_known_rewrites() -> None:
    normalizer = Normalizer(Vocabulary(phrases=OVERLAPPING))
    assert normalizer._rewrite_phrases("a b c, ab c") == "Y, G W"
    assert normalizer._rewrite_phrases("xa b c") == "xa Z"
    assert normalizer._rewrite_phrases("xa b cx") == "xa b cx"
    assert normalizer._rewrite_phrases("a/b/c") == "S/W"
