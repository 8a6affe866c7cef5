"""Free text to canonical tokens: folding, clauses, negation, history, synonyms and light stemming.

Every word list (synonyms, multi-word phrases, stop words, negation, history and other-person cues,
clause breaks) comes from the knowledge base's vocabulary, so the same rules apply to the index and
to what people type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .model import Vocabulary

_WORD = re.compile(r"[a-z0-9]+")
# Punctuation that always ends a clause: negation and red-flag phrases never reach across it.
_CLAUSE_PUNCT = re.compile(r"[,;.:!?()\[\]\n\r\t|/+]+")
_APOSTROPHES = str.maketrans({"'": "", "\u2019": "", "\u2018": "", "`": ""})
# "10 years ago", "a month ago": how long ago something happened, in days.
_AGO = re.compile(
    r"\b(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|few|several)\s+"
    r"(day|week|month|year|yr)s?\s+ago\b"
)
_COUNTS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "few": 3,
    "several": 4,
}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "yr": 365}
# Anything that happened longer ago than this is history, not a current condition.
HISTORY_AFTER_DAYS = 180


@dataclass(frozen=True)
class Token:
    word: str  # canonical form
    raw: str  # as typed (folded)
    clause: int
    negated: bool  # denied, or about someone other than the client
    cue: bool  # the token is itself a negation cue ("no", "denies")
    history: bool = False  # in the past ("history of", "10 years ago"), not a current condition


def fold(text: str) -> str:
    """Lower-case, strip accents and apostrophes: "Parkinson’s Café" -> "parkinsons cafe"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.lower().translate(_APOSTROPHES)


def stem(word: str) -> str:
    """Strip English plural endings; enough for 'knees', 'aches', 'injuries'."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, replacement in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x")):
        if word.endswith(suffix):
            return word[: -len(suffix)] + replacement
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _days_ago(clause: str) -> int | None:
    found = _AGO.search(clause)
    if found is None:
        return None
    count = found.group(1)
    n = int(count) if count.isdigit() else _COUNTS[count]
    return n * _UNIT_DAYS[found.group(2)]


class Normalizer:
    """Turns text into tokens under one vocabulary; cheap to call repeatedly (memoised per word)."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.canon = lru_cache(maxsize=65536)(self._canon)
        phrases = sorted(vocabulary.phrases, key=len, reverse=True)
        self._phrases = (
            re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b") if phrases else None
        )

    def _canon(self, word: str) -> str:
        synonyms = self.vocabulary.synonyms
        if word in synonyms:
            return synonyms[word]
        stemmed = stem(word)
        return synonyms.get(stemmed, stemmed)

    def _rewrite_phrases(self, text: str) -> str:
        if self._phrases is None:
            return text
        return self._phrases.sub(lambda m: self.vocabulary.phrases[m.group(1)], text)

    def tokens(self, text: str) -> list[Token]:
        """Every content word of `text`, with its clause and whether it is denied or in the past."""
        vocab = self.vocabulary
        result: list[Token] = []
        clause = 0
        for piece in _CLAUSE_PUNCT.split(self._rewrite_phrases(fold(text))):
            days = _days_ago(piece)
            past_clause = days is not None and days > HISTORY_AFTER_DAYS
            negating = past = other = False
            for raw in _WORD.findall(piece):
                if raw in vocab.clause_breaks:
                    clause += 1
                    negating = past = other = False
                    continue
                if raw in vocab.negation_cues:
                    negating = True
                    result.append(Token(raw, raw, clause, False, True))
                    continue
                if raw in vocab.other_person_cues:
                    other = True
                    continue
                if raw in vocab.history_cues:
                    past = True
                    result.append(Token(raw, raw, clause, negating or other, False, True))
                    continue
                if raw in vocab.stop_words:
                    continue
                word = self.canon(raw)
                if word in vocab.stop_words:
                    continue
                result.append(Token(word, raw, clause, negating or other, False, past or past_clause))
            clause += 1
        if any(t.history for t in result):
            # a history cue anywhere in a clause dates the whole clause ("DVT, history of")
            past_clauses = {t.clause for t in result if t.history}
            result = [
                t
                if t.history or t.clause not in past_clauses
                else Token(t.word, t.raw, t.clause, t.negated, t.cue, True)
                for t in result
            ]
        return result

    def phrase(self, text: str) -> tuple[str, ...]:
        """Canonical words of an index phrase (an alias, a term); cue words kept as words."""
        return tuple(t.word for t in self.tokens(text))
