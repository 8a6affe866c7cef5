"""The matcher: a symptom to ranked conditions, a health text to contraindications, texts to red flags.

It reads the parts language/build.py makes from the knowledge base, and nothing but its words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from massage_match.language.facts import Facts, merged, read_facts, with_levels_named
from massage_match.language.flags import COMPARE, RaisedFlag, RedFlagIndex, triggers
from massage_match.language.index_layout import LazyWords
from massage_match.language.phrases import NEAR_EXACT, PhraseIndex, Scored
from massage_match.language.spelling import SpellCorrector, correct_tokens
from massage_match.model import Concept, Contraindication, FlagHit, HealthFinding, KnowledgeBase, Parts, Rule
from massage_match.normalize import Normalizer, Token, acronyms, fold, names_complaint

# A health term that no known phrase stands in whole must come this close to one (glued words,
# a stray extra word) or it is reported as not understood: safety screening does not guess.
HEALTH_THRESHOLD = 85.0
# Below this a symptom gets no condition: a confident wrong match is worse than none.
CONDITION_THRESHOLD = 60.0
# An exact name or alias.
PERFECT = 100.0
# A condition described without what defines it falls below a match, and stays an alternative.
UNMET_CRITERIA_FACTOR = 0.9
MET_CRITERIA_FACTOR = 1.3
# A condition recognised by its defining features, unnamed: a match, below what names a condition
# ("heel pain on the first steps of the morning" is plantar fasciitis, short of saying so).
SIGNS_SCORE = 80.0
# Each complaint of several must stand more clearly on its own words than a whole text.
COMPLAINT_THRESHOLD = 70.0
# A place that borrows its complaint words ("lower back" in "lower back and neck pain") must then
# name its complaint about as a name does.
BORROWED_WORDS_NAMED = 95.0
# Readings this close on the words are decided by the signs the text shows.
SIGNS_TIE = 2.0
# A whole text named this clearly is not read as parts that lose its condition.
CLEAR_WHOLE = 95.0
# A part read this clearly at a place of its own is a complaint beside the whole text's reading.
BESIDE_WHOLE = 85.0
# A whole text whose ranking has no other condition this strong holds one complaint.
SECOND_COMPLAINT_HINT = 50.0
# Below that, a second condition this strong is a fainter hint, followed only by parts named this clearly.
FAINT_COMPLAINT_HINT = 40.0
FAINT_HINT_NAMED = 85.0
# A part of one word is a complaint of its own only when that word names one ("migraines").
ONE_WORD_COMPLAINT = 90.0
# A general complaint said alone is read at the least score of a match: a guess the client confirms.
SAID_ALONE_SCORE = CONDITION_THRESHOLD
# How many words some index knows a text may hold besides the general complaint and still say it alone
# ("stiff after the weekend"): more, and it says something the ranking weighed and did not match.
SAID_ALONE_SLACK = 1
# Units a count is given in, as the tokens read them ("3 days", "28wks").
_COUNT_UNITS = frozenset({
    "day", "days", "week", "weeks", "wk", "wks", "month", "months", "year", "years", "yr", "yrs", "hour", "hours",
    "hr", "hrs",
})  # fmt: skip
# Words at least this long, unknown to the knowledge base and to everyday English, may name an illness.
STRANGE_LENGTH = 5
# Where one complaint ends and another begins: "and", commas, full stops, "plus", "also", "as well as", "n my".
_COMPLAINT_BREAKS = re.compile(
    r"[,;:&+.!?\u2022*]|\b(?:and|but|plus|also|additionally|in addition|as well as|as well|on top of that|on top of"
    r"|along with|not to mention|besides)\b"
    # texting's "n" before a new subject: "tailbone hurts n my upper back is tite" (not "neck n shoulders")
    r"|\bn(?=\s+(?:my|i|im|me|ma|mi)\b)"
    r"|(?:^|(?<=\s))\d\)"  # a numbered list: "1) frozen shoulder 2) carpal tunnel"
    r"|(?:^|(?<=\s))-(?=\s|$)",  # a list of dashes: "- tight IT band - sore achilles"
    re.IGNORECASE,
)
# A part opening on a pronoun ("they're stiff after sitting", "it hurts to twist") speaks of what came before.
_GOES_ON = re.compile(r"\s*(?:it|its|they|theyre|them)\b(?!\s+bands?\b)")
# Body words that name no site of a complaint of their own.
_NO_SITE = frozenset({"body", "muscl", "joint", "bone", "skin", "side"})
# The same, kept in the split: brackets hold their commas.
_COMPLAINT_BREAK_KEPT = re.compile(f"({_COMPLAINT_BREAKS.pattern})", re.IGNORECASE)
# How far behind a catch-all condition a specific one may score and still lead.
GENERIC_MARGIN = 10.0
# Readings of this many places level on a text's words, and none named: the words say no place.
LEVEL_PLACES = 3
# Texts whose tokens are kept for reuse; the memo is emptied when it fills (bounded memory).
TOKEN_MEMO = 8192
# Alternatives ("did you mean") must at least share a meaningful word with the query.
ALTERNATIVE_FLOOR = 35.0
MAX_ALTERNATIVES = 3
# Beside a match, an alternative must also score at least this share of it: next to a perfect
# "lower back pain", a 40-point "Achilles tendinopathy" is noise, not a candidate.
ALTERNATIVE_SHARE = 0.5


def _parts(text: str, guarded: re.Pattern[str] | None = None) -> list[str]:
    """The text cut at complaint breaks, except inside brackets ("pregnancy aches (back, hip, leg)") and
    inside the `guarded` phrases that hold a break word ("pins and needles", "wear and tear")."""
    kept = [m.span() for m in guarded.finditer(text)] if guarded is not None else []
    parts: list[str] = [""]
    depth = 0
    at = 0
    # (splitting on the kept pattern puts each break at an odd place: a break read by what follows it, texting's
    # "n my", is known as one without matching the lone piece again)
    for place, piece in enumerate(_COMPLAINT_BREAK_KEPT.split(text)):
        inside = any(start <= at < end for start, end in kept)
        if depth == 0 and not inside and place % 2:
            parts.append("")
        else:
            parts[-1] += piece
        at += len(piece)
        depth = max(0, depth + piece.count("(") - piece.count(")"))
    return [p.strip() for p in parts if p.strip()]


# Words that date a health term told on its own as recent or current ("recent surgery", "still on chemo").
_RECENT_WORDS = frozenset({
    "recent", "recently", "new", "newly", "just", "current", "currently", "ongoing", "still", "now", "today",
    "yesterday", "tonight", "fresh", "week", "weeks", "wks", "day", "days", "postop", "post",
})  # fmt: skip


def _spaced_words(text: str) -> str:
    """The text's words, folded, one space apart and one at each end: " lower back " is found in it whole."""
    return f" {' '.join(re.findall(r'[a-z0-9]+', fold(text)))} "


def best_match(ranked: Sequence[Scored], threshold: float = CONDITION_THRESHOLD) -> Scored | None:
    """The ranking's first condition if it scores well enough to be the match, else None."""
    return ranked[0] if ranked and ranked[0].score >= threshold else None


def alternative_floor(best_match: float | None) -> float:
    """The score an alternative needs, given the match's score (None: nothing matched)."""
    return ALTERNATIVE_FLOOR if best_match is None else max(ALTERNATIVE_FLOOR, best_match * ALTERNATIVE_SHARE)


# Typed words at least this long are repaired in a symptom's health reading too: shorter ones collide
# with other words too often to be read as a finding.
SURE_REPAIR_LENGTH = 6

# A text read once: (ordinary tokens, screening tokens, repairs, ordinary tokens as typed).
_Readings = tuple[tuple[Token, ...], tuple[Token, ...], int, tuple[Token, ...]]

# The region of a condition felt all over: it can be a reading of a complaint anywhere.
WHOLE_BODY = "whole body"


class Matcher:
    """All the indexes over one knowledge base, read from its parts as queries need them."""

    def __init__(self, kb: KnowledgeBase, parts: Parts):
        self.kb = kb
        self.normalizer = Normalizer(kb.vocabulary)
        self.screening = Normalizer(kb.vocabulary.for_screening())
        common = LazyWords(lambda: parts.section("matcher.common"))
        self.conditions = PhraseIndex(self.normalizer, parts, "conditions", common)
        self.contraindications = PhraseIndex(self.normalizer, parts, "contraindications", common)
        self.modalities = PhraseIndex(self.normalizer, parts, "modalities", common)
        self.flags = RedFlagIndex(kb, parts)
        self.corrector = SpellCorrector(parts)
        self._parts = parts

    @cached_property
    def indexed(self) -> frozenset[str]:
        """Canonical words some index answers to: never taken for typos."""
        return frozenset(self._parts.section("matcher.indexed"))

    @cached_property
    def _unbroken(self) -> re.Pattern[str] | None:
        """The vocabulary's phrases that hold a complaint break ("pins and needles", "came and went"):
        one idea, never cut in two."""
        vocabulary = self.kb.vocabulary
        held = [
            phrase
            for phrase in (*vocabulary.phrases, *vocabulary.synonyms)
            if " " in phrase and _COMPLAINT_BREAKS.search(phrase)
        ]
        if not held:
            return None
        longest_first = sorted(held, key=len, reverse=True)
        return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in longest_first) + r")\b", re.IGNORECASE)

    @cached_property
    def generic(self) -> frozenset[str]:
        """Catch-all conditions ("knee pain"), which give way to a specific one close behind."""
        return frozenset(self._parts.section("matcher.generic"))

    def tokens(self, text: str) -> tuple[list[Token], int]:
        """The text's tokens, typos repaired, and how many were (memoised: a symptom is read for its
        condition, its health findings and red flags, and batches repeat themselves)."""
        ordinary, _, repairs, _ = self._readings(text)
        return list(ordinary), repairs

    def screening_tokens(self, text: str) -> list[Token]:
        """The text's tokens as red flags read them (the stop words they need kept), typos repaired."""
        return list(self._readings(text)[1])

    def _readings(self, text: str) -> _Readings:
        """(ordinary tokens, screening tokens, repairs, ordinary tokens as typed): one reading of the
        text serves all, the ordinary one being the screening one less the stop words red flags keep."""
        found = self._memo.get(text)
        if found is None:
            if len(self._memo) >= TOKEN_MEMO:
                self._memo.clear()
            read = self.screening.tokens(text)
            screening, _ = correct_tokens(read, self.corrector, self.screening, self.indexed, acronyms(text))
            ordinary = self.normalizer.without_stop_words(screening, text, self.kb.vocabulary.stop_words)
            # (a dropped g put back, "sittin", is the word as meant: no repair that makes the reading less sure)
            repaired = {
                id(after)
                for before, after in zip(read, screening, strict=True)
                if before != after and after.word != self.screening.canon(before.raw + "g")
            }
            # Repairs are counted where the ordinary reading has them (a kept stop word is not one).
            changed = sum(1 for t in ordinary if id(t) in repaired)
            # A repair of a short word is a guess ("steri" -> "STEMI"); a long one a typo ("warfarn").
            as_typed = tuple(t for t in ordinary if id(t) not in repaired or len(t.raw) >= SURE_REPAIR_LENGTH)
            found = self._memo[text] = (tuple(ordinary), tuple(screening), changed, as_typed)
        return found

    def _clauses_of_complaint(self, tokens: list[Token]) -> set[int]:
        """The clauses that name a body part or a symptom."""
        vocabulary = self.kb.vocabulary
        return {t.clause for t in tokens if names_complaint(t.raw, vocabulary) or names_complaint(t.word, vocabulary)}

    @cached_property
    def _memo(self) -> dict[str, _Readings]:
        return {}

    def rank_conditions(self, text: str) -> list[Scored]:
        tokens, corrected = self.tokens(text)
        tokens = self.conditions.relevant(tokens)
        # An illness over and done ("had flu last month, all gone") is no complaint now, where the text says
        # one too (a body part or a symptom in the clause keeps it: "the shingles pain never went away").
        over = {t.clause for t in tokens if t.history and t.ended}
        if over and (over := over - self._clauses_of_complaint(tokens)):
            current = [t for t in tokens if t.clause not in over]
            if any(not t.cue and not t.negated for t in current):
                tokens = current
        # Texts that differ only in what the ranking ignores (a repaired typo, a record number, the
        # case of a letter) share one ranking.
        key = (tuple((t.word, t.clause, t.negated, t.cue, t.secondary) for t in tokens), corrected)
        found = self._rankings.get(key)
        if found is None:
            if len(self._rankings) >= TOKEN_MEMO:
                self._rankings.clear()
            found = self._rankings[key] = tuple(self._rank_conditions(tokens, corrected))
        ranked = list(found)
        sign_words = self.flags.sign_words
        if sign_words and any(t.word in sign_words for t in self.screening_tokens(text)):
            ranked = self._recognised(text, ranked)
            ranked = self._signs_decide(text, ranked)
        if any(s.id in self._criteria for s in ranked[: MAX_ALTERNATIVES + 1]):
            return self._judged(text, ranked)
        return ranked

    @cached_property
    def _signs(self) -> tuple[tuple[str, Rule, frozenset[int]], ...]:
        """(condition, its signs, the concepts that could make them hold) for conditions with signs."""
        return tuple(
            (c.id, c.signs, self.flags.positions(triggers(c.signs)[0]))
            for c in self.kb.conditions
            if c.signs is not None
        )

    def _recognised(self, text: str, ranked: list[Scored]) -> list[Scored]:
        """The ranking with conditions whose signs the text shows raised to a match, if they were
        below one: a clinician names the condition a description fits, though the client did not."""
        present = self._concepts(text)
        scores = {s.id: s.score for s in ranked}
        raised = False
        for condition_id, rule, needed in self._signs:
            below = scores.get(condition_id, 0.0) < SIGNS_SCORE
            if below and not needed.isdisjoint(present) and self.flags.holds(rule, present):
                scores[condition_id] = SIGNS_SCORE
                raised = True
        if not raised:
            return ranked
        resorted = sorted((Scored(cid, score) for cid, score in scores.items()), key=lambda s: (-s.score, s.id))
        return self._specific_first(resorted)

    def _signs_decide(self, text: str, ranked: list[Scored]) -> list[Scored]:
        """Two readings all but level on the words, each with its signs: the one whose signs the text
        shows leads ("pain on the inner elbow when gripping" is golfer's elbow, not tennis elbow)."""
        if len(ranked) < 2 or ranked[0].score - ranked[1].score > SIGNS_TIE:
            return ranked
        first, second = (self._sign_rules.get(s.id) for s in ranked[:2])
        if first is None or second is None:
            return ranked  # (a reading with no signs to show is neither confirmed nor contradicted)
        present = self._concepts(text)
        if self.flags.holds(second, present) and not self.flags.holds(first, present):
            ranked.insert(0, ranked.pop(1))
        return ranked

    @cached_property
    def _sign_rules(self) -> dict[str, Rule]:
        return {condition_id: rule for condition_id, rule, _ in self._signs}

    @cached_property
    def _criteria(self) -> dict[str, Rule]:
        """The conditions whose description must meet criteria, with them."""
        return {c.id: c.criteria for c in self.kb.conditions if c.criteria is not None}

    def _judged(self, text: str, ranked: list[Scored]) -> list[Scored]:
        """The ranking with conditions whose criteria the text does not meet moved below the level
        of a match: "everything hurts after moving house" describes no fibromyalgia. Its name or an
        alias given whole (a score of 100) is the client's own diagnosis, and stands."""
        present = self._concepts(text)
        judged = []
        unmet = set()
        for s in ranked:
            rule = self._criteria.get(s.id)
            if rule is not None and s.score < PERFECT:
                if self.flags.holds(rule, present):
                    # What defines the condition is there: it outweighs a catch-all's share of the words.
                    s = Scored(s.id, round(min(s.score * MET_CRITERIA_FACTOR, NEAR_EXACT), 1))
                elif (signs := self._sign_rules.get(s.id)) is not None and self.flags.holds(signs, present):
                    pass  # the condition's own signs: a match as they made it, not a guess to discount
                else:
                    s = Scored(s.id, round(min(s.score, CONDITION_THRESHOLD) * UNMET_CRITERIA_FACTOR, 1))
                    unmet.add(s.id)
            judged.append(s)
        judged.sort(key=lambda s: (-s.score, s.id))
        return self._specific_first(judged, unmet)

    @cached_property
    def _rankings(self) -> dict[Any, tuple[Scored, ...]]:
        return {}

    def _rank_conditions(self, tokens: list[Token], corrected: int) -> list[Scored]:
        ranked = self._place_first(self._specific_first(self.conditions.rank(tokens, corrected)), tokens)
        return self._general_first(self._level_at_the_place_said(ranked, tokens), tokens)

    def _level_at_the_place_said(self, ranked: list[Scored], tokens: list[Token]) -> list[Scored]:
        """Of readings level at the top, one at the place the text names leads one at a place it never
        names ("back stiff" is the back, not a frozen shoulder whose aliases share its words)."""
        if len(ranked) < 2 or ranked[1].score != ranked[0].score:
            return ranked
        said = {t.word for t in tokens if not t.negated and not t.cue} & self.body_words
        lead_places = self._region_words.get(ranked[0].id)
        if not said or lead_places is None or any(place & said for place in lead_places):
            return ranked
        for i, s in enumerate(ranked[1:], start=1):
            if s.score != ranked[0].score:
                break
            places = self._region_words.get(s.id)
            if places and any(place & said for place in places):
                ranked.insert(0, ranked.pop(i))
                break
        return ranked

    def _general_first(self, ranked: list[Scored], tokens: list[Token]) -> list[Scored]:
        """Readings of several places level on the words of a text that names none: the catch-all of
        the whole body leads ("knackered and tense" is no more the Achilles than the hip, whose aliases
        share its words)."""
        if len(ranked) < 3 or self._region_words.get(ranked[0].id) is None:
            return ranked  # (a reading of the whole person already leads: "wound up like a spring")
        if self._places_named(tokens) & self._site_words:
            return ranked
        level = [s for s in ranked if s.score == ranked[0].score]
        places = {self._place(s.id) for s in level if self._region_words.get(s.id) is not None}
        wholes = [s for s in level if s.id in self.generic and self._region_words.get(s.id) is None]
        if not wholes or len(places) < LEVEL_PLACES:
            return ranked
        # (of several, the one the words say alone: "knackered and tense" is tension)
        alone = self._said_alone_fit({t.word for t in tokens if not t.negated and not t.cue})
        whole = next((s for s in wholes if s.id == alone), wholes[0])
        ranked.remove(whole)
        return [whole, *ranked]

    def _place_first(self, ranked: list[Scored], tokens: list[Token]) -> list[Scored]:
        """A catch-all whole-body reading ("sore after gardening") gives way to a close one at the place
        the text names ("sore hip after a weekend of gardening" is the hip)."""
        if len(ranked) < 2 or ranked[0].id not in self.generic or self._region_words.get(ranked[0].id) is not None:
            return ranked
        if len(self._places_named(tokens) & self._site_words) != 1:
            return ranked  # "knuckles and elbows" are joints in general, not the elbow ("knee joints": the knee)
        words = {t.word for t in tokens if not t.negated}
        lead = ranked[0]
        for i, s in enumerate(ranked[1:], start=1):
            if s.score < lead.score - GENERIC_MARGIN:
                break
            places = self._region_words.get(s.id)
            if places and any(place <= words for place in places):
                ranked.insert(0, ranked.pop(i))
                break
        return ranked

    @cached_property
    def _region_words(self) -> dict[str, tuple[frozenset[str], ...] | None]:
        """Per condition, the canonical words of each place it is felt at; None for the whole body."""
        canon = self.normalizer.canon
        return {
            c.id: None
            if WHOLE_BODY in c.region
            else tuple(frozenset(canon(w) for w in place.split()) for place in c.region)
            for c in self.kb.conditions
        }

    def _specific_first(self, ranked: list[Scored], unmet: frozenset[str] | set[str] = frozenset()) -> list[Scored]:
        if len(ranked) > 1 and ranked[0].id in self.generic:
            # "elbow hurts when I shake hands": the catch-all matches the words, the specific condition
            # behind it explains the rest. Close enough behind, the specific one leads.
            # (Only a condition of the same place explains it better: "upper back pain from my desk"
            # is not lower back pain, however close its score.)
            lead = ranked[0]
            places = set(self.kb.condition(lead.id).region)
            for i, s in enumerate(ranked[1:], start=1):
                if s.score < lead.score - GENERIC_MARGIN:
                    break
                other = set(self.kb.condition(s.id).region)
                # (a condition whose criteria the text does not meet explains nothing better)
                if s.id not in self.generic and s.id not in unmet and (places & other or WHOLE_BODY in places | other):
                    ranked.insert(0, ranked.pop(i))
                    break
        return ranked

    @cached_property
    def body_words(self) -> frozenset[str]:
        """Canonical body-part words: where a finding is ("rash on my back")."""
        return frozenset(self.normalizer.canon(w) for w in self.kb.vocabulary.body_words)

    def _site(self, tokens: Sequence[Token], clause: int) -> tuple[str, ...]:
        body = self.body_words
        return tuple(dict.fromkeys(t.word for t in tokens if t.clause == clause and t.word in body))

    def complaints(self, text: str, ranked: list[Scored]) -> list[tuple[str, Scored]]:
        """Every complaint the text names, in text order, each with the words that name it; `ranked`
        is the whole text's ranking. A text that names none but says a general complaint with next to
        nothing else ("sore.", "I just feel rubbish") gets that complaint's general reading."""
        return self._complaints_named(text, ranked) or self._said_alone_reading(text) or self._place_alone_reading(text)

    def _said_alone_reading(self, text: str) -> list[tuple[str, Scored]]:
        """The general reading of a text that says only a general complaint: no place, nothing outside
        massage, and at most a few words besides ("bit stiff after the weekend")."""
        if not any(ch.isalpha() for ch in text):
            return []
        told = [t for t in self.tokens(text)[0] if not t.negated and not t.cue]
        # A word neither an index nor everyday English knows may be the illness itself ("sore, rhabdo",
        # "stiff, febbre"); a word only screening reads ("tetanus") says more than a general complaint.
        # Either is no time for a general reading.
        if any(self._strange(t) for t in told):
            return []
        said = {t.word for t in told}
        if {w for w in said if not w.isdigit()} & self.flags.words - {t.word for t in self.conditions.relevant(told)}:
            return []
        condition_id = self._said_alone_fit(said, text)
        if condition_id is None or self.outside_massage(text):
            return []
        return [(text, Scored(condition_id, SAID_ALONE_SCORE))]

    def _place_alone_reading(self, text: str) -> list[tuple[str, Scored]]:
        """The pain reading of a text that names one place and says only that something is amiss there
        ("shoulder's not right", "same old lower back", "neck. again."): a booking's way of naming the
        complaint. Any other word the tool reads (a rash, a holiday, a second place) leaves it unread."""
        # (a count and its unit say how long or how far along: "28wks n my back is DONE")
        told = [
            t
            for t in self.tokens(text)[0]
            if not t.negated and not t.cue and not t.word.isdigit() and t.word not in _COUNT_UNITS
        ]
        place = [t for t in told if t.word in self.body_words]
        if not place or any(t.word not in self.body_words and t.word not in self._trouble_words for t in told):
            return []
        # One place, however many words it takes ("lower back"): words written side by side, not two places
        # ("neck and back" is two complaints told too thinly to read).
        if f" {' '.join(t.raw for t in place)} " not in _spaced_words(text) or self.outside_massage(text):
            return []
        ranked = self.rank_conditions(f"{' '.join(t.word for t in place)} pain")
        if not ranked or ranked[0].score < PERFECT or not self._region_words.get(ranked[0].id):
            return []
        return [(text, Scored(ranked[0].id, SAID_ALONE_SCORE))]

    @cached_property
    def _trouble_words(self) -> frozenset[str]:
        return frozenset(self.normalizer.canon(w) for w in self.kb.vocabulary.trouble_words)

    def _strange(self, token: Token) -> bool:
        """Whether the word as written is one neither the knowledge base nor everyday English holds (a
        typo repair of it is a guess: "rhabdo" is no "abdo")."""
        raw = token.raw.lower()
        # (short words are interjections and chat, "ah", "och", "tbh", not the names of illnesses)
        if len(raw) < STRANGE_LENGTH or not raw.isalpha() or self.normalizer.canon(raw) in self.indexed:
            return False
        return not (self.corrector.is_english(raw) or raw in self.corrector.known)

    def _said_alone_fit(self, said: set[str], text: str | None = None) -> str | None:
        """The condition whose general complaint the words say alone, the fullest first; a request told
        in no word the tool reads ("need a massage") only when `text` holds it in its own words."""
        sites, known = self._site_words, self.indexed
        fitting = []
        for order, (condition_id, words, slack) in enumerate(self._said_alone):
            if not words <= said:
                continue
            if not words and (said or text is None or not self._says_word_for_word(text, condition_id)):
                continue
            # Words no index knows ("it's always there in the background") change nothing; a word the
            # ranking weighed and found no match for is something said that the reading would ignore,
            # and another place named is another complaint told too thinly to guess.
            besides = {w for w in said - words if w in known}
            if len(besides) <= slack and not besides & sites:
                fitting.append((len(words), -order, condition_id))
        return max(fitting)[2] if fitting else None

    def _says_word_for_word(self, text: str, condition_id: str) -> bool:
        """Whether the text holds, word for word, one of the condition's phrases that no reading can
        hold ("need a massage": its every word is a stop word)."""
        words = _spaced_words(text)
        return any(_spaced_words(phrase) in words for phrase in self.kb.condition(condition_id).said_alone)

    @cached_property
    def _said_alone(self) -> tuple[tuple[str, frozenset[str], int], ...]:
        """(condition, the words of one thing said alone that reads as it, how many other words may be
        beside them), in knowledge-base order. A request's phrase may hold no word the tool reads ("need
        a massage"): it then stands for a text that holds none either."""
        return tuple(
            (
                c.id,
                frozenset(t.word for t in self.tokens(phrase)[0] if not t.negated and not t.cue),
                0 if c.request else SAID_ALONE_SLACK,
            )
            for c in self.kb.conditions
            for phrase in c.said_alone
        )

    def _complaints_named(self, text: str, ranked: list[Scored]) -> list[tuple[str, Scored]]:
        """The complaints the text names. One complaint (the usual case) is the whole text and its match.

        The text is cut where one complaint ends and another begins ("and", commas, full stops,
        "plus"); a part that names a condition clearly on its own words is a complaint. A part naming a
        place but no complaint takes the complaint words of the next part ("back and neck pain": back
        pain, neck pain). A catch-all reading of the same area as a specific complaint ("whiplash,
        neck pain") is that complaint again, not another."""
        best = best_match(ranked)
        whole = [(text, best)] if best else []
        if best is not None and best.score >= PERFECT:
            return whole  # the text is one complaint's name ("neck and shoulder tension")
        # Another complaint shows in the whole text's own ranking as a second condition of some weight:
        # most texts have none, and are not cut up and read again.
        hinted = any(s.score >= SECOND_COMPLAINT_HINT for s in ranked[1:] if best is None or s.id != best.id)
        # A fainter hint ("62M, PD dx 2019, rigidity, also chronic LBP"), or a whole text that names nothing
        # (unless it names a complaint outside massage: "constipated ... my anus aches" names no buttock
        # complaint), is followed too, each part then having to name its complaint clearly.
        faint = not hinted and (
            any(s.score >= FAINT_COMPLAINT_HINT for s in ranked[1:] if best is None or s.id != best.id)
            or (best is None and not self.outside_massage(text))
        )
        # Without that hint, a text that names two places ("my shoulder's frozen, not to mention my hip is
        # killing me") is read part by part too, and a part then counts only if it names its complaint
        # as a name does: "the foot's still stiff" after a gout attack is the gout, described.
        if not hinted and not faint and not self._names_two_places(text):
            return self._in_context(text, whole)
        pieces = self._pieces(text)
        if len(pieces) < 2:
            return self._in_context(text, whole)
        hints = {s.id: s.score for s in ranked}
        guessed: set[str] = set()
        found: list[tuple[str, Scored]] = []
        for piece, query, needed in pieces:
            if not hinted:
                if query != piece:
                    continue  # a place that borrows its complaint words is no complaint of its own here
                needed = max(needed, FAINT_HINT_NAMED if faint else BORROWED_WORDS_NAMED)
            part_ranked = self.rank_conditions(query)
            if not part_ranked or part_ranked[0].score < needed:
                # (only a complaint the whole text's ranking shows too: a place named in passing, "my
                # head got jolted", is part of the one complaint described)
                part_ranked = self._at_its_place(query, needed)
                if not part_ranked or hints.get(part_ranked[0].id, 0.0) < SECOND_COMPLAINT_HINT:
                    continue
                guessed.add(part_ranked[0].id)
            if any(s.id == part_ranked[0].id for _, s in found) or self._goes_on(query, part_ranked[0]):
                continue
            found.append((piece, part_ranked[0]))
        # (a bare place and the part it borrowed its complaint words from, the part right after it)
        borrowed = {
            piece: after[0] for (piece, query, _), after in zip(pieces, pieces[1:], strict=False) if query != piece
        }
        found = self._distinct(self._apart(self._with_level(text, found, ranked, pieces), guessed), borrowed)
        # Parts that lose what the whole text names clearly ("I hurt all over, both sides of my body ... for
        # three years": fibromyalgia) read it worse than the whole did.
        if best is not None and (not hinted or best.score >= CLEAR_WHOLE) and all(s.id != best.id for _, s in found):
            return self._in_context(text, whole)
        # One part named clearly where the whole text named nothing: that part is the complaint; so is a
        # request beside a whole text read only as a catch-all of the whole body ("everything hurts, need an
        # hour of peace" is a booking to relax).
        if len(found) == 1 and best is not None and self._request_over_catch_all(found[0][1], best):
            return self._in_context(text, found)
        # One part named clearly, of its own place, beside the whole text's reading of another ("ankle still
        # puffy since I went over on it ... and I've a crick in me neck"): both are complaints.
        if len(found) == 1 and best is not None and self._beside_whole(found[0][1], best):
            return self._in_context(text, sorted([(text, best), found[0]], key=lambda f: text.find(f[0])))
        return self._in_context(text, found if len(found) > 1 or not whole else whole)

    def _goes_on(self, part: str, reading: Scored) -> bool:
        """Whether a part goes on about what came before it ("my knees grind, they're stiff after
        sitting"): it opens on a pronoun, names no place of its own and no whole-person complaint outright."""
        if _GOES_ON.match(fold(part)) is None:
            return False
        places = self._region_words.get(reading.id)
        if not places and reading.score >= PERFECT:
            return False  # a complaint of the whole person, named: "it's stopping me sleeping"
        words = self._words_of(part)
        return not words & self.body_words and not any(place <= words for place in places or ())

    def _beside_whole(self, part: Scored, whole: Scored) -> bool:
        """Whether a part's clear reading is a complaint of its own beside the whole text's (another place)."""
        if part.id == whole.id or part.score < BESIDE_WHOLE or whole.id in self.generic:
            return False
        return not set(self.kb.condition(part.id).region) & set(self.kb.condition(whole.id).region)

    def _request_over_catch_all(self, part: Scored, whole: Scored) -> bool:
        return (
            self.kb.condition(part.id).request and whole.id in self.generic and self._region_words.get(whole.id) is None
        )

    def _with_level(
        self, text: str, found: list[tuple[str, Scored]], ranked: list[Scored], pieces: list[tuple[str, str, float]]
    ) -> list[tuple[str, Scored]]:
        """The complaints plus the whole text's readings level with its match, each at a place of its own
        that a part names: "outside of my knee stings on long rides ... my hands go numb after a couple of
        hours" is the knee and the hands, though neither part says enough alone."""
        if not ranked or len(found) == 0:
            return found
        level = [s for s in ranked if s.score >= max(CONDITION_THRESHOLD, ranked[0].score - SIGNS_TIE)]
        if len(level) < 2:
            return found
        have = {s.id for _, s in found}
        claimed = {p for p, _ in found}
        symptoms = self.conditions.symptom_words
        regions = [set(self.kb.condition(s.id).region) for _, s in found]
        added = False
        for s in level:
            places = self._region_words.get(s.id)
            region = set(self.kb.condition(s.id).region)
            if s.id in have or not places or any(region & other for other in regions):
                continue
            # (a part no complaint has claimed, saying what is wrong there: "took a knee to the front of my
            # thigh" names a knee, not a knee complaint)
            piece = next(
                (
                    p
                    for p, _, _ in pieces
                    if p not in claimed
                    and (words := self._words_of(p)) & symptoms
                    and any(place <= words for place in places)
                ),
                None,
            )
            if piece is not None:
                found.append((piece, s))
                have.add(s.id)
                claimed.add(piece)
                regions.append(region)
                added = True
        return sorted(found, key=lambda f: text.find(f[0])) if added else found

    def _words_of(self, part: str) -> set[str]:
        return {t.word for t in self.tokens(part)[0] if not t.negated}

    def _apart(self, found: list[tuple[str, Scored]], guessed: set[str]) -> list[tuple[str, Scored]]:
        """The complaints less those read from a place alone where another complaint reaches that place:
        "turning my head ... is sore, stiff at the back of my neck" is the neck, not a headache too."""
        if not guessed:
            return found
        regions = {s.id: set(self.kb.condition(s.id).region) for _, s in found}
        return [
            (piece, s)
            for piece, s in found
            if s.id not in guessed or not any(regions[s.id] & regions[o.id] for _, o in found if o.id != s.id)
        ]

    def _at_its_place(self, part: str, needed: float) -> list[Scored]:
        """A part that names one place and what is wrong there, in words no entry uses ("my right knee
        clicks going up the stairs"), read as that place's complaint in those words alone, or else as
        the place's pain: a clinician hears a knee complaint, whatever the words around it."""
        tokens = [t for t in self.tokens(part)[0] if not t.negated and not t.cue]
        complaint = sorted({t.word for t in tokens if t.word in self.conditions.symptom_words})
        # (the place named first is the one spoken of: "my shoulder stiffens up from hanging my arm out")
        place = next((t.word for t in tokens if t.word in self._site_words), None)
        if place is None or not complaint:
            return []
        for query, floor in ((f"{place} {' '.join(complaint)}", needed), (f"{place} pain", PERFECT)):
            ranked = self.rank_conditions(query)
            # (a place's own complaint: "the joint is swollen" names no place a catch-all can be at)
            if ranked and ranked[0].score >= max(floor, BORROWED_WORDS_NAMED) and self._region_words.get(ranked[0].id):
                return ranked
        return []

    @cached_property
    def _site_words(self) -> frozenset[str]:
        """Body words that name a complaint's site ("knee", "hand"; not "body" or "muscle")."""
        return self.body_words - _NO_SITE

    def _names_two_places(self, text: str) -> bool:
        return len(self._places_named(self.tokens(text)[0])) > 1

    def _places_named(self, tokens: Sequence[Token]) -> set[str]:
        """The body parts the tokens name and do not deny."""
        body = self.body_words
        return {t.word for t in tokens if t.word in body and not t.negated}

    @cached_property
    def _contexts(self) -> tuple[tuple[str, str, frozenset[str]], ...]:
        """(concept, condition, its region) for each condition that takes over complaints in a context."""
        return tuple((c.context, c.id, frozenset(c.region)) for c in self.kb.conditions if c.context is not None)

    def _in_context(self, text: str, found: list[tuple[str, Scored]]) -> list[tuple[str, Scored]]:
        """Complaints read in a context that changes what they are: back, hip and leg aches in
        pregnancy are the pregnancy entry's (its codes, its positioning and cautions)."""
        if not found or not self._contexts:
            return found
        present = None
        result: list[tuple[str, Scored]] = []
        for piece, s in found:
            for concept, condition_id, region in self._contexts:
                if s.id == condition_id or not set(self.kb.condition(s.id).region) <= region:
                    continue
                if present is None:
                    present = self._concepts(text)
                if self.flags.holds(("concept", concept), present):
                    s = Scored(condition_id, s.score)
                    break
            if all(s.id != other.id for _, other in result):
                result.append((piece, s))
        return result

    def named_clearly(self, text: str, condition_id: str, clearly: float) -> bool:
        """Whether a part of the text names the condition clearly on its own words ("rash on my back
        and lower back pain": the second part is lower back pain by name)."""
        for _, query, _ in self._pieces(text):
            ranked = self.rank_conditions(query)
            if ranked and ranked[0].id == condition_id and ranked[0].score >= clearly:
                return True
        return False

    def _pieces(self, text: str) -> list[tuple[str, str, float]]:
        """Per part of the text between complaint breaks: the words as written, the words to rank, and
        the score they need to name a complaint of their own."""
        parts = _parts(text, self._unbroken)
        if len(parts) < 2:
            return [(p, p, COMPLAINT_THRESHOLD) for p in parts]
        body, symptoms = self.body_words, self.conditions.symptom_words
        words = [[t.word for t in self.tokens(p)[0] if not t.negated and not t.cue] for p in parts]
        pieces = []
        for i, part in enumerate(parts):
            here = set(words[i])
            if here and here <= body:
                # A place and nothing else borrows the complaint words of the next part that has some
                # ("lower back and neck are killing me"); what it then names must be that place's
                # complaint by name ("neck pain"), not a guess from a place and a pain word.
                lender = next((set(w) & symptoms for w in words[i + 1 :] if set(w) & symptoms), None)
                if lender is None:  # last in a list ("sore knees and hips"): the words before it
                    lender = next((set(w) & symptoms for w in reversed(words[:i]) if set(w) & symptoms), None)
                if lender:
                    pieces.append((part, f"{part} {' '.join(sorted(lender))}", BORROWED_WORDS_NAMED))
                continue
            # One word alone ("grinds", "tight") names a complaint of its own only as a name does.
            needed = COMPLAINT_THRESHOLD if len(here) > 1 else ONE_WORD_COMPLAINT
            pieces.append((part, part, needed))
        return pieces

    def _distinct(self, found: list[tuple[str, Scored]], borrowed: dict[str, str]) -> list[tuple[str, Scored]]:
        """The complaints less catch-all readings of the place a specific complaint found is at
        ("whiplash, neck pain" is one complaint). Places are compared by where each condition is
        first felt: a stiff neck beside a migraine (head, then neck) is a complaint of its own. A place
        named bare, whose complaint words were borrowed from the part right after it ("right wrist and
        forearm ache from the mouse"), is that part's complaint wherever it reaches."""
        # (a request, though a catch-all, is the booking itself: it stays, and the catch-alls beside it go)
        kept = {s.id for _, s in found if s.id not in self.generic or self.kb.condition(s.id).request}
        specific_places = {self._place(cid) for cid in kept}
        return [
            (piece, s)
            for at, (piece, s) in enumerate(found)
            if s.id in kept
            or (self._place(s.id) not in specific_places and not self._lent_to(found, at, borrowed, kept))
            or self._named_apart(piece, kept)
        ]

    def _lent_to(self, found: list[tuple[str, Scored]], at: int, borrowed: dict[str, str], kept: set[str]) -> bool:
        """Whether the bare place at `at` belongs to the specific complaint of the part it borrowed from."""
        lent_by = borrowed.get(found[at][0])
        if lent_by is None or at + 1 >= len(found) or found[at + 1][0] != lent_by:
            return False
        lender = found[at + 1][1].id
        return lender in kept and self._place(found[at][1].id) in self.kb.condition(lender).region

    def _named_apart(self, piece: str, kept: set[str]) -> bool:
        """Whether a catch-all's part names a place none of the kept complaints reaches: "arthritis in my
        hands" beside trouble sleeping (felt by the whole body, as the catch-all is) is a complaint too."""
        words = self._words_of(piece)
        if not words & self._site_words:
            return False
        return not any(place <= words for cid in kept for place in self._region_words.get(cid) or ())

    def _place(self, condition_id: str) -> str:
        region = self.kb.condition(condition_id).region
        return region[0] if region else ""

    def health(self, text: str, in_symptom: bool = False) -> list[HealthFinding]:
        """Every contraindication the text names (not denied), each with the body parts named with it.

        A health term that names none is one finding with id None (not understood, or only denials).
        A symptom text is read for the terms it holds whole and nothing else: it is a complaint first,
        and a guess there would turn everyday words into health findings."""
        every, corrected = self.tokens(text)
        if in_symptom:  # no guesses: "steri-strips" repaired into "STEMI" is no heart attack
            every = list(self._readings(text)[3])
        # Health screening is about this client, now: someone else's or a planned event limits nothing.
        tokens = [t for t in every if not t.elsewhere]
        kb = self.kb
        index = self.contraindications
        now = index.contained_at([t for t in tokens if not t.history])
        allergens = self._allergens(tokens)
        for cid in allergens:
            now.pop(cid, None)
        # Dated but not over: a lasting condition ("hip replacement 2015", "HTN since 2010") is current,
        # though what came with it then ("hip replacement" implies recent surgery) is not.
        dated: dict[str, int] = {}
        past: dict[str, int] = {}
        if any(t.history for t in tokens):
            dated = {
                cid: clause
                for cid, clause in index.contained_at([t for t in tokens if t.history and not t.ended]).items()
                if kb.contraindication(cid).lasting and cid not in now
            }
            past = {
                cid: clause
                for cid, clause in index.contained_at([t for t in tokens if t.history]).items()
                if cid not in now and cid not in dated
            }
        if now or past or dated:
            current = self._with_implied(now)
            current.update((cid, clause) for cid, clause in dated.items() if cid not in current)
            for cid in [cid for cid in current if self._said_over(text, kb.contraindication(cid))]:
                past[cid] = current.pop(cid)
            findings = [
                HealthFinding(text, kb.contraindication(cid), site=self._site(tokens, clause), in_symptom=in_symptom)
                for cid, clause in current.items()
            ]
            return findings + [
                HealthFinding(text, kb.contraindication(cid), history=True, in_symptom=in_symptom)
                for cid in self._with_implied(past)
                if cid not in current
            ]
        if in_symptom:
            return []
        ranked = index.rank(tokens, corrected) if not allergens else []
        if ranked and ranked[0].score >= HEALTH_THRESHOLD:
            content = [t for t in tokens if not t.negated and not t.cue]
            in_past = bool(content) and all(t.history for t in content)
            return [
                HealthFinding(text, kb.contraindication(cid), history=in_past)
                for cid in self._with_implied({ranked[0].id: 0})
            ]
        # Understood, and nothing to limit: only denials, someone else's, or what the client is allergic to.
        only_denials = bool(allergens) or (
            any(t.cue or t.elsewhere for t in every) and all(t.cue or t.negated or t.elsewhere for t in every)
        )
        stated = tuple(sorted(self._text_facts(text).items())) if not only_denials else ()
        return [HealthFinding(text, None, negated=only_denials, facts=stated)]

    def _said_over(self, text: str, c: Contraindication) -> bool:
        """Whether the text says the finding is over in words of its own ("after the rash went"): its
        `over_when` rule holds over every clause ("4/12 post ..., wound healed")."""
        return c.over_when is not None and self.flags.holds(c.over_when, self._concepts(text))

    def dated_recent(self, text: str) -> bool:
        """Whether the text says the finding is recent or current ("recent surgery", "still on chemo",
        "op 3 weeks ago"): a word that dates it to the past agrees with a past reading, and is no such word."""
        return not _RECENT_WORDS.isdisjoint(_spaced_words(text).split())

    def said_fresh(self, text: str, c: Contraindication) -> bool:
        """Whether the text dates the finding to the last hours or days (its `fresh_when` holds)."""
        return c.fresh_when is not None and self.flags.holds(c.fresh_when, self._concepts(text))

    @cached_property
    def _fact_entries(self) -> tuple[Contraindication, ...]:
        """The contraindications a number can state (read by id: a call never reads them all)."""
        return tuple(self.kb.contraindication(cid) for cid in self._parts.section("matcher.fact_entries"))

    def fact_findings(self, texts: Sequence[str]) -> list[HealthFinding]:
        """Findings a number states ("temp 38.5" is a fever), each with the text that states it."""
        found: list[HealthFinding] = []
        for c in self._fact_entries:
            assert c.fact is not None
            _, name, comparison, limit = c.fact
            for text in texts:
                value = self._text_facts(text).get(name)
                if value is not None and COMPARE[comparison](value, limit):
                    found.append(HealthFinding(text, c, in_symptom=text == texts[0]))
                    break
        return found

    def facts(self, texts: Sequence[str]) -> Facts:
        """The facts the texts state (memoised per text: a text is read for findings and red flags)."""
        return merged(self._text_facts(text) for text in with_levels_named(texts))

    def _text_facts(self, text: str) -> Facts:
        memo = self._facts
        found = memo.get(text)
        if found is None:
            if len(memo) >= TOKEN_MEMO:
                memo.clear()
            found = memo[text] = read_facts((self.normalizer.without_informant(text),), self.kb.vocabulary)
        return found

    @cached_property
    def _facts(self) -> dict[str, Facts]:
        return {}

    def _allergens(self, tokens: list[Token]) -> set[str]:
        """Medicines named as allergies ("allergic to aspirin"): the first medicine entry named after
        each allergy word in its clause, which the client does not take."""
        cues = self.kb.vocabulary.allergy_cues
        found: set[str] = set()
        for i, t in enumerate(tokens):
            if t.raw not in cues:
                continue
            after = [u for u in tokens[i + 1 :] if u.clause == t.clause]
            for end in range(1, len(after) + 1):
                named = [
                    c for c in self.contraindications.contained(after[:end]) if self.kb.contraindication(c).medicines
                ]
                if named:
                    found.update(named)
                    break
        return found

    def _with_implied(self, found: dict[str, int]) -> dict[str, int]:
        """The ids (with their clause) plus what they imply ("knee replacement" is also recent surgery,
        where the replacement is), each once."""
        result = dict(found)
        for cid, clause in found.items():
            for other in self.kb.contraindication(cid).implies:
                result.setdefault(other, clause)
        return result

    def outside_massage(self, text: str) -> list[Concept]:
        """Complaints the text names that massage does not treat (skin, gut, infections...)."""
        keys = self.flags.outside_words
        if not any(t.word in keys for t in self.screening_tokens(text)):
            return []  # most texts: no word an outside-massage phrase is filed under
        return self.flags.outside_massage(self._concepts(text))

    def _concepts(self, text: str) -> dict[int, dict[tuple[int, int], frozenset[str]]]:
        """The concepts one text holds (memoised: criteria, contexts and scope all ask)."""
        found = self._concepts_memo.get(text)
        if found is None:
            if len(self._concepts_memo) >= TOKEN_MEMO:
                self._concepts_memo.clear()
            found = self._concepts_memo[text] = self.flags.concepts_present([self.screening_tokens(text)])
        return found

    @cached_property
    def _concepts_memo(self) -> dict[str, dict[int, dict[tuple[int, int], frozenset[str]]]]:
        return {}

    def red_flags(self, symptom: str, health: Sequence[str] = ()) -> list[FlagHit]:
        """Red flags raised by the symptom and health texts taken together, most urgent first."""
        texts = (symptom, *health)
        # Only words some concept phrase holds, and the facts, can change which flags are raised:
        # texts that agree on those (most of a batch holds none) share one answer.
        flag_words = self.flags.words
        token_lists = [[t for t in self.screening_tokens(text) if t.word in flag_words] for text in texts]
        facts = self.facts(texts)
        if not facts and not any(token_lists):
            return []
        readings = tuple(
            tuple((t.word, t.clause, t.negated, t.cue, t.elsewhere, t.history) for t in ts) for ts in token_lists
        )
        key = (readings, tuple(sorted(facts.items())))
        raised = self._raised.get(key)
        if raised is None:
            if len(self._raised) >= TOKEN_MEMO:
                self._raised.clear()
            raised = self._raised[key] = self.flags.raised(token_lists, facts)
        return [FlagHit(self.flags.flag(hit.position), texts[hit.source], hit.evidence) for hit in raised]

    @cached_property
    def _raised(self) -> dict[Any, tuple[RaisedFlag, ...]]:
        return {}
