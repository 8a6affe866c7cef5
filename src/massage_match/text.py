"""Free text to canonical tokens: folding, clauses, negation, synonyms and light stemming.

Every word list (synonyms, stop words, negation cues, clause breaks) comes from the knowledge base's
vocabulary, so the same rules apply to the index and to what people type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .model import Vocabulary

_WORD = re.compile(r"[a-z0-9]+")
# Punctuation that always ends a clause: negation and red-flag phrases never reach across it.
_CLAUSE_PUNCT = re.compile(r"[,;.:!?()\[\]\n\r\t|/]+")
_APOSTROPHES = str.maketrans({"'": "", "\u2019": "", "\u2018": "", "`": ""})


@dataclass(frozen=True)
class Token:
    word: str  # canonical form
    raw: str  # as typed (folded)
    clause: int
    negated: bool
    cue: bool  # the token is itself a negation cue ("no", "denies")


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


class Normalizer:
    """Turns text into tokens under one vocabulary; cheap to call repeatedly (memoised per word)."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.canon = lru_cache(maxsize=65536)(self._canon)

    def _canon(self, word: str) -> str:
        synonyms = self.vocabulary.synonyms
        if word in synonyms:
            return synonyms[word]
        stemmed = stem(word)
        return synonyms.get(stemmed, stemmed)

    def tokens(self, text: str) -> list[Token]:
        """Every content word of `text`, with its clause number and whether a negation covers it."""
        vocab = self.vocabulary
        result: list[Token] = []
        clause = 0
        for piece in _CLAUSE_PUNCT.split(fold(text)):
            negating = False
            for raw in _WORD.findall(piece):
                if raw in vocab.clause_breaks:
                    clause += 1
                    negating = False
                    continue
                if raw in vocab.negation_cues:
                    negating = True
                    result.append(Token(raw, raw, clause, False, True))
                    continue
                if raw in vocab.stop_words:
                    continue
                word = self.canon(raw)
                if word in vocab.stop_words:
                    continue
                result.append(Token(word, raw, clause, negating, False))
            clause += 1
        return result

    def phrase(self, text: str) -> tuple[str, ...]:
        """Canonical words of an index phrase (an alias, a term); negation cues kept as words."""
        return tuple(t.word for t in self.tokens(text))
