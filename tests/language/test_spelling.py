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


def test_a_repair_found_at_one_slip_is_the_repair_two_slips_allow(engine: Engine) -> None:
    """Why a one-slip repair needs no second search: the closest words win, whatever else two slips reach."""
    one = _twin(engine.matcher.corrector)
    two = _twin(engine.matcher.corrector)

    words = frozenset(one._choices)

    @settings(max_examples=600, deadline=None)
    @given(_typos(one._choices))
    def check(word: str) -> None:
        near = one._correct(word, 1)
        # A letter held for emphasis is shortened before any search ("celllite" to "cellite"): only a
        # word of the index counts as a repair found at one slip.
        if near != word and near in words:
            assert two._correct(word) == near

    check()
    assert two._correct("celllite") == "cellulite"  # found by the second search when one slip finds nothing


def test_a_dropped_g_is_read_as_the_word_and_not_repaired_into_another(engine: Engine) -> None:
    corrector = _twin(engine.matcher.corrector)
    assert corrector.correct("bowlin") == "bowling"
    assert corrector.correct("achin") == "aching"
    # a word that is known as written stays as written
    assert corrector.correct("pain") == "pain"


def test_everyday_english_is_never_repaired_into_a_medical_word(engine: Engine) -> None:
    corrector = _twin(engine.matcher.corrector)
    # each of these was once one slip from an index word, and read as it
    for word in ("ambulance", "inspection", "fatal", "expression", "cocaine", "abduction", "retail", "belaying"):
        assert corrector.correct(word) == word


def test_typos_that_are_no_english_word_are_still_repaired(engine: Engine) -> None:
    corrector = _twin(engine.matcher.corrector)
    assert corrector.correct("sciatca") == "sciatica"
    assert corrector.correct("shoulde") == "shoulder"
    assert corrector.correct("warfrin") == "warfarin"
    # a letter written as one that sounds the same is the likelier slip: "cilling" is "killing", not "chilling"
    assert corrector.correct("cilling") == "killing"


def test_a_note_written_largely_in_another_language_has_its_words_repaired_by_one_slip_at_most(engine: Engine) -> None:
    corrector = _twin(engine.matcher.corrector)
    assert corrector.correct("milega") != "milega"  # two slips from index words: an English note repairs it
    assert corrector.correct("milega", 1) == "milega"
    hinglish = "bhai kal se mera kandha jakda hua hai, gym jaana tha, Saturday ko slot milega?"
    assert "melena" not in {t.word for t in engine.matcher.screening_tokens(hinglish)}
    assert engine.recommend(hinglish).referral is None
    # an English note keeps its two-slip repairs, however many dropped g's it has
    english = "been liftin and shovellin all week, now my shoudlre is killin me"
    assert corrector.correct("shoudlre", 1) == "shoudlre"
    assert "shoulder" in {t.word for t in engine.matcher.screening_tokens(english)}


def test_a_phrase_in_another_language_is_not_repaired_into_english_words(engine: Engine) -> None:
    words = {t.word for t in engine.matcher.screening_tokens("my shoulder is stiff for months. Bardzo boli.")}
    assert "boil" not in words  # "boli" is Polish for "it hurts", not a boil
    polish = "my shoulder is stiff for months, can't reach behind my back. Bardzo boli."
    assert engine.recommend(polish).outside_massage == ()
    # a run of English typos is each one slip from its word, and is still repaired
    typos = {t.word for t in engine.matcher.screening_tokens("sevre pian in my lwoer bakc")}
    assert {"pain", "back"} <= typos


def test_english_words_are_read_in_small_groups_not_as_one_list(engine: Engine) -> None:
    corrector = engine.matcher.corrector
    assert corrector.is_english("plasterer") and not corrector.is_english("sholder")
    # grouped by their first two letters: a lookup reads a few thousand words at most
    group = engine.matcher.corrector._parts.record("spelling.english", "pl")
    assert "plasterer" in group and len(group) < 5000


def test_the_english_snapshot_is_current() -> None:
    """kb/english_words.txt is rewritten by scripts/english_words.py from the pinned pyspellchecker."""
    import subprocess
    import sys

    from ..conftest import ROOT

    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "english_words.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_word_written_in_capitals_is_an_abbreviation_meant_as_written(engine: Engine) -> None:
    text = "my traps are holding up the entire weight of the MTA. No medical stuff, I'm good"
    assert engine.recommend(text).referral is None  # the MTA is no MVA
    assert "mva" in {t.word for t in engine.matcher.screening_tokens("neck sore after an mta last week")}


def test_a_double_letter_slip_beats_a_letter_left_out(engine: Engine) -> None:
    corrector = _twin(engine.matcher.corrector)
    assert corrector.correct("knott") == "knot"  # not "knotty"
    assert corrector.correct("bal") == "ball"  # not "bald"
