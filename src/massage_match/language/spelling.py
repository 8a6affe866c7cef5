"""Repairing misspelt words towards the words the knowledge base's indexes answer to."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property, lru_cache

from massage_match.model import MemoryParts, Parts
from massage_match.normalize import WORD_MEMO, Normalizer, Token

_VOWELS = re.compile("[aeiouy]")
# "sooo", "tiiight", "pleeease": a letter held for emphasis, meant once or twice.
_HELD = re.compile(r"([a-z])\1{2,}")
# Words longer than this may carry two typos and still be recognised.
LONG_WORD = 5
# A text in which this share of the words is neither English, nor the knowledge base's, nor one slip from
# either is written largely in another language ("heart attack aa gaya ... slot milega?"): its unknown words
# are that language's own, and two slips would make a medical term of one ("milega" is no "melena").
FOREIGN_SHARE = 0.2
FOREIGN_WORDS = 4


def spelling_parts(targets: Iterable[str], known: Iterable[str], english: Iterable[str] = ()) -> MemoryParts:
    """`targets`: the words the indexes match on; `known`: every word the knowledge base writes
    anywhere (its reasons and guidance included), real words to leave alone; `english`: everyday
    English, left alone too."""
    words = frozenset(targets)
    # Abbreviation-shaped words ("chf", "tkr": no vowel) are never what a typo meant.
    choices = sorted(w for w in words if w.isalpha() and len(w) >= 3 and _VOWELS.search(w))
    # A hundred thousand words cost more to read back than a whole call: kept in groups by their first
    # two letters, so a lookup reads one small group.
    groups: dict[str, set[str]] = defaultdict(set)
    for word in english:
        groups[word[:2]].add(word)
    return MemoryParts(
        {"spelling.known": frozenset(known) | words, "spelling.choices": tuple(choices)},
        {ENGLISH: {start: frozenset(group) for start, group in groups.items()}},
    )


ENGLISH = "spelling.english"


# A batch that keeps meeting unknown words gets an index that finds close words without comparing
# against every candidate; a single call never pays for building it.
INDEX_AFTER_MISSES = 256


def _deletions(word: str, most: int) -> set[str]:
    """`word` with one letter deleted, and with two if `most` is 2, itself included."""
    size = len(word)
    ones = [word[:i] + word[i + 1 :] for i in range(size)]
    forms = {word, *ones}
    if most > 1:  # each pair once: from the word without letter i, a letter after it
        forms.update(one[:j] + one[j + 1 :] for i, one in enumerate(ones) for j in range(i, size - 1))
    return forms


class SpellCorrector:
    """Maps a misspelt word to the index word it was meant to be, when exactly one is close.

    Its parts (see spelling_parts): the words typos are repaired to, and the words that are already
    correct English, which are never "corrected" into a medical term ("every" is not "fever",
    "hearing" is not "heparin").
    """

    def __init__(self, parts: Parts):
        self._parts = parts
        self.correct = lru_cache(maxsize=WORD_MEMO)(self._correct)

    def strange(self, word: str) -> bool:
        """Whether a word as typed is neither one the knowledge base writes nor everyday English (with its
        g dropped, as people write: "killin")."""
        return word.isalpha() and word not in self.known and not self.is_english(word) and not self._dropped_g(word)

    def _dropped_g(self, word: str) -> bool:
        return word.endswith("in") and (word + "g" in self.known or self.is_english(word + "g"))

    @cached_property
    def known(self) -> frozenset[str]:
        return frozenset(self._parts.section("spelling.known"))

    @cached_property
    def _choices(self) -> list[str]:
        return list(self._parts.section("spelling.choices"))

    def _near(self, length: int, slips: int) -> list[str]:
        """The candidate words within `slips` letters of `length`, in alphabetical order (ties in
        closeness go to the first, as they would over the whole list)."""
        key = (length, slips)
        found = self._near_memo.get(key)
        if found is None:
            found = self._near_memo[key] = [w for w in self._choices if abs(len(w) - length) <= slips]
        return found

    @cached_property
    def _near_memo(self) -> dict[tuple[int, int], list[str]]:
        return {}

    _misses = 0

    @cached_property
    def _by_deletion(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """Each candidate word under every form it takes with one letter deleted (first index) and
        with up to two deleted (second). Two words within k slips of each other (wrong, missing,
        extra or swapped letters) share a form with at most k letters deleted from each, so looking
        up the typo's own forms finds every word close enough, and few others."""
        one: dict[str, list[str]] = defaultdict(list)
        two: dict[str, list[str]] = defaultdict(list)
        for word in self._choices:
            for form in _deletions(word, 1):
                one[form].append(word)
            for form in _deletions(word, 2):
                two[form].append(word)
        return dict(one), dict(two)

    def _sharing_deletions(self, word: str, slips: int) -> list[str]:
        """The candidate words that share a deletion form with `word`, in alphabetical order (the
        order ties are settled in over the whole list)."""
        index = self._by_deletion[slips - 1]
        found: set[str] = set()
        for form in _deletions(word, slips):
            found.update(index.get(form, ()))
        return sorted(c for c in found if abs(len(c) - len(word)) <= slips)

    def is_english(self, word: str) -> bool:
        start = word[:2]
        groups = self._english_groups
        if start not in groups:  # each group read from the store once, however many words look in it
            groups[start] = self._parts.record(ENGLISH, start) or frozenset()
        return word in groups[start]

    @cached_property
    def _english_groups(self) -> dict[str, frozenset[str]]:
        return {}

    def _correct(self, word: str, most_slips: int = 2) -> str:
        if len(word) < 3 or not word.isalpha():
            return word
        # ("coughin" is known as a piece of the phrase "coughin up blood", yet alone it is "coughing")
        if word in self.known and not (len(word) > 5 and not self.is_english(word) and self._dropped_g(word)):
            return word
        if _HELD.search(word):
            once, twice = _HELD.sub(r"\1", word), _HELD.sub(r"\1\1", word)
            if once in self.known or twice in self.known:
                return once if once in self.known else twice
            word = twice
        # A dropped g is how people write, not a slip: "bowlin", "achin", "killin".
        if self._dropped_g(word):
            return word + "g"
        if self.is_english(word):
            return word
        from rapidfuzz import process  # only when a word needs repairing: it costs start-up time
        from rapidfuzz.distance import OSA

        # One slip (a wrong, missing, extra or swapped letter) in a short word; two in a long one.
        allowed = min(most_slips, 1 if len(word) <= LONG_WORD else 2)
        self._misses += 1
        if self._misses > INDEX_AFTER_MISSES:
            # A word one slip away beats any two away, and among equals the first alphabetically wins
            # either way: so the words one slip away (a few deletion forms) are looked at first, and
            # the two-slip forms (quadratic in the word's length) only when there is none.
            best = None
            for slips in range(1, allowed + 1):
                candidates = self._sharing_deletions(word, slips)
                best = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=slips)
                if best is not None:
                    break
        else:  # Only words whose length is within the allowed number of slips can be close enough.
            candidates = self._near(len(word), allowed)
            best = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=allowed)
        if best is None:
            return word
        # Among words equally close, one that keeps the first letter: people rarely mistype the first
        # letter ("vains" is "veins", not "pains").
        ties = process.extract(word, candidates, scorer=OSA.distance, score_cutoff=best[1], limit=None)
        same_start = [c for c, _, _ in ties if c[0] == word[0] or (c[0], word[0]) in _SOUND_ALIKE]
        # Then by the slip people make most: letters swapped ("pian": "pain", not "piano"), left out
        # ("tunel": "tunnel", not "tune"), mistyped ("rotater": "rotator", not "rotate"); an extra
        # letter last.
        candidate = min(same_start, key=lambda c: (_slip_rank(word, c), c)) if same_start else best[0]
        if len(word) <= 4 and candidate[0] != word[0]:
            return word
        return candidate


_VOWEL_LETTERS = frozenset("aeiouy")
# Letters written for one another because they sound alike.
_SOUND_ALIKE = frozenset({("c", "k"), ("k", "c")})


def _slip_rank(typo: str, word: str) -> int:
    """How common the slip from `word` to `typo` is: 0 swapped, 1 a double letter written once or a
    single one doubled ("knott": "knot", not "knotty"; "bal": "ball", not "bald"), or a letter written as
    one that sounds alike ("cilling": "killing"), 2 left out, 3 a vowel for a vowel (the unstressed vowel
    people spell by ear: "rotater"), 4 another letter mistyped, 5 added."""
    if sorted(typo) == sorted(word):
        return 0
    if _doubling(typo, word) or _doubling(word, typo):
        return 1
    # one letter written as another that sounds the same ("cilling": "killing", not "chilling")
    if len(typo) == len(word) and all((a, b) in _SOUND_ALIKE for a, b in zip(typo, word, strict=True) if a != b):
        return 1
    if _left_out_of(typo, word):
        return 2
    if len(typo) != len(word):
        return 5
    changed = [(a, b) for a, b in zip(typo, word, strict=True) if a != b]
    return 3 if all(a in _VOWEL_LETTERS and b in _VOWEL_LETTERS for a, b in changed) else 4


def _doubling(longer: str, shorter: str) -> bool:
    """Whether `longer` is `shorter` with one of its letters written twice."""
    return len(longer) == len(shorter) + 1 and any(
        longer[i] == longer[i - 1] and longer[:i] + longer[i + 1 :] == shorter for i in range(1, len(longer))
    )


def _left_out_of(typo: str, word: str) -> bool:
    """Whether `typo` is `word` with letters left out (its letters in order within `word`)."""
    letters = iter(word)
    return len(typo) < len(word) and all(ch in letters for ch in typo)


def correct_tokens(
    tokens: list[Token],
    corrector: SpellCorrector,
    normalizer: Normalizer,
    indexed: frozenset[str],
    capitals: frozenset[str] = frozenset(),
) -> tuple[list[Token], int]:
    """Repair misspelt words (`indexed`: canonical words the indexes know, left alone; `capitals`: words
    written in capitals, abbreviations meant as written: "the MTA" is no "MVA"); count repairs."""
    fixed: list[Token] = []
    changed = 0
    # (a word one slip from a known one is a typo of it, English however mangled: "masage", "sleepin")
    strange = [not t.cue and t.word not in indexed and corrector.strange(t.raw) for t in tokens]
    beyond_one_slip = [odd and corrector.correct(t.raw, 1) == t.raw for t, odd in zip(tokens, strange, strict=True)]
    unknown = sum(beyond_one_slip)
    foreign = unknown >= FOREIGN_WORDS and unknown >= FOREIGN_SHARE * len(tokens)
    foreign_clauses = _clauses_in_another_language(tokens, strange, beyond_one_slip)
    for t in tokens:
        if t.cue or t.word in indexed or t.raw in capitals or t.clause in foreign_clauses:
            fixed.append(t)
            continue
        # (a word one slip from an index word is repaired to it whatever the second slip would find: the
        # closest wins; two slips are looked for only where one found nothing and the note is English)
        better = corrector.correct(t.raw, 1)
        if better == t.raw and not foreign:
            better = corrector.correct(t.raw)
        if better != t.raw:
            # ("sooo" is read as typed "so": a stop word, which the ordinary reading then leaves out)
            held = better in normalizer.vocabulary.stop_words
            fixed.append(t._replace(word=normalizer.canon(better), raw=better if held else t.raw))
            changed += 1
        else:
            fixed.append(t)
    return fixed, changed


def _clauses_in_another_language(tokens: list[Token], strange: list[bool], beyond_one_slip: list[bool]) -> set[int]:
    """Clauses of two or more words, every one strange and half of them beyond one slip of any word: a
    phrase in the writer's own language ("... night is the worst. Bardzo boli."), whose words are not typos
    of English ones ("boli" is no "boil"). A run of typos ("sevre bakc pian") is each one slip from its word."""
    words: dict[int, list[tuple[bool, bool]]] = defaultdict(list)
    for t, odd, far in zip(tokens, strange, beyond_one_slip, strict=True):
        words[t.clause].append((odd, far))
    return {
        clause
        for clause, marks in words.items()
        if len(marks) >= 2 and all(odd for odd, _ in marks) and 2 * sum(far for _, far in marks) >= len(marks)
    }
