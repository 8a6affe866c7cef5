"""Typo repair: the deletion index a long batch switches to repairs exactly as comparing every word."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from massage_match.engine import Engine
from massage_match.language.spelling import INDEX_AFTER_MISSES, SpellCorrector


def _typos(words: list[str]) -> st.SearchStrategy[str]:
    """Real index words with up to two random slips, and strings of letters that are no word at all."""

    def slip(word: str, edits: list[tuple[int, int, str]]) -> str:
        for kind, place, letter in edits:
            place %= max(len(word), 1)
            if kind == 0 and len(word) > 3:
                word = word[:place] + word[place + 1 :]
            elif kind == 1:
                word = word[:place] + letter + word[place:]
            elif kind == 2:
                word = word[:place] + letter + word[place + 1 :]
            elif place + 1 < len(word):
                word = word[:place] + word[place + 1] + word[place] + word[place + 2 :]
        return word

    edit = st.tuples(st.integers(0, 3), st.integers(0, 20), st.sampled_from("aeiourstlnkpx"))
    slipped = st.builds(slip, st.sampled_from(words), st.lists(edit, max_size=2))
    return slipped | st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=14)


def _twin(corrector: SpellCorrector) -> SpellCorrector:
    """A corrector over the same words that has repaired nothing yet (no index, no memo)."""
    twin = copy.copy(corrector)
    for built in ("_by_deletion", "_near_memo"):
        twin.__dict__.pop(built, None)
    return twin


def test_the_deletion_index_repairs_exactly_as_the_full_comparison(engine: Engine) -> None:
    full = _twin(engine.matcher.corrector)
    full._misses = -(10**9)  # never switches: compares against every candidate
    indexed = _twin(engine.matcher.corrector)
    indexed._misses = INDEX_AFTER_MISSES + 1  # as in a long batch: repaired through the index

    @settings(max_examples=600, deadline=None)
    @given(_typos(full._choices))
    def check(word: str) -> None:
        assert indexed._correct(word) == full._correct(word)

    check()
    assert "_by_deletion" in indexed.__dict__ and "_by_deletion" not in full.__dict__


def test_a_dropped_g_is_read_as_the_word_and_not_repaired_into_another(engine: Engine) -> None:
    corrector = _twin(engine.matcher.corrector)
    assert corrector.correct("bowlin") == "bowling"
    assert corrector.correct("achin") == "aching"
    # a word that is known as written stays as written
    assert corrector.correct("pain") == "pain"
