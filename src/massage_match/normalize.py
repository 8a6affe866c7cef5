"""Free text to canonical tokens: folding, clauses, negation, history, synonyms and light stemming.

Every word list (synonyms, multi-word phrases, stop words, negation, history and other-person cues,
clause breaks) comes from the knowledge base's vocabulary, so the same rules apply to the index and
to what people type.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from functools import cached_property, lru_cache
from typing import NamedTuple

from massage_match.model import Vocabulary

_WORD = re.compile(r"[a-z0-9]+")
_RUN = re.compile(r"\w+")
_VOWEL = re.compile(r"[aeiouy]")
# Punctuation that always ends a clause: negation and red-flag phrases never reach across it.
# (Brackets do not: "diabetes in my last pregnancy (2018)" is one statement.)
# (a full stop between digits is a decimal point: "a 5.2cm aneurysm" is one clause; an emoji ends a
# statement as a full stop does: "no wraps 🙄 knuckle's disappeared")
_CLAUSE_PUNCT = re.compile(r"(?:[,;:!?\n\r\t|/+\u2600-\u27bf\U0001f300-\U0001faff]|(?<!\d)\.|\.(?!\d))+")
_APOSTROPHES = str.maketrans({"'": "", "\u2019": "", "\u2018": "", "`": "", "(": " ", ")": " "})
# Faces drawn in pain ("neck 😖 shoulders 😩") say the part is sore; laughing and crying faces say nothing.
_PAIN_FACES = str.maketrans(dict.fromkeys("\U0001f616\U0001f629\U0001f62b\U0001f623\U0001f915", " sore "))
# "10 years ago", "a month ago": how long ago something happened, in days.
_COUNTS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "few": 3, "several": 4, "many": 10,
}  # fmt: skip
# (the words it reads as a count are _COUNTS's own, so the two cannot drift apart)
_AGO = re.compile(
    rf"\b(\d+|{'|'.join(sorted(_COUNTS, key=len, reverse=True))})\s+"
    r"(day|week|month|year|yr)s?\s+ago\b"
)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "yr": 365}
# "the cancer of thyroid 12 years before": a count of years or months "before" said as "ago" (never "two days
# before the race", nor "years before my surgery", which date from another event).
_COUNT_BEFORE = re.compile(
    rf"\b(\d+|{'|'.join(sorted(_COUNTS, key=len, reverse=True))})\s+(years?|yrs?|months?)\s+before\b"
    r"(?!\s+(?:my|the|that|this|his|her|their|our|we|i|it|he|she|they|a|an)\b)"
)
# "last year", "years ago", "ages ago": long enough ago to be history, counted or not ("since last year"
# is ongoing, and is left to the clause's own words).
_LONG_AGO = re.compile(
    r"\b(?:last year|(?:some|many|a few|several) years (?:ago|back)|years ago|years back|a long time ago|long ago"
    r"|ages ago|the year before last|decades? ago|(?:last|back in(?: the)?) (?:spring|summer|autumn|fall|winter))\b"
)
# "back in January", "last March": a month already past, however long ago the calendar makes it.
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_PAST_MONTH = re.compile(
    r"\b(?:back in|last) (january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b"
)
# "when I was 10", "when I was a kid": childhood, so history.
# ("measles as a child", "a seizure once as a teenager", "in childhood")
_CHILDHOOD = re.compile(
    r"\bwhen i was (\d+|an? (kid|child|teenager|baby)|young|little|small)\b"
    r"|\bas an? (?:child|kid|teenager|teen|baby|toddler|youngster)\b|\bin (?:my )?childhood\b"
)
# A calendar year on its own ("stopped in 2019") dates a statement; "since 2019" means ongoing.
_YEAR = re.compile(r"\b(since\s+)?((?:19|20)\d\d)\b")
# The word a past year is marked with (the knowledge base's "a calendar year named" concept reads it).
PAST_YEAR = "pastyear"
# "8kg", "10lbs": a number glued to its unit reads as two words.
_NUMBER_UNIT = re.compile(r"(\d)(kgs?|kilos?|lbs?|pounds?|st|stones?|weeks?|wks?|days?|months?|yrs?|years?|cm|mm)\b")
# "walks 5 mi/day": miles after a number, never a heart attack ("MI").
_MILES = re.compile(r"(\d)\s*mi\b")
# "my RSI's playing up": the abbreviation, its "'s" (is, has, or whose) said apart from it.
_ACRONYM_S = re.compile(r"\b([A-Z]{2,})['\u2019]s\b")
# The g a speaker drops and the apostrophe keeps: "givin' me grief", "chuckin' hay bales".
_DROPPED_G = re.compile(r"\b([A-Za-z]{2,}in)['\u2019](?![A-Za-z])")
# "M.S.", "e.g.": dotted abbreviations read as one word.
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")
# Chart shorthand for durations: "2/7" is two days, "3/52" three weeks, "6/12" six months ("24/7",
# all the time, is left alone).
_CHART_DURATION = re.compile(r"\b(?!24/7\b)(\d{1,2})/(7|52|12)\b")
_CHART_UNITS = {"7": "days", "52": "weeks", "12": "months"}
# A hyphen joining two words ("wind-down", "burnt-out"), not a minus or a dash between numbers.
_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
# A pain score ("sudden 10/10 pain") is one reading, not two clauses.
_PAIN_SCORE = re.compile(r"\b(\d{1,2})\s*/\s*10\b(?![/\d])")
# An event dated by the client's age then ("appendix out at age 12", "when I was 30") is in their past:
# read as the history phrase "years back". A bare "aged 54" is the client's age now, left alone.
_AT_AN_AGE = re.compile(r"\b(?:at (?:the )?age (?:of )?|when i was (?:aged? )?)\d{1,2}\b")
# "appendix out at 12", "broke my wrist ... at 30": the same, said after the event (never a time: "op at 10am").
_EVENT_AT_AGE = re.compile(
    r"\b(out|removed|broke|broken|fractured|op|operation|surgery|tonsils|appendix|trampoline|lymphoma|leukaemia|leukemia"
    r"|cancer|tumour|tumor|diagnosed|treated) (?:at|aged|age) \d{1,2}\b"
    # (nor a week of this pregnancy: "my waters broke at 34 weeks", unlike "at 39 weeks with my first")
    r"(?!\s*(?:am|pm|o ?clock|:|\.\d|tomorrow|today|tonight|on|(?:weeks?|wks?|w)\b(?!\s+with\s+(?:my|our)\b)))"
)


def without_ages_then(folded: str) -> str:
    """Folded text without the ages an event is dated by ("tonsils out at age 6", "when I was 30"): the
    client's age then, not now."""
    if " at " in folded or " age" in folded or "when i was" in folded:
        return _AT_AN_AGE.sub(" ", _EVENT_AT_AGE.sub(r"\1 ", folded))
    return folded


# "6/52 hx of neck pain", "a 3 month history of", "hx of 2 weeks": how long the complaint has lasted,
# the chart's "history of the present complaint", not a past one.
_LASTING_HISTORY = re.compile(
    r"\b(\d+|a few|few|several|some|many) (days?|weeks?|wks?|months?|mths?|years?|yrs?) (?:hx|history)\b"
    r"|\b(?:hx|history) (of (?:\d+|a few|several) (?:days?|weeks?|wks?|months?|mths?|years?|yrs?))\b"
)
# "can't lie flat without getting breathless", "couldn't walk without limping": what follows happens.
_CANT_WITHOUT = re.compile(r"\b(cant|cannot|can not|couldnt|could not)\b([^,.;!?]*?)\s+without\b")
# "for the past two days", "from past 3 weeks": a stretch reaching up to now, not the past.
_PAST_STRETCH = re.compile(
    r"\bpast ((?:\d+|a|one|two|three|four|five|six|seven|few|couple(?: of)?|several|many)\s+)?"
    r"(days?|weeks?|months?|years?|hours?|nights?|fortnight|wks?|yrs?)\b"
)
# "can't lift my arm past my chest", "walked past the shop": past a place, not in the past ("in the past
# my back..." keeps its history).
_PAST_PLACE = re.compile(r"(?<!the )\bpast (?=(?:my|the|his|her|your|me|where|shoulder|knee|elbow|waist|head|chest)\b)")
# A note that opens on weeks alone ("34 weeks, hips ache at night", "32 weeks with my second") is a
# pregnancy (facts.py reads the same weeks the same way).
_OPENING_WEEKS = re.compile(
    r"^(\s*(?:(?:i\W?m|i am|am)\s+)?)(\d{1,2})\s*(weeks?|wks?)"
    r"(?=\s*[,;:(]|\s+(?:along|gone|with (?:my|our|the) (?:first|second|third|fourth|twins|baby|bump))\b"
    # ("I'm 30 weeks." says what the client is, as no length of a complaint is said)
    r"|(?<=m \d\d weeks)\.|(?<=m \d\d wks)\.)"
)
# "my 4 year old has a fever": a child named by the age alone is someone else (as "my son" is).
_AGED_CHILD = re.compile(
    r"\b(my|our|his|her|their) (\d{1,2})[ -]?(?:years?|yrs?|y)[ -]?(?:old|o)\b"
    r"(?! (?:son|daughter|boy|girl|child|kid|baby|toddler|grandson|granddaughter|niece|nephew|brother|sister)\b)"
)
# "she's 7 weeks." said of a baby: under twelve weeks, said alone, is an age ("she's 7 weeks pregnant", "he's
# 6 weeks post op" and "she's 30 weeks" are not); so is a form's "Age: 10 weeks" (no adult's age is in weeks).
_BABY_WEEKS = re.compile(
    r"\b(?:shes|hes|she is|he is|baby is|babys|baby|babys age:?|baby age:?|age of baby:?|age:|aged|infant|infant is"
    r"|(?:my|our) (?:son|daughter|boy|girl|little one)(?: is)?)\s+"
    r"(?:\d|1[01]|one|two|three|four|five|six|seven|eight|nine|ten|eleven)"
    r"\s+weeks(?=\s*(?:[.,;!]|$|(?:has|is|and|with)\b))"
)
# Weeks a bare count names a pregnancy (under 12, as likely how long something has hurt).
BARE_PREGNANCY_WEEKS = range(12, 45)


def _weeks_pregnant(found: re.Match[str]) -> str:
    if int(found.group(2)) not in BARE_PREGNANCY_WEEKS:
        return found.group(0)
    return f"{found.group(1)}{found.group(2)} weeks pregnant"


# A pregnancy's week told beside its own signs: "spotting at 10 weeks", "waters have gone at 34 weeks", or a bare
# item of a list, "itchy hands and feet, 34 weeks, and now bleeding" (a stretch of time: "for 6 weeks", "6 weeks ago").
_WEEK_AT = re.compile(r"\b(?:at|@)\s*(\d{1,2})\s*(?:weeks?|wks?)\b(?!\s+(?:ago|post|after|old|since)\b)")
_WEEK_LISTED = re.compile(r"(?:^|(?<=[,;(]))\s*(\d{1,2})\s*(?:weeks?|wks?)\s*(?=[,;:).]|$|and\b|now\b)")
_PREGNANCY_SIGNS = re.compile(
    r"\b(?:spotting|waters|bump|contractions?|midwife|placenta|baby (?:moving|kicking|kicks|movements?|not moving)"
    r"|kicks|fetal|foetal|obstetric\w*|antenatal|labour|labor)\b"
)

# (a bare late week is a pregnancy's only beside a bump's trouble: "itchy hands and feet, 34 weeks, now bleeding")
_LATE_WEEKS = 20
_LATE_SIGNS = re.compile(r"\b(?:bleeding|tummy|belly|itchy|itching)\b")


def _told_gestation(folded: str) -> str:
    if "pregnan" in folded:
        return folded
    signs = _PREGNANCY_SIGNS.search(folded) is not None
    folded = _WEEK_AT.sub(
        lambda m: f"at {m.group(1)} weeks pregnant" if signs and 4 <= int(m.group(1)) <= 42 else m.group(0), folded
    )
    return _WEEK_LISTED.sub(
        lambda m: (
            f" {m.group(1)} weeks pregnant"
            if int(m.group(1)) in BARE_PREGNANCY_WEEKS
            and (signs or (int(m.group(1)) >= _LATE_WEEKS and _LATE_SIGNS.search(folded) is not None))
            else m.group(0)
        ),
        folded,
    )


# Whose tablets they were ("took 20 of my mum's sleeping tablets"): whoever's, an overdose is the taker's.
_WHOSE_TABLETS = (
    r"(?:my\s+|his\s+|her\s+|(?:my|his|her|our)\s+(?:mums?|moms?|dads?|nans?|grans?|wifes?|husbands?|partners?)\s+)?"
)
# The tablets an overdose is told of, by kind or by name.
_OVERDOSE_DRUGS = (
    r"paracetamol|panadol|tablets|pills|co[ -]?codamol|codeine|ibuprofen|sertraline|sleeping|antidepressants"
    r"|painkillers|diazepam|valium|xanax|alprazolam|zopiclone|tramadol|amitriptyline|aspirin|citalopram|fluoxetine"
    r"|quetiapine|mirtazapine|pregabalin|gabapentin|oxycodone|morphine|propranolol|lithium|benzos|insulin|verapamil"
    r"|amlodipine|digoxin|metformin|gliclazide|sleeping pills|sleeping tablets|heart (?:tablets|pills|medicine|meds)"
)
# "took 20 paracetamol", "swallowed about 16 of my co-codamol": a count of tablets taken at once, an overdose
# from this many ("taking co-codamol 30/500", "10 days that paracetamol won't touch" count nothing taken).
_OVERDOSE_COUNT = re.compile(
    # ("took 30 x 500mg paracetamol": the count, then the strength of each)
    r"\b(took|taken|swallowed|tek)\s+(?:about\s+|around\s+|like\s+|maybe\s+)?(\d{1,3})(?:\s+|\s*[x\u00d7]\s*)"
    r"(?:\d{2,4}\s*mg\s+)?(?:of\s+)?"
    rf"{_WHOSE_TABLETS}"
    rf"({_OVERDOSE_DRUGS})\b"
    # (spread over a day it is counted per day, below; vitamins are no overdose)
    r"(?!(?:\s+(?:of\s+)?(?:my\s+)?(?:paracetamol|vitamins?|supplements?|tablets))?\s+(?:in|over|across|during|through|a|per|each)"
    r"\s+(?:one\s+|a\s+|the\s+)?day\b)(?!\s+of\s+(?:my\s+)?(?:vitamins?|supplements?|iron|fish oil))"
)
_OVERDOSE_FROM = 8
# "took a load of my mum's paracetamol", "swallowed a handful of xanax": a heap of tablets, uncounted.
# ("took a whole box of my sleeping tablets", "took all my zopiclone tonight", "took too many of my tramadol")
# (all of them taken as the day's dose is no overdose: "took all my tablets this morning as usual")
_OVERDOSE_HEAP = re.compile(
    r"\b(took|taken|swallowed|necked|downed)\s+(?:a\s+)?"
    r"(?:(?:load|loads|lot|lots|bunch|handful|heap|pile|stack)\s+of|(?:whole\s+)?(?:box|packet|pack|bottle|strip|tub)\s+of"
    r"|the\s+(?:whole|rest\s+of\s+the)\s+(?:box|packet|pack|bottle|strip)\s+of|all\s+(?:of\s+)?|too\s+many\s+(?:of\s+)?)\s*"
    rf"{_WHOSE_TABLETS}"
    rf"({_OVERDOSE_DRUGS})\b"
    r"(?!\s+(?:this morning|today|tonight as usual|as usual|as normal|as prescribed|on time|like normal|for today)\b)"
)
# "took some pills, not sure how many": tablets taken past counting are an overdose until shown otherwise.
_OVERDOSE_UNCOUNTED = re.compile(
    r"\b(took|taken|swallowed)\s+(?:(?:some|a few|few|a lot|lots)\s+(?:of\s+)?)?"
    rf"{_WHOSE_TABLETS}(?:(?:mums?|moms?|dads?|nans?|grans?)\s+)?"
    rf"({_OVERDOSE_DRUGS})\b"
    r"(?!\s+(?:this morning|today|tonight|as usual|as normal|as prescribed|on time)\b)"
    r"(?=[^.;!?]{0,20}?\b(?:not sure|dont know|don t know|no idea|cant remember|can t remember|lost count of)"
    r" how many\b(?!\s+(?:are\s+|i\s+have\s+|i\s+ve\s+got\s+)?(?:left|remain)))"
)
# "double dosed my insulin by mistake", "doubled up on my verapamil": twice the dose of a medicine taken at once.
_DOUBLE_DOSE = re.compile(
    r"\b(?:double dosed|double dosing|doubled up on|doubled up|took double|took a double dose of|double dose of|"
    r"overdosed on|accidentally took two doses of)\s+(?:on\s+)?"
    rf"{_WHOSE_TABLETS}"
    # (medicines a second dose makes dangerous: a doubled painkiller is not an overdose)
    r"(insulin|verapamil|diltiazem|amlodipine|digoxin|lithium|gliclazide|propranolol|bisoprolol|methotrexate|warfarin"
    r"|heart (?:tablets|pills|medicine|meds))\b"
)

# "overdosed on mince pies", "an overdose of Netflix": too much of a treat, food or screen time, no drug taken.
_OVERDID_TREATS = re.compile(
    r"\b(?:overdosed|overdosing|od d|odd|oded|(?:an )?overdose)\s+(?:on|of)\s+(?:the\s+|all\s+the\s+|too\s+much\s+)?"
    r"(?:mince pies?|chocolates?|choccy|sweets|sugar|cakes?|biscuits|cookies|candy|carbs|turkey|pizzas?|crisps"
    r"|chips|fries|ice cream|pasta|pies|puddings?|treats|snacks|food|junk food|takeaways?|netflix|tv|telly"
    r"|box sets?|sun|sunshine|festive food|christmas food|cheese|mangoes|lechon|rice|jollof|roti|biryani|curry"
    r"|eggnog|carols|family time|baking|hot cross buns|easter eggs|pancakes)\b"
)


def _counted_overdose(found: re.Match[str]) -> str:
    if int(found.group(2)) < _OVERDOSE_FROM:
        return found.group(0)
    return f"{found.group(1)} an overdose of {found.group(3)}"


# "maybe 20 tablet in one day": more tablets in a day than the most of any everyday painkiller (eight
# of paracetamol 500 mg), whatever the verb.
_DAY_COUNT = re.compile(
    r"\b(\d{1,3})\s+(?:paracetamols?\s+)?(tablets?|pills?|paracetamols?)(?:\s+of\s+paracetamol)?\s+"
    r"(?:(?:total|in total|altogether)\s+)?"
    r"(?:(?:in|over|across|during)\s+(?:one|a|1|the)\s+day|a\s+day|per\s+day|each\s+day|every\s+day)\b"
)
_DAY_MOST = 8

# Paracetamol (or a remedy or brand holding it) taken closer than four hours apart, by the handful, beyond the
# packet, or more than eight tablets a day, however the sentence tells it: "taking paracetamol every 3 hours",
# "2 every 2-3 hours", "popping panadol ... like 12 a day", "handfuls of paracetamol".
_PARACETAMOL = r"(?:paracetamol|paracetamols|panadol|calpol|tylenol|acetaminophen|co codamol|cocodamol|solpadeine)"
_TOO_OFTEN = re.compile(
    rf"\b{_PARACETAMOL}\b[^.;!?]{{0,60}}?\bevery\s+"
    r"(?:hour|(?:1|2|3|one|two|three|couple of|1 2|2 3|1-2|2-3|1 or 2|2 or 3)\s+hours?)\b"
    rf"|\bhandfuls? of {_PARACETAMOL}\b"
    rf"|\b{_PARACETAMOL}\b[^.;!?]{{0,40}}?\bmore than (?:the )?(?:packet|box|label|leaflet|instructions)(?: says)?\b"
    rf"|\bmore {_PARACETAMOL} than (?:the )?(?:packet|box|label|leaflet|instructions)(?: says)?\b"
    rf"|\b{_PARACETAMOL}\b[^.;!?]{{0,60}}?\b(?:like |about |maybe |around )?(?:9|1\d|2\d) (?:a|per|each) day\b"
)


def _counted_in_a_day(found: re.Match[str]) -> str:
    if int(found.group(1)) <= _DAY_MOST:
        return found.group(0)
    return "tablets over the daily limit"


# "had a bleed at 24 weeks" (told at 28): a bleed earlier in the pregnancy, not today's.
_EARLIER_BLEED = re.compile(
    r"\b(bleed|bled|bleeding|spotting|spotted) (?:at (\d{1,2}) ?(?:weeks|wks)|in week (\d{1,2}))\b"
)


def _bleed_earlier(found: re.Match[str], folded: str) -> str:
    """The bleed dated back, where the text tells a later week as now ("at 28 weeks"; "spotting at 10 weeks" alone
    is today's)."""
    week = int(found.group(2) or found.group(3))
    if not any(int(a or b) > week for a, b in _WEEK_NUMBER.findall(folded)):
        return found.group(0)
    return f"{found.group(1)} previously at {week} weeks"


_WEEK_NUMBER = re.compile(r"\b(\d{1,2})\s*(?:weeks?|wks?)\b|\b(?:weeks?|wks?|week no)\s*:?\s*(\d{1,2})\b")


# "sugar meter says HI": a reading above what the meter can show (above 33.3 mmol/L).
_METER_HI = re.compile(
    r"\b(meter|monitor|glucometer|libre|sensor|reader|machine)\s+(?:just\s+)?(?:says|said|reads|read|shows|showed"
    r"|is showing|showing|reading|gives|gave)\s+(?:hi|high only|just hi)\b"
)
# "fever gone since Monday", "temperature broke yesterday": a fever told as over.
_FEVER_GONE = re.compile(
    r"\b(fever|temperature|temp)( has| is|s)? (?:gone(?! up)|went away|broke|broken|settled|cleared|come down"
    r"|came down|went down)\b"
)
# "a temperature of 37.0 which is normal": the word names the reading, and the reading is no fever.
_NORMAL_TEMPERATURE = re.compile(
    r"\b(?:an? |my |her |his )?temperature (?:of |is |was |at |reading |reads |around |about |just )?"
    r"(3[4-7](?:[.,][0-7]\d?)?|9[5-9](?:[.,]\d)?)(?![\d.,])"
)
# "if my headache got worse suddenly I'd go to A&E": a plan for what might come, not what has.
_SAFETY_NET = re.compile(
    r"\bif ((?:my|i|it|the|this|that|there|anything|things)\b[^,.;!?]{0,80}?),? (?:then )?"
    r"(?:i d|id|i would|i will|ill|i ll|i know to|i know i should|i should|i must|i have to|i ve been told to|"
    r"ive been told to|i was told to|i m to|im to) (?:go|call|ring|phone|see|head|get|come|seek|dial|contact)\b"
)
# A short illness dated weeks back, to a month, or told date first ("had flu three weeks ago", "had
# tonsillitis in March", "last week I had the flu") is over, though a date that recent leaves most things
# current (an operation three weeks ago still is).
_SHORT_ILLNESS = (
    r"(?:a |the |some |bad |high )*(fever|temperature|temp|flu|covid|virus|bug|cold|chest infection|norovirus"
    r"|tonsillitis|strep throat|strep|stomach bug|tummy bug|sickness bug|sore throat|gastro|food poisoning)\b"
)
_WEEKS_BACK = (
    r"(last (?:week|month)|(?:a|one|two|three|four|five|six|\d+|a few|a couple of|couple of) (?:weeks?|months?) ago)"
)
_MONTH_NAMES = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_ILLNESS_DATED_BACK = re.compile(
    rf"\b(?:had|got|caught|came down with|was down with) {_SHORT_ILLNESS}([^,.;]{{0,25}}?)\b{_WEEKS_BACK}\b"
    rf"|\b{_WEEKS_BACK},? (?:i |we )?(?:had|got|caught|kena|came down with|was down with) {_SHORT_ILLNESS}"
    rf"|\bhad {_SHORT_ILLNESS} (?:back )?in {_MONTH_NAMES}\b"
)


def _illness_had_previously(found: re.Match[str]) -> str:
    if found.group(1):
        return f"had {found.group(1)}{found.group(2)} {found.group(3)} previously"
    if found.group(5):
        return f"had {found.group(5)} {found.group(4)} previously"
    return f"had {found.group(6)} previously"


# "got bit on the ankle by a brown snake": a snake bite, however many words stand between.
_BITTEN_BY_SNAKE = re.compile(
    r"\b(?:bit|bitten)\b(?:\s+[a-z]+){0,4}?\s+by\s+(?:a|an|the|some)\s+(?:[a-z]+\s+)?(?:snake|adder|viper)\b"
)
# "over the last year", "for the last few months": a stretch that runs up to now, as "the past year" does
# ("last year" alone is over).
_LAST_STRETCH = re.compile(
    r"\b(over|for|in|during|within|throughout) the last ((?:\d+|one|two|three|four|five|six|few|couple of|several)\s+)?"
    r"(days?|weeks?|months?|years?|fortnight|wks?|yrs?)\b"
)
# Runs of spaces (left where brackets fold away) read as one, so phrases still match across them.
_SPACES = re.compile(r" {2,}")
_CAPITALS = re.compile(r"\b[A-Z][A-Z0-9]{1,4}\b")


def acronyms(text: str) -> frozenset[str]:
    """Words written in capitals ("ME", "MS", "IT band"): abbreviations, never stop words.
    Text written all in capitals says nothing of the kind and gets none."""
    capitals = _CAPITALS.findall(text)
    if not capitals:
        return frozenset()
    words = re.findall(r"[A-Za-z]+", text)
    # (a chart line is mostly abbreviations yet writes its plain words small: "PMH MI 2012, OA knees")
    shouted = not any(w.islower() for w in words) or any(len(w) > 5 and w.isupper() for w in words)
    if len(words) >= 3 and len(capitals) * 2 > len(words) and shouted:
        return frozenset()
    return frozenset(c.lower() for c in capitals)


# Distinct words whose readings a process remembers (here, in the spelling repairer and in each index's
# list of unknown words). Small enough that a long batch of mostly new words (typos) reaches it early,
# so memory stops growing within the first hundred thousand lines; large enough for any real
# vocabulary of intake text.
WORD_MEMO = 16384

# Anything that happened longer ago than this is history, not a current condition.
HISTORY_AFTER_DAYS = 180


class Token(NamedTuple):
    word: str  # canonical form
    raw: str  # as typed (folded)
    clause: int
    negated: bool  # denied: "no fever", "test negative"
    cue: bool  # the token is itself a negation cue ("no", "denies")
    history: bool = False  # in the past ("history of", "10 years ago"), not a current condition
    ended: bool = False  # explicitly over ("stopped", "resolved"), which even a lasting condition can be
    elsewhere: bool = False  # about someone else or not yet ("my mother has", "surgery scheduled")
    secondary: bool = False  # a side note ("and a bit of neck stiffness")


def _is_word_char(ch: str) -> bool:
    """What a regular expression's \\w matches: a phrase ends only where a word does."""
    return ch.isalnum() or ch == "_"


# Letters Unicode gives no decomposition, so stripping accents leaves them: Polish "łydka" is written "lydka"
# by those who type without it.
_UNDECOMPOSED_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})


def fold(text: str) -> str:
    """Lower-case, strip accents and apostrophes: "Parkinson’s Café" -> "parkinsons cafe"."""
    if text.isascii():  # nothing to decompose (most text): skip the per-character pass
        return text.lower().translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.lower().translate(_APOSTROPHES).translate(_PAIN_FACES).translate(_UNDECOMPOSED_LETTERS)


def stem(word: str) -> str:
    """A shared root for the forms of a word: 'headaches' and 'headache' both give 'headach',
    'burning', 'burned' and 'burns' give 'burn'.

    Only ever compared with other stems, so it need not be a word: it must only be the same for
    the forms people use interchangeably ('knee'/'knees', 'injury'/'injuries', 'throbbing'/'throbs').
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and not word.endswith("eed") and _VOWEL.search(base):
            if base[-1] == base[-2] and base[-1] not in "lsz":  # "throbbing" -> "throb"
                base = base[:-1]
            word = base
            break
    else:
        if word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


# Where a dated statement ends inside one clause: "a clot 3 years ago and now the leg is puffy", "a
# hip replaced 2 years ago has gone painful and I've got a fever". A conjunction that starts a new
# statement (a new subject, or now), or a word that says now.
_BACK_TO_NOW = re.compile(
    r"\b(?:and|but|so)\s+(?=(?:now|today|currently|since|i|im|ive|id|my|it|its|the|this|these|he|she|they|there|theres)\b)"
    r"|\b(?=(?:now|today|currently|nowadays|lately|recently)\b)"
)

_NOW_VERB = re.compile(r"\s+(?=(?:has|have|is|are|keeps|started|starts|became|gets|got)\b)")


# After "stopped", "finished": what the client was doing, halted ("stopped on my ride", "finished my
# shift", "stopped running"), or one step of a course, which ends nothing the text goes on to say.
_HALTING = frozenset({"stopped", "finished", "quit"})
_CYCLE_WORDS = frozenset({"period", "periods", "menses", "menstruation"})
_SCARE_EVENT = frozenset({"a", "the", "big", "little", "real", "bad", "proper"})
_HALTED = re.compile(
    r"(?:on|at|halfway|partway|mid|during|while|dead|suddenly|for a|to catch)\b"
    r"|(?:my |the |a )?(?:run|runs|ride|walk|work|shift|training|session|game|match|class|workout|set|climb|swim)\b"
    r"|(?:running|walking|cycling|riding|jogging|working|playing|training|climbing|swimming|driving|dancing|lifting)\b"
    # "just finished week 3 of 5 of radiotherapy", "finished cycle 2 of 6": a step of a treatment still going on
    r"|(?:week|cycle|round|dose|fraction)\s+(?:\d+|one|two|three|four|five|six)\b"
)


# "?DVT L leg", "Sent to ED ?PE": a question mark opening a word marks what is suspected.
# Chart notes sign a test's result: "+ve Phalen's" is a positive test, "SLR -ve" a negative one.
_SIGNED_RESULT = re.compile(r"(?:(?<=\s)|^|(?<=[(,;:/]))([+-])ve\b", re.IGNORECASE)
# An intake form's question and its answer are one statement: "Q: Surgery? A: Tonsils as a child"
# dates the surgery, "Q: Allergies? A: None" denies the allergies.
# (a chatbot's transcript answers as "USER:")
_ANSWER = r"\?\s*(?:a|ans|answer|user|client|me|pt)\s*[:)\-]\s*"
_FORM_ANSWER = re.compile(_ANSWER, re.IGNORECASE)
_FORM_NONE = re.compile(rf"([^?.!:\n]*){_ANSWER}(?:none|nil|no|nope|nah|n/a)\b", re.IGNORECASE)
# A form's ticked boxes: "Blood clots: [ ] yes [x] no" denies the clots; "[x] yes [ ] no" states them.
_TICKED_NO = re.compile(r"([A-Za-z][A-Za-z ]*?)\??\s*:?\s*\[\s*\]\s*yes\s*\[\s*[xX✓]\s*\]\s*no\b", re.IGNORECASE)
_TICKED_YES = re.compile(r"\[\s*[xX✓]\s*\]\s*yes\s*\[\s*\]\s*no\b", re.IGNORECASE)
# A form's field answered no: "Recent surgery: no | Pressure: firm", "Surgery in last 6 months: N", "Fever - No",
# "Fever? N" deny it ("N (C-section 2019)" denies the recent surgery and dates the one it names).
_FIELD_NO = re.compile(
    # (a transcript's "USER: nope" answers the question before it: the form-answer rule's)
    r"\b(?!(?:user|ans|answer|client|pt|a|me)\s*:)([A-Za-z][A-Za-z0-9 ]{1,30}?)\s*(?::|\?:?|\s[-\u2013\u2014])\s*"
    # ("fever? nope", "DVT - never", "chest pain? no way", "fever: none today")
    # ("cancer? nope never", "stroke? no way lol", "pregnant? defo not", "Seizures: never had one")
    # ("chest pain: 0/10", "chest pain: neg", "facial droop - denied", "chest pain: none whatsoever")
    r"(?:no|none|nil|n/a|n|nope|nah|never|no way|not at all|nada|defo not|definitely not|never had (?:one|it|any)"
    r"|0|0/10|neg|negative|denied|absent|none whatsoever)"
    r"(?:\s+(?:today|now|at all|ever|currently|never|lol|haha|whatsoever))*[!]*"
    r"\s*(?=[|;,.(/\n!?]|-\s|$)",
    re.IGNORECASE,
)
# A field answered in brackets: "chest pain (none), neck ache (yes)", "chest pain (-)", "chest pain [no]".
_BRACKET_NO = re.compile(
    r"([A-Za-z][A-Za-z ]{1,30}?)\s*(?:\(\s*(?:none|no|nil|never|-)\s*\)|\[\s*no\s*\])", re.IGNORECASE
)
# A field crossed or left unticked after it, or said absent: "chest pain ✗ shortness of breath ✗", "rash ❌",
# "chest pain absent".
_MARKED_NO = re.compile(r"([A-Za-z][A-Za-z ]{1,30}?)\s*(?:[\u2717\u274c\u2610\u2718]|\babsent\b)", re.IGNORECASE)
# Fields joined by slashes and answered no together: "palpitations/dizziness/fainting: never".
_SLASHED_NO = re.compile(
    r"((?:[A-Za-z][A-Za-z ]{1,30}/)+[A-Za-z][A-Za-z ]{1,30})\s*[:?-]\s*"
    r"(?:no|none|never|nope|nil|none of these|neither)\b",
    re.IGNORECASE,
)
# A denial before fields joined by slashes: "Denies CP/SOB/fever/neuro sx", "no fever/chills".
_NO_SLASHED = re.compile(
    r"\b(?:no|denies|denied|deny|nil|negative for|neg for|without)\s+"
    r"((?:[A-Za-z][A-Za-z ]{0,25}?\s*/\s*)+[A-Za-z][A-Za-z ]{0,25}?)(?=[.,;!?\n]|\s+(?:but|though|yet)\b|$)",
    re.IGNORECASE,
)
# A chart's signs marked minus in a list: "CP - / SOB - / fever -" denies each (a dash before more words is a
# pause: "neck - stiff since Monday").
_CHART_MINUS = re.compile(r"(?:^|(?<=[/,;]))\s*([A-Za-z][A-Za-z ]{1,25}?)\s+-\s*(?=[/,;.]|$)")
# "free of chest pain and breathlessness", "free from numbness, weakness and slurred speech": a denial told
# before the terms, each item of the list denied.
_FREE_OF = re.compile(r"\bfree (?:of|from)\s+([^.;!?\n]*)", re.IGNORECASE)


# A checklist answered no for a list: "No: chest pain, SOB, dizziness. Yes: tight back" denies each item listed.
# ("no to: heart disease, stroke", "None of the following apply: clots, cancer" deny each item the same way)
_CHECKLIST_NO = re.compile(
    r"\b(?:no(?:\s+to)?|none|none of (?:the following|these|the below)(?:\s+apply)?)\s*:\s*([^.;!?\n]*?)\s*"
    r"(?=\.|;|!|\?|\byes\s*:|\n|$)",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r",|/| and ")


def _each_denied(found: re.Match[str]) -> str:
    """A denied list (a checklist's "No:", "free from ...", "a/b/c: never") with each item denied on its own:
    "no chest pain; no SOB; no dizziness"."""
    items = (item.strip() for item in _LIST_ITEM.split(found.group(1)))
    return "; " + "; ".join(f"no {item}" for item in items if item) + "; "


# "chest pain and shortness of breath: I have neither" denies both.
_NEITHER = re.compile(
    r"([A-Za-z][A-Za-z ]{2,60}?)\s*[:?,-]\s*(?:i have |i've got |ive got |i got |i had )?neither\b", re.IGNORECASE
)
# A form answered without a colon: "illness no, fever no, rashes no" (the field's word, then the answer).
_FIELD_WORD_NO = re.compile(
    r"\b(fever|temperature|temp|rash(?:es)?|illness|infection|injur(?:y|ies)|surgery|operations?|bleeding|pregnan(?:t|cy)"
    r"|heart (?:disease|problems|condition)|high blood pressure"
    r"|diabetes|allergies|heart|blood pressure|bp|cancer|clots?|dvt|stroke|epilepsy|seizures?"
    r"|chest pains?|shortness of breath|sob|breathlessness|numbness|dizziness|calf pain|bladder (?:issues|problems))"
    r"\s+(?:no|none|nil|n|nope|nah)\s*(?=[,;.]|$)",
    re.IGNORECASE,
)
_UNTICKED = re.compile(r"\[\s*\]\s*[^\[\].,;:!?\n]*")
_TICKED = re.compile(r"\[\s*[xX✓]\s*\]")
# "this is Priya from Greenway Surgery", "Thanks, Riverside Surgery": a British GP practice by its name,
# no operation (a name in capitals after "this is ... from" or a sign-off).
_PRACTICE_NAME = re.compile(
    r"(\b(?:this is|i'?m|it'?s|calling|writing|ringing|messaging) (?:[A-Z]\w+ ){0,2}(?:from|at) (?:the )?"
    r"|\b(?:[Tt]hanks|[Tt]hank you|[Rr]egards|[Ww]ishes)[,.]?\s*)((?:[A-Z][a-z]+ ){1,3})Surgery\b"
)


def _form_answers_denied(opened: str) -> str:
    """The text with every form-style denial told as "no ..." before the term: fields answered no ("Fever? nope",
    "chest pain: 0/10"), checklists ("No: a, b"), brackets, crosses, "free from a, b and c", unticked boxes.
    (Each pattern is tried only when the character or word it cannot do without is there.)"""
    if "/" in opened and (":" in opened or "?" in opened or "-" in opened):
        opened = _SLASHED_NO.sub(_each_denied, opened)
    if "/" in opened:
        opened = _NO_SLASHED.sub(_each_denied, opened)
    if " -" in opened and ("/" in opened or "," in opened):
        opened = _CHART_MINUS.sub(r" no \1;", opened)
    if ":" in opened or "?" in opened or " -" in opened or " \u2013" in opened or " \u2014" in opened:
        opened = _FIELD_NO.sub(r"; no \1;", opened)
        if "neither" in opened or "Neither" in opened:
            opened = _NEITHER.sub(r"; no \1;", opened)
        # ("No:", "NO :", "None of the following apply:"), the cheap tests first
        if "o:" in opened or "O:" in opened or "o :" in opened or "e:" in opened or "one of" in opened:
            opened = _CHECKLIST_NO.sub(_each_denied, opened)
    if (
        "(" in opened
        and ("none" in opened or "no)" in opened or "nil" in opened or "never" in opened or "-)" in opened)
    ) or ("[" in opened and "no]" in opened.lower()):
        opened = _BRACKET_NO.sub(r"; no \1;", opened)
    if "bsent" in opened or any(mark in opened for mark in "\u2717\u274c\u2610\u2718"):
        opened = _MARKED_NO.sub(r"; no \1;", opened)
    if "free " in opened or "Free " in opened:
        opened = _FREE_OF.sub(_each_denied, opened)
    if " no" in opened or " No" in opened or " NO" in opened or " N," in opened or opened.endswith(" N"):
        opened = _FIELD_WORD_NO.sub(r"no \1", opened)
    if "[" in opened:
        # (an option left unticked says nothing: "[ ] injury [x] relaxation" is a booking to relax)
        opened = _TICKED_YES.sub(" yes ", _TICKED_NO.sub(r"; no \1;", opened))
        opened = _TICKED.sub(" ", _UNTICKED.sub(" ", opened))
    return opened


# A form's list of operations is one statement with its answer: "Surgeries: tonsils age 6" dates the surgery.
_OPERATIONS_FIELD = re.compile(
    r"\b(surgery|surgeries|operations?|procedures|(?:past )?surgical history|psh)\s*:\s*(?=[a-z0-9])", re.IGNORECASE
)
# A family history told as a form's fields: "mother: breast cancer", "FHx: CVA" is the relative's.
_RELATIVE_FIELD = re.compile(
    r"\b(mother|father|mum|mom|dad|sister|brother|grandmother|grandfather|fhx|family history|fh)\s*:\s*(?=[a-z0-9])",
    re.IGNORECASE,
)
# A form's field of a sign answered with the place ("Pain: head.", "Location: tummy and back", "Swelling: face"):
# the place's sign, said as one statement rather than a field name in one clause and a body part in the next.
_SIGN_PLACE_FIELD = re.compile(
    r"\b(pain|location|site|where|area|swelling|swollen|numbness|rash)\s*[:=]\s*"
    r"([A-Za-z][A-Za-z ]{1,30}?)(?=\s*(?:[.;\n]|$))",
    re.IGNORECASE,
)
_PLACE_FIELDS = {"location": "pain", "site": "pain", "where": "pain", "area": "pain"}
# A field answered yes, and told more of ("Vomiting: yes, on waking"): one statement, the sign and its detail.
_FIELD_YES = re.compile(r"\b([A-Za-z]{3,})\s*:\s*yes\b[,;]?\s*", re.IGNORECASE)


def _place_told_in_field(found: re.Match[str]) -> str:
    """A form's field of a sign answered with a place, said as the place's sign: "Swelling: face" is a swollen
    face, "Location: back" back pain (an answer that denies, "Rash: none", keeps its denial)."""
    field, place = found.group(1).lower(), found.group(2)
    return f"{place} {_PLACE_FIELDS.get(field, field)}"


# An aside in brackets that opens on the writer is a statement of its own: "doesn't hurt much (I'm
# diabetic, can't feel my feet)" denies the pain, not the diabetes.
_OWN_ASIDE = re.compile(r"\((?=\s*(?:i|im|i'm|ive|i've|my)\b)", re.IGNORECASE)
# Chart shorthand: "SI w/ plan", "pain w/o injury".
_WITH = re.compile(r"\bw/(o\b)?", re.IGNORECASE)
_QUERY = re.compile(r"(?:(?<=\s)|^|(?<=[(,;:/]))\?(?=[A-Za-z])")
# A question about illness in general, not the writer's own: it opens on a question word, names no one of the
# writer's own, and asks of people in general or is followed by a denial ("does aromatherapy trigger asthma
# attacks? I don't have asthma"). "Is crushing chest pain serious? I'm 60" is the writer's own and stays.
_QUESTION = re.compile(
    # (a question may follow a complaint after a semicolon, colon, comma or dash: "neck ache - is it a reason to stop?")
    r"(?:^|(?<=[.!?\n;:,])|(?<= -)|(?<= –))\s*"
    r"((?:is|are|does|do|can|could|would|will|should|how|what|whats|what's|when|why|which|if)\b"
    r"[^.!?\n]*\?)",
    re.IGNORECASE,
)
_SUPPOSING = re.compile(r"(?:what if|if i (?:had|said|told you|were|was|ever))\b", re.IGNORECASE)
_FIRST_PERSON_WORD = re.compile(r"\b(?:i|im|i'm|ive|i've|id|i'd|my|me|mine|myself|we|our|us)\b", re.IGNORECASE)
_ASKED_IN_GENERAL = re.compile(
    r"\b(?:someone|somebody|anyone|anybody|people|a person|clients?|patients?|in general|do you (?:ask|check|screen)"
    r"|would you cancel|would you refer|do you refer|refer out|would you still (?:massage|treat|work on)"
    r"|your policy|policy on|difference between|the link between|how (?:do|can|would) you tell|what are the signs of"
    # ("can massage cause a stroke?", "could cupping break up a clot?": what the treatment does, to anyone)
    r"|(?:massage|cupping|reflexology|acupuncture|it|this|that|treatment) "
    r"(?:cause|break up|dislodge|trigger|spread|give))\b",
    re.IGNORECASE,
)
_ASKED_MEANING = re.compile(r"\bwhat (?:does|do|is meant by)\b.{0,80}\bmean\b|\bmeaning of\b", re.IGNORECASE)
_DENIED_AFTER = re.compile(
    r"\s*(?:\(?\s*(?:i don'?t|i do not|i dont|i haven'?t|not me|mine'?s fine|it never has|just curious|just asking"
    r"|asking generally|asking for a friend|purely curious|out of curiosity|no i don'?t"
    r"|just an? (?:student|general|theory|hypothetical|course|exam|study) question|i have none|none today"
    r"|i read (?:it|that|about it) (?:online|somewhere)|just a question|random question|silly question|quick question"
    r"|for my (?:course|exam|studies|essay)|asking|studying|hypothetically"
    r"|for (?:a|my|the|our) (?:first aid |massage |anatomy )?(?:course|class|exam|module)))\b",
    re.IGNORECASE,
)


def without_general_questions(text: str) -> str:
    """The text less its questions about illness in general: the figures in them are no one's."""
    if "?" not in text:
        return text
    return re.sub(r"hypothetically [^?]*\?", " ", _general_questions(text))


def _general_questions(text: str) -> str:
    """The text with each question about illness in general marked as a wonder ("hypothetically")."""
    if not _QUESTION.search(text):
        return text

    def marked(found: re.Match[str]) -> str:
        question = found.group(1)
        # ("if I had a fever would you cancel?", "what if my leg swells after?": a wonder, however told)
        if _SUPPOSING.match(question):
            return found.group(0).replace(question, f"hypothetically {question}", 1)
        # ("what does 'worst headache of my life' mean?": the words quoted are asked about, not told)
        if _ASKED_MEANING.search(question):
            return found.group(0).replace(question, f"hypothetically {question}", 1)
        if _FIRST_PERSON_WORD.search(question):
            return found.group(0)
        if _ASKED_IN_GENERAL.search(question) or _DENIED_AFTER.match(text, found.end()):
            return found.group(0).replace(question, f"hypothetically {question}", 1)
        return found.group(0)

    return _QUESTION.sub(marked, text)


# Chart shorthand for a fracture: "tib #", "#NOF", "# L wrist" (never "#1024", a record number).
_FRACTURE_MARK = re.compile(r"(?<=[a-z])\s*#(?!\s*\d)|(?<![\w#])#(?=\s?[a-z])", re.IGNORECASE)

# "... and I", "... and now I've": a new statement whose subject is the client.
# ("my mum doesn't know but I've been burning myself": the writer's own words after "but" too)
_AND_I = re.compile(
    r"\b(?:and|but)\s+(?:(?:now|then|also|today|since|honestly|really|actually|just|so)\s+)?(?:i|im|ive|id|mi)\b"
)
# A person the client handles, then what is true of them ("lifting my son who has a fever", "carrying my daughter
# who's had a temperature"): from the person on, the words are theirs.
_PERSON_WHO = re.compile(r"\b(?:my|his|her|our|the)\s+([a-z]+)\s+(?:who|whos|that has|thats had)\b")
# A clause that opens on the client's own doing, its "I" left unsaid, with another person or a film only
# in what it did ("watched a film last night and got a pain in my eye", "helped my mum move and felt my
# back go"): what it "got" or "felt" next is the client's. ("my son had flu and got a fever" opens on
# the son.)
_OPENS_ON_OWN_VERB = re.compile(r"\W*(?!(?:my|our|his|her|their|the|a|an|this|that)\b)[a-z]+\W+\w+")
_AND_VERB = re.compile(r"\band\s+(?:then\s+|now\s+)?(?:got|felt|started|noticed|woke|developed|ended up)\b")
# Where a clause the client opens about themself turns to someone else as its setting ("I've decided
# it'll be this weekend | when the kids are at their dad's", "my back hurts | when my son climbs on me").
_SETTING = re.compile(r"\b(?:when|while|whilst|because|cos|as soon as|once)\b")
_OWN_OPENING = re.compile(r"^\W*(?:\w+\W+){0,3}?(?:i|im|ive|id|my)\b")


# The word the vocabulary rewrites a question or a wonder about an illness to ("what if someone had a clot?").
_WONDER = "hypothetically"


def _dated_parts(piece: str, history_cues: frozenset[str]) -> list[str]:
    """A clause cut where a dated statement gives way to the present, so that the date (or a history
    cue) dates only what it is said of. Most clauses hold no date and come back whole."""
    found = _AGO.search(piece) if "ago" in piece else None
    found = found or _YEAR.search(piece)
    start = found.end() if found is not None else None
    if start is None:
        for word in _WORD.finditer(piece):
            if word.group() in history_cues:
                # ("what happens if someone has a stroke": a wonder reaches to the end of its clause, dating nothing)
                if word.group() == _WONDER:
                    return [piece]
                start = word.end()
                break
    if start is None:
        return [piece]
    # "my hip replacement from 2 years ago has gone painful": the date belonged to what came before it
    cut = _NOW_VERB.match(piece, start) or _BACK_TO_NOW.search(piece, start)
    if cut is None or not piece[cut.end() :].strip():
        return [piece]
    return [piece[: cut.start()], *_dated_parts(piece[cut.end() :], history_cues)]


def _in_the_past(clause: str) -> bool:
    """Whether a clause dates itself to the past: long ago, in childhood, or a past year."""
    # (Each pattern is tried only when the word it cannot do without is there.)
    found = _AGO.search(clause) if "ago" in clause else None
    if found is not None:
        count = found.group(1)
        n = int(count) if count.isdigit() else _COUNTS[count]
        if n * _UNIT_DAYS[found.group(2)] > HISTORY_AFTER_DAYS:
            return True
    if ("when i was" in clause or " as a" in clause or "childhood" in clause) and _CHILDHOOD.search(clause):
        return True
    if ("back in" in clause or "last" in clause) and _months_past(clause) * 30 > HISTORY_AFTER_DAYS:
        return True
    said_long_ago = "ago" in clause or "last" in clause or "back" in clause
    if said_long_ago and "since" not in clause.split() and _LONG_AGO.search(clause):
        return True
    # "pain since my fall in 2019" goes on; "a heart attack in 2009, well since" is over.
    years = [
        found.group(2)
        for found in _YEAR.finditer(clause)
        if not found.group(1) and "since" not in clause[: found.start()].split()
    ]
    this_year = date.today().year
    return any(int(year) < this_year for year in years)


def _marked_if_past(found: re.Match[str]) -> str:
    """A year before this one, not opening an ongoing stretch ("since 2019"), read with the word
    PAST_YEAR before it: a rule can then ask whether a statement is dated to a past year without a
    list of years that would go stale each January."""
    if found.group(1) or int(found.group(2)) >= date.today().year:
        return found.group(0)
    return f"{PAST_YEAR} {found.group(0)}"


def _months_past(clause: str) -> int:
    """How many months back a named past month lies (0 when none is named); this month named as past
    ("last December", said in December) is a year ago."""
    found = _PAST_MONTH.search(clause)
    if found is None:
        return 0
    month = _MONTHS.index(found.group(1)[:3]) + 1
    return (date.today().month - month) % 12 or 12


def _came_back(words: list[str]) -> bool:
    """Whether a clause says that what had gone is back ("came back", "back again", "returned")."""
    return bool({"again", "returned", "recurred", "recurring"} & set(words)) or (
        "back" in words and bool({"came", "come", "comes", "coming"} & set(words))
    )


# What an onlooker's report opens on when it is of something seen on the client.
_SEEN_ON_ME = frozenset({"it", "its", "one"})
# How far apart "my son and I" may stand and still be one subject (not "my mum had it, so I ...").
_JOINED_WITHIN = 3


def _joined(words: list[str], vocabulary: Vocabulary) -> bool:
    """Whether the client is named together with the other person ("my son and I", "me and my wife"),
    or the other person only passes on what they see of the client ("wife says my smile is lopsided")."""
    others, selves, third = vocabulary.other_person_cues, vocabulary.self_cues, vocabulary.third_person_cues
    other_at = [i for i, w in enumerate(words) if w in others]
    for j in other_at:
        said = next(
            (k for k in range(j + 1, min(j + 3, len(words))) if words[k] in vocabulary.reported_speech_cues), None
        )
        if said is None:
            continue
        # Whose is what they say: the first person named after it ("says my smile", not "says she"); a
        # "me" straight after the verb is who heard it ("told me she wants to die").
        heard = said + 2 if said + 1 < len(words) and words[said + 1] == "me" else said + 1
        whose = next((w for w in words[heard:] if w == "my" or w in selves or w in third), None)
        if whose is not None and whose not in third:
            return True
        # "husband says one eyelid is drooping", "mole on my back, wife says it's got bigger": a thing seen, no
        # owner named but the client (the other person's own would be "his eyelid", "it's her heart").
        if whose is None and words[heard : heard + 1] and words[heard] in _SEEN_ON_ME:
            return True
    # "picked up my granddaughter and felt a crack in my back": the other person is what the client lifted,
    # the words the client's.
    # ("lifting patients with facial droop": what follows "with" is theirs, not a pain of the lift)
    if other_at and all(
        _HANDLED.intersection(words[max(j - 3, 0) : j]) and words[j + 1 : j + 2] != ["with"] for j in other_at
    ):
        return True
    # "took some of my mate's MDMA": what the client took of theirs is the client's ("took my son to A&E" is not).
    if other_at and all(
        j >= 2 and "of" in words[max(j - 3, 0) : j] and _TAKEN.intersection(words[max(j - 4, 0) : j]) for j in other_at
    ):
        return True
    # "gave the dog to my brother", "wrote a letter to my wife": the other person receives what the client did.
    if other_at and all(j >= 2 and words[j - 1] in _OWNING and words[j - 2] == "to" for j in other_at):
        return True
    # "boyfriend choked me", "my son push me", "partner gets angry and grabs me": what the other person did to
    # the client is the client's.
    # ("my character gets strangled in the play": told as done to them, it stays theirs)
    if any(
        words[k] in _DONE_TO
        and words[k - 1] not in _PASSIVE
        # ("partner threatens to kill me": what they threaten to do, done to the client)
        and (
            k + 1 == len(words)
            or words[k + 1] == "me"
            or words[k] in _DONE_TO_ME
            or (words[k + 1] == "to" and "me" in words[k + 2 : k + 4])
        )
        for j in other_at
        for k in range(j + 1, min(j + _DONE_WITHIN, len(words)))
    ):
        return True
    if any(
        words[k] in _CONTROLS_MINE and words[k + 1 : k + 2] == ["my"]
        for j in other_at
        for k in range(j + 1, min(j + _DONE_WITHIN, len(words)))
    ):
        return True
    # "in bed with my partner", "out with friends": the other person is company, the words the client's;
    # so is the one something came from ("a present from my kids", "a cold from my son").
    # ("working with suicidal adolescents": people worked with are the client's work, not company)
    if other_at and all(
        {"with", "from"} & set(words[max(j - 2, 0) : j]) and _TENDS.isdisjoint(words[max(j - 4, 0) : j])
        for j in other_at
    ):
        return True
    # ("Booking for myself - my husband is on chemo": "for myself" says whose the booking is, and names
    # nobody beside him.)
    # ("I see very sick patients, sepsis, strokes": the client tends them, so what follows is theirs.)
    # ("my friend told me she had chest pain": "me" is who heard it, not a second subject)
    # ("patients we had last night", "patients I saw": the carer named after them tends them)
    # ("my husband's ankles swell": "both ankles", a rewrite's count of body parts, joins nobody to him)
    return any(
        w in selves
        and not (w == "both" and names_complaint(words[i + 1] if i + 1 < len(words) else "", vocabulary))
        and not (i and words[i - 1] == "for")
        and not (i and words[i - 1] in vocabulary.reported_speech_cues)
        and any(
            abs(i - j) <= _JOINED_WITHIN
            and _TENDS.isdisjoint(words[i + 1 : j])
            and not (words[j] == "patients" and j < i)
            for j in other_at
        )
        for i, w in enumerate(words)
    )


_NOW = frozenset({"now", "today", "currently", "tonight", "still"})
# What the client does for people in their care or at work, or watches them do: the people are the object,
# not a subject beside the client ("I watched a drama where the main character had a brain tumour").
_TENDS = frozenset({
    "see", "seeing", "treat", "treating", "nurse", "nursing", "look", "looking", "care", "caring", "deal",
    "dealing", "teach", "teaching", "coach", "coaching", "visit", "visiting", "manage", "managing", "watched",
    "watching", "watch", "read", "reading", "saw", "work", "working", "works", "worked", "specialise", "specialising",
    "specialize", "specializing", "support", "supporting", "counsel", "counselling", "counseling", "refer", "refers",
    "referring", "screen", "screens", "screening", "dealt", "deals", "treated", "treats", "sees", "seen", "looked",
    "cared", "nursed", "visited", "managed", "supported", "attended", "attending", "attend", "hear", "hears", "hearing",
    "heard", "translate", "translates", "translating", "translated", "acting",
    # (taking someone somewhere: "I took my son to A&E with a fever")
    "took", "take", "taking", "brought", "bring", "bringing", "drove", "driving",
})  # fmt: skip


# What someone else does to the client's body ("he shoved me"); "strangled" is already the client's, its
# phrases being read from "choked me", "had me by the throat".
_DONE_TO = frozenset({
    "hit", "hits", "hitting", "shoved", "shoves", "pushed", "push", "pushes", "grabbed", "grab", "grabs", "slapped",
    "slaps", "punched", "punches", "kicked", "kicks", "attacked", "assaulted", "threatened", "strangled", "bit",
    "hurt", "hurts", "hurting", "choked", "chokes", "choking", "threatens", "let", "lets", "locks", "locked", "kill",
})  # fmt: skip
# What the other person does with what is the client's: "partner checks my phone", "the boss keeps my passport".
_CONTROLS_MINE = frozenset({
    "checks", "checked", "checking", "reads", "controls", "controlled", "keeps", "kept", "took", "takes", "hides",
    "hid", "tracks", "monitors", "smashed", "broke", "handles",
})  # fmt: skip
_DONE_TO_ME = frozenset({"strangled"})
# How far after the person the deed may be told ("partner gets angry and grabs me").
_DONE_WITHIN = 6
_TAKEN = frozenset({"took", "taken", "taking", "tried", "borrowed", "nicked", "used", "using", "shared", "swallowed"})
_PASSIVE = frozenset({"gets", "got", "get", "getting", "was", "is", "were", "been", "being"})
# What a client does to someone else with their own body: lifting, carrying, holding them.
_HANDLED = frozenset({
    "lift", "lifted", "lifting", "picked", "picking", "pick", "carry", "carried", "carrying", "holding", "held",
    "hold", "hoisting", "hoisted", "pushing", "pushed", "bathing", "bathed", "helped", "helping",
})  # fmt: skip
# (the writer's own lifting, the strain the note is about: "helping my dad who collapsed" is a carer's news)
_LIFTED = frozenset({"lift", "lifted", "lifting", "carry", "carried", "carrying", "picking", "hoisting"})
# The writer's own words: a note holding one of them is not a carer's report on someone else.
# ("We" and "us" are the family around the client: "won't let us take her to the doctor".)
_FIRST_PERSON = frozenset({"i", "im", "ive", "id", "ill", "me", "myself", "mine"})
# Who writes of a relative as theirs ("my mum", "our son"): no word of the writer's own complaint.
_OWNING = frozenset({"my", "our"})
_THEIR_OWN = frozenset({"his", "her", "their"})
_SIDES = frozenset({"left", "right", "both", "lower", "upper", "bad"})  # "her right leg": the leg is hers
_SENTENCE_OR_CLAUSE = re.compile(r"[,;:.!?\n]+")
# A greeting opens a note before anything is said: "Hello, my father is having ..." opens on the father.
_GREETING = re.compile(
    r"^(?:(?:hello|hi|hiya|hey|dear|good (?:morning|afternoon|evening|day)|morning|evening|howdy|g'?day|kia ora"
    r"|assalamu alaikum|salaam|salam|namaste|vanakkam|bonjour|hola|buongiorno|hallo|hej|merhaba|ni hao|buna ziua"
    r"|sawasdee|konnichiwa|jambo|sannu|ola"
    # (a cry before anything is said opens nothing either: "ag shame, my ouma fell", "oh no, my dad ...")
    r"|ag shame|ag|eish|yoh|shame|oh no|oh dear|oh god|oh my god|omg|oi|please help|help"
    r"|sorry to (?:bug|bother|trouble) (?:you|ya|u)|sorry|um+|erm+|po"
    r"|(?:dear |respected )?(?:sir|madam|maam)|dear (?:doctor|dr|team|therapist)"
    # (a dictation's label: "voice to text:", "siri text:", "dictated:")
    r"|(?:voice|speech) to text|voice note|voice message|siri(?: text)?|dictated|dictation"
    r"|kindly advise|please advise|please|bro|sis|yo|y all|wah gwaan|wagwan|hello po|kumusta)\b[\s,!.:;-]*)+"
)
# "ran down 10 flights", "a long flight of stairs": stairs climbed, never a plane's flight (a clot risk).
_STAIR_FLIGHTS = re.compile(
    r"\bflights? of (?:the )?(?:stairs|steps)\b"
    r"|\b((?:climb(?:ed|ing)?|ran|run(?:ning)?|walk(?:ed|ing)?|went|go(?:ing)?)\s+(?:up\s+|down\s+)?"
    r"(?:\d+|a few|few|several|many|two|three|four|five|six|ten|twenty) )flights?\b"
)
# The Doric "how are you" opening a note ("Fit like. Ma shooders are stiff"), never "fit like a seizure".
_DORIC_GREETING = re.compile(r"^fit like(?: min| quine| loon)?\b(?! (?:a|an|the|seizure|episode|thing|turn|attack)\b)")
# Words in the writer's first language, then said again in English: "Baba yangu anaumwa kifua, sorry - my father's
# chest is paining" opens on the father.
_SAID_AGAIN = re.compile(
    r"^[^,.;:!?]{1,60}?[,.;:!?-]+\s*sorry\b(?:\s*,?\s*i mean)?[\s,:;.!-]*"
    # ... and so does the writer saying who they are first: "I am Romanian, my mother has high fever"
    r"|^(?:i am|im|my name is|this is) [a-z]+(?: [a-z]+)?\s*[,.;:!-]+\s*(?=(?:my|our) )"
)
# What a number after a relative may count instead of their age ("my wife is 30 weeks pregnant").
# The words between a relative and their age: "my mother is 74", "dad aged 80".
_AGE_LINKS = frozenset({"is", "aged", "age", "whos"})
# "booking for my dad", "want to book massage for my father-in-law", "one of our residents": the note
# books someone else, whose "he" and "she" are the client.
_BOOKED_FOR_ANOTHER = re.compile(
    # ("can I book for me only, not for her": a booking denied to her is the writer's alone)
    r"\b(?:book\w*|appointment|session|massage|slot)\b[^.?!]*?(?<!\bnot )\b(?:for|on behalf of)"
    r" (?:my|our|one of our|his|her)\b(?! own\b)"
    r"|\bone of (?:our|my)\b"
    r"|\bbook(?:ed|ing)?(?: \w+){0,3} (?:for|to help) (?:him|her)\b|\bbook(?:ed|ing)? (?:him|her)\b"
    # "She had her massage booked for today", "can ye give her a back rub", "a massage might help her relax"
    r"|\b(?:his|her) (?:\w+ )?(?:\w+ )?(?:massage|appointment|session|booking|rub)\b"
    r"(?!\s+(?:once|last|years?|ago|before|back in))"
    r"|\b(?:massage|rub) (?:him|her)\b|\b(?:rub|massage) (?:his|her) (?:back|neck|shoulders|legs|feet|head)\b"
    # "she wants me to rub it for her": the relative asks for the treatment
    r"|\b(?:wants|wanted|asked|asks|asking) (?:me|us) to (?:rub|massage)\b|\b(?:rub|massage) it for (?:him|her)\b"
    # "I want massage for him please", "a kids massage 4 my boy"
    r"|\b(?:massage|appointment|session|treatment|slot)(?: \w+){0,2} (?:for|4) (?:him|her|my|our)\b(?! own\b)"
    r"|\b(?:give|giving|treat|see|fit) (?:him|her) (?:a|an|in)\b|\b(?:fix|sort) (?:him|her)\b"
    # "can I bring my daughter along": the daughter is booked in
    r"|\bbring (?:my|our) (?:\w+ ){1,3}"
    r"(?:along|in|with me|for|to (?:the |your |a )?(?:\w+ )?(?:massage|session|class|clinic))\b"
    # "I was gonna bring her for the kids massage"
    r"|\bbring (?:him|her)(?: in| along)? (?:for|to) (?:the |your |a |an |his |her )?(?:\w+ )?"
    r"(?:massage|session|class|appointment)\b"
    # "can you see him before then?", "could you squeeze her in"
    r"|\b(?:can|could|would) (?:you|u|ye|ya) (?:see|fit|squeeze|do|take|book|treat|help) (?:him|her)\b"
    r"|\b(?:massage|session|treatment|rub)d?\b[^.?!]*?\b(?:help|relax|calm|settle|soothe) (?:him|her)\b"
    # "I'm writing for my nan", "it's for my dad", "messaging on behalf of my mum": the note is about them
    r"|\b(?:writ\w*|ask\w*|enquir\w*|inquir\w*|messag\w*|email\w*|contact\w*|its|this is)"
    r" (?:for|on behalf of) (?:my|our)\b"
    # "she is 80 and ..., I'm her daughter": the writer says who they are to the one the note is about
    r"|\bi(?:m| am) (?:his|her|their) (?:daughter|son|husband|wife|partner|neighbour|neighbor|friend"
    r"|niece|nephew|grandson|granddaughter|sister|brother|mum|mom|dad|mother|father)\b"
    # A note that opens on whom the writer cares for, "I'm carer for my dad (85), he has...", is about them
    # ("Shoulders tight. I'm a carer for my wife" is the writer's own complaint first)
    r"|^\W*i(?:m| am) (?:a |the |main |full time )?(?:carer|caregiver) (?:for|to) (?:my|our)\b"
    r"|^\W*i (?:care for|look after|am caring for) (?:my|our)\b"
)
# "Booking for Mum (80)": a booking for whoever is named straight after "for" (a relative when the
# vocabulary's other-person words hold the name).
# ("book my son (14) for sports massage": the relative booked in, named straight after "book")
_BOOKED_FOR_NAMED = re.compile(r"\bbook\w*\b[^.?!]*?\bfor (\w+)")
_BOOKED_NAMED = re.compile(r"\bbook\w*(?: in)? (?:my|our) (\w+)")
# ("my son's football massage tomorrow": the son's booking)
_RELATIVES_BOOKING = re.compile(r"\b(?:my|our) (\w+?)s (?:\w+ )?(?:massage|appointment|session|booking|treatment)\b")
_FOR_ME = re.compile(r"\bfor (?:me|myself)\b")


def _books_another(folded: str, other_person_cues: frozenset[str]) -> bool:
    """Whether the note books someone else in ("booking for my dad", "book him", "booking for Mum")."""
    if _BOOKED_FOR_ANOTHER.search(folded) is not None:
        return True
    return any(
        m.group(1) in other_person_cues
        for pattern in (_BOOKED_FOR_NAMED, _BOOKED_NAMED, _RELATIVES_BOOKING)
        for m in pattern.finditer(folded)
    )


def _taken_back(tokens: list[Token], trailing_denials: frozenset[str]) -> list[Token]:
    """Tokens with the clause before a clause of a trailing denial alone denied: "hit by a bus... joking",
    "scan for a clot. Negative." (inside a clause such a cue already denies what came before it there)."""
    taken_back = {
        t.clause - 1
        for t in tokens
        if t.cue and t.raw in trailing_denials and all(o.cue for o in tokens if o.clause == t.clause)
    }
    if not taken_back:
        return tokens
    return [t._replace(negated=True) if t.clause in taken_back and not t.cue else t for t in tokens]


# Words that say how old the relative they come before is.
_AGE_GROUPS = frozenset({"teenage", "teen", "toddler", "infant", "newborn", "elderly", "baby"})
# The pronouns a carer tells of the client with, as the subject of what follows.
_TOLD_OF = frozenset({"she", "he", "shes", "hes"})
# Whom the writer speaks to, not of: "pls dont tell mum", "asked my husband to book", "text my wife".
_ADDRESSING = frozenset(
    {"tell", "telling", "told", "ask", "asking", "asked", "text", "texted", "ring", "rang", "call", "show"}
)
_ADDRESSED_OWNER = frozenset({"my", "our"})


def _names_someone_spoken_of(words: list[str], others: frozenset[str] | set[str]) -> bool:
    """True when someone else is named other than as the one the writer addresses ("dont tell mum")."""
    for index, word in enumerate(words):
        if word not in others:
            continue
        before = words[index - 1] if index else ""
        if before in _ADDRESSED_OWNER and index > 1:
            before = words[index - 2]
        if before not in _ADDRESSING:
            return True
    return False


# "they've all got chickenpox", "they all have colds": a group, never the doctors who "said it's a disc".
_TOLD_OF_GROUP = re.compile(r"\W*(?:they|theyve|theyre|they ve|they re)\s+(?:(?:have|are|ve|re)\s+)?all\b")
_UNITS = frozenset({"weeks", "wks", "week", "days", "months", "mins", "minutes", "hours", "kg", "lbs", "cm"})


def _names_any(words: list[str], cues: frozenset[str]) -> bool:
    """Whether the words hold one of the cues, a cue of several words ("passed away") in that order."""
    if not cues.isdisjoint(words):
        return True
    joined = f" {' '.join(words)} "
    return any(f" {cue} " in joined for cue in cues if " " in cue)


def _people_alternation(other_person_cues: frozenset[str]) -> str:
    """The other-person words as one regex alternation, longest first (so "granddaughter" wins over "daughter")."""
    return "|".join(sorted((re.escape(w) for w in other_person_cues), key=len, reverse=True))


@lru_cache(maxsize=4)
def _dialect_my(other_person_cues: frozenset[str]) -> re.Pattern[str]:
    return re.compile(rf"\bme (?=(?:{_people_alternation(other_person_cues)})\b)")


def my_for_me(folded: str, other_person_cues: frozenset[str]) -> str:
    """Folded text with the dialect possessive "me nan", "me mam" read as "my nan", "my mam"."""
    if "me " not in folded:
        return folded
    return _dialect_my(other_person_cues).sub("my ", folded)


def reports_on_another(text: str, vocabulary: Vocabulary) -> bool:
    """Whether the text is a carer's note about the client: it opens on another person ("Mum 79, says
    her scalp hurts", "Dad collapsed, says his back is agony, he's 78"), has no word of the writer's own
    ("I", "me", "my back") and no family history, and gives that person's age or passes on their words.

    Read this way, the relative's present trouble is the client's. Signs of theirs told in the present
    ("my dad's face is drooping", "my husband has crushing chest pain") are news to act on as much as "this
    morning" is, even when the writer only watches ("when I press a glass on it"); beside a complaint of the
    writer's own ("I'm booking for my neck") they stay the relative's."""
    others = vocabulary.other_person_cues
    # (a hedge is no word of the writer's own: "my toddler swallowed a button battery, I think")
    folded = _HEDGED.sub(" ", my_for_me(fold(text).translate(_APOSTROPHES), others))
    words = _WORD.findall(folded)
    if not words or not others.intersection(words):
        return False
    # ("He's asked me to book him a back massage": the writer's own words only book the relative in)
    booked = _books_another(folded, others)
    # (a family's history is theirs, unless the note books one of them in: "his uncle died suddenly at 35")
    if _names_any(words, vocabulary.family_history_cues) and not booked:
        return False
    at = next(i for i, w in enumerate(words) if w in others)
    # ("lifting my son who has a fever, back sore": a note opening on the writer lifting or carrying the person is
    # the writer's own doing, its "I" left unsaid)
    if at <= 3 and not _LIFTED.isdisjoint(words[:at]):
        return False
    # ("my husband has crushing chest pain", "my wife is having chest pain": told in the present, it is how
    # they are now, news to act on as much as "this morning" is; a bare fact of theirs, "dad is diabetic",
    # and a note that books the writer, "for me just feet", stay theirs)
    # (the signs are looked for in the sentence that names them: "my wean's got chickenpox ... full body
    # massage" tells no sign of the child's)
    theirs_told = next(
        (said for piece in _SENTENCE_OR_CLAUSE.split(folded) if others.intersection(said := _WORD.findall(piece))), []
    )
    told_now = (
        # (whichever time the relative is named: "Toddler massage booked for Saturday. My 2 year old has come up in...")
        any(not _NOW_VERBS.isdisjoint(words[j + 1 : j + 3]) for j, w in enumerate(words) if w in others)
        # (a note with no word of the writer's own tells their signs in any clause: "my kid's been wetting the bed
        # again, always thirsty")
        and any(_is_symptom(w, vocabulary) for w in (theirs_told if not _FIRST_PERSON.isdisjoint(words) else words))
        and _FOR_ME.search(folded) is None
    )
    # ("my dad face drooping and he cant lift his arm right now", "wife's been slurring her words, sitting here next
    # to me", "my friend is with me, she just took a load of pills"): someone beside the writer, unwell as they
    # write, is news to act on; the writer is there only as the one beside them
    writer_alone = folded
    if _BESIDE_ME.search(folded) is not None:
        writer_alone = _BESIDE_ME.sub(" ", folded)
        told_now = told_now or (
            any(_is_symptom(w, vocabulary) or w in _SIGNS_NOW for w in _WORD.findall(writer_alone))
            and _FOR_ME.search(folded) is None
        )
    # (the writer may be there only as the one who sees it: "a rash that doesn't fade when I press a glass on it")
    if (
        not _FIRST_PERSON.isdisjoint(words)
        and not booked
        and not (told_now and not _writer_complains(writer_alone, vocabulary))
    ):
        return False
    # "my" as in "my mum" or "our flat": "my back", "my pain" would be the writer's own complaint.
    for i, w in enumerate(words):
        if w not in _OWNING:
            continue
        owned = words[i + 1] if i + 1 < len(words) else ""
        if not owned or names_complaint(owned, vocabulary):
            return False
    # "my son has haemophilia and his knee hurts": the complaint is the relative's, so the note is about them.
    # (so is "kid's knee pain at night", "grandad's lower leg has gone red": the relative's possessive, its apostrophe
    # folded away, owns the complaint)
    # ("mum had a DVT after her hip op": a part named to date an event is no complaint of theirs)
    theirs = any(
        (w in _THEIR_OWN or (w in others and w.endswith("s")))
        and words[i - 1 : i] not in (["after"], ["since"], ["before"], ["following"])
        and names_complaint(_owned_after(words, i), vocabulary)
        for i, w in enumerate(words)
    )
    first = _WORD.findall(
        _SENTENCE_OR_CLAUSE.split(_SAID_AGAIN.sub("", _GREETING.sub("", folded.strip())), maxsplit=1)[0]
    )
    # (a note that books the relative in may open on anything: "Voice dictation: ... book a tummy massage
    # for my son")
    if not others.intersection(first) and not (booked and _FOR_ME.search(folded) is None):
        return False
    # "my wife had a DVT after her c-section" is her history; "dad had a funny turn this morning" is news.
    # (a note with no word of the writer's own, not even "my", that tells signs of how they are, "son is type 1,
    # vomiting and very sleepy", is news of them too)
    news = (
        told_now
        or (
            _FIRST_PERSON.isdisjoint(words)
            and _befell(words, others)
            # (and how they are since: "can't stand up", "hip killing her"; "my husband fell off a ladder" tells no
            # more)
            and (not _SINCE_TOLD.isdisjoint(words) or any(_is_symptom(w, vocabulary) for w in words))
        )
        or not vocabulary.news_cues.isdisjoint(words)
        or _UNRESPONSIVE_NOW.search(folded) is not None
        # ("My brother's really drowsy and his breathing is slow": "my" only names whom the note is about)
        # (told in the present: "coughed up blood before his diagnosis" is their story)
        or (
            _FIRST_PERSON.isdisjoint(words)
            and _owns_only_people(words, others)
            and not _SIGNS_NOW.isdisjoint(words)
            and (_OWNING.isdisjoint(words) or not _NOW_VERBS.isdisjoint(words))
        )
    )
    # ("has had a fever for 5 days" goes on now; "had a DVT after her c-section" is over)
    had = "had" in words[at + 1 : at + 3] and "has" not in words[at + 1 : at + 3]
    speaking = not vocabulary.reported_speech_cues.isdisjoint(words)
    third_person = not vocabulary.third_person_cues.isdisjoint(words)
    if had and not news and not speaking and not theirs:
        return False
    # ("teenage daughter back pain", "elderly dad, confused": an age group said before the relative is their age)
    aged = _age_given(words, at, vocabulary) is not None or (at > 0 and words[at - 1] in _AGE_GROUPS)
    # News of this morning ("husband's face drooping, started 20 mins ago") is told so that someone acts
    # on it: whoever it is about, the advice to act is the client's to pass on. ("My mother had ..." is
    # still her story unless the note gives her age or her words, or goes on to how she is now: "my
    # husband had a bypass 3 weeks ago, he's home now and his back is sore".)
    # (a note that books the relative in is about them: "Can you come and massage him on Sunday?")
    # ("... safe for her another time. for me just feet please" books the writer)
    return (
        aged
        or theirs
        or (booked and _FOR_ME.search(folded) is None)
        # ("my son had a seizure yesterday, first time ever": a parent's note dates what the child had hours ago as
        # news; "my dad had a funny turn yesterday" stays his)
        or (
            news
            and (
                not had
                or third_person
                or (words[at] in _CHILDREN and _LATELY_TOLD.search(folded) is not None)
                # ("my mate had a fit 10 mins ago and is still jerking": what they had goes on now)
                or _GOING_ON_STILL.search(folded) is not None
                # ("mum had a fall last night ..., now sore all over, pee's dark": how she is now)
                or any(
                    w == "now" and any(_is_symptom(n, vocabulary) or n in _SIGNS_NOW for n in words[i + 1 : i + 4])
                    for i, w in enumerate(words)
                )
            )
        )
        or (speaking and third_person)
    )


_HEDGED = re.compile(r"\b(?:i think|i reckon|i guess|i believe|i suppose|im not sure|i dont know)\b")
# Someone told as beside the writer as they write: "here with me", "next to me", "in my car", "right now".
_BESIDE_ME = re.compile(
    r"\b(?:(?:is|s|are|sitting|standing|lying|right|here)\s+)*(?:with me|next to me|beside me|in front of me"
    r"|in my car|in the car with me)\b(?:\s+(?:now|right now))?|\b(?:right now|just now)\b(?:\s+what do i do)?"
)
# The words that name a child of the writer's ("my toddler", "our boy").
_CHILDREN = frozenset(
    {"son", "daughter", "baby", "boy", "girl", "toddler", "child", "kid", "grandson", "granddaughter"}
)
# When a note with no word of the writer's own dates what they had to the last hours or days.
_LATELY_TOLD = re.compile(
    r"\b(?:today|yesterday|this morning|this afternoon|this evening|last night|tonight|earlier|"
    r"(?:an|one|two|three|\d+) (?:hours?|hrs?|minutes?|mins?) ago)\b"
)
# What they had, told as going on still: "and is still jerking", "still not breathing right", "won't stop".
_GOING_ON_STILL = re.compile(
    r"\b(?:is|are|keeps?|hes|shes|s) still\b|\bstill (?:going|happening|not)\b"
    r"|\band (?:(?:he|she|it|they) )?(?:wont|cant) stop\b"
)
# What befalls someone, said right after naming them: "my gran fell and can't get up", "my toddler swallowed ..."
# (said only so in a note with no word of the writer's own: "my gran fell so I've been lifting her" is the writer's).
_BEFELL = frozenset({
    "fell", "fallen", "falling", "collapsed", "fainted", "blacked", "keeled", "slipped", "tripped", "swallowed",
    "banged", "choked", "choking", "overdosed", "swallow", "swallows", "drank", "took",
})  # fmt: skip


def _owns_only_people(words: list[str], others: frozenset[str]) -> bool:
    """Whether every "my" or "our" of the note names a person ("my brother", "our son"), none a thing of the
    writer's."""
    return (
        all(
            words[i + 1].removesuffix("s") in others or words[i + 1] in others
            for i, w in enumerate(words[:-1])
            if w in _OWNING
        )
        and words[-1] not in _OWNING
    )


def _befell(words: list[str], others: frozenset[str]) -> bool:
    """Whether something befalls a relative right after the note names them ("nan keeps falling")."""
    return any(not _BEFELL.isdisjoint(words[j + 1 : j + 3]) for j, w in enumerate(words) if w in others)


# Someone who cannot be woken or is barely breathing now ("my dad won't wake up"): news whoever it is of.
_UNRESPONSIVE_NOW = re.compile(
    r"\b(?:wont|cant|cannot|isnt|not) (?:wake|waking|be woken|rouse)|\b(?:is|hes|shes) unconscious\b"
    r"|\bnot breathing\b|\bbarely breathing\b|\bbreathing (?:is )?(?:very|really) slow"
)
# What a relative is said to have or be going through now, right after naming them, and the signs that
# make it something happening to them rather than a fact about them ("my son has a rash", not "has epilepsy").
_NOW_VERBS = frozenset(
    {"has", "have", "is", "got", "keeps", "having", "cant", "cannot", "feels", "looks", "seems", "wont", "been"}
)
# How someone is since, told after what befell them ("can't stand up", "him seem alright", "now sleepy").
_SINCE_TOLD = _NOW_VERBS | {"now", "seem", "look", "since", "sleepy", "alright"}
_SIGNS_NOW = frozenset({
    "fever", "feverish", "temperature", "temp", "rash", "spots", "bleeding", "vomiting", "breathless", "confused",
    "unconscious", "fitting", "seizure", "drowsy", "floppy", "sweating", "sweaty", "faint", "fainted", "collapsed",
    "blood", "bloody", "breathe", "breathing", "pale", "grey", "clammy", "moving", "kicking", "drooping", "droopy",
    "slurred", "slurring", "crooked", "lopsided", "jerking", "wheezing", "wheezy", "gasping", "limp", "vomit", "droop",
    "throwing", "sick", "bent", "broke", "broken", "blue", "convulsing", "seizing", "choking", "unresponsive",
    "fit", "sleepy", "pills", "overdose", "overdosed", "suicidal",
})  # fmt: skip


def _is_symptom(word: str, vocabulary: Vocabulary) -> bool:
    """Whether a word tells a sign of how someone is ("pain", "headache", "rash"), not a body part or a
    diagnosis ("breast cancer")."""
    return word in _SIGNS_NOW or word.endswith("ache") or word.removesuffix("s") in vocabulary.symptom_words


_TAKING_MEDICINE = frozenset({"on", "take", "takes", "taking"})


def _writer_complains(folded: str, vocabulary: Vocabulary) -> bool:
    """Whether a clause the writer speaks in names a body part or a symptom of theirs ("I've a sore back",
    "I'm exhausted"), worry about someone else aside. What comes before the writer's word is the other's
    ("a rash that doesn't fade when I press a glass on it"); the writer as object or owner speaks of the whole
    clause ("a headache myself", "it's killing me")."""
    said_well = False
    for clause in _WRITER_CLAUSE.split(folded):
        said = _WORD.findall(clause)
        # ("my son has a fever, I'm fine, neck stiff from holding my phone": after the writer says they are well,
        # a complaint told of nobody else is theirs; so is one the writer caused, "from holding my phone")
        # (a pronoun after the complaint is whom the writer tended: "my back is sore from carrying her")
        if said_well or _CAUSED_BY_WRITER.search(clause):
            complaint_at = next(
                (i for i, w in enumerate(said) if names_complaint(w, vocabulary) or _is_symptom(w, vocabulary)), None
            )
            if complaint_at is not None and vocabulary.third_person_cues.isdisjoint(said[:complaint_at]):
                return True
        # ("I'm fine", "I'm 30": the writer saying who or how they are)
        if said and not _FIRST_PERSON.isdisjoint(said) and {w for w in said if not w.isdigit()} <= _SAID_WELL:
            said_well = True
        # ("my mum has dementia, I'm on warfarin, neck stiff": the writer telling their own medicine speaks of themself)
        if said[:1] and said[0] in _FIRST_PERSON and not _TAKING_MEDICINE.isdisjoint(said[1:3]):
            said_well = True
        at = next((i for i, w in enumerate(said) if w in _FIRST_PERSON), None)
        if at is None:
            continue
        if said[at] in _WRITER_AS_OBJECT:
            at = 0
        # (a part someone else owns is theirs, whoever touches it: "screams if I move her hip")
        third = vocabulary.third_person_cues
        others_parts = {_owned_after(said, i) for i, w in enumerate(said) if i > at and w in third}
        if any(
            (names_complaint(w, vocabulary) or _is_symptom(w, vocabulary)) and w not in _WORRY and w not in others_parts
            for w in said[at:]
        ):
            return True
    return False


_WRITER_AS_OBJECT = frozenset({"me", "myself", "mine"})
_SAID_WELL = frozenset(
    {"i", "im", "am", "fine", "ok", "okay", "alright", "good", "well", "grand", "myself", "me", "feel", "totally"}
)
_CAUSED_BY_WRITER = re.compile(r"\bfrom \w+ing (?:my|me|myself)\b")
_WRITER_CLAUSE = re.compile(r"[,.;!?]|\b(?:and|but|so)\b")
_WORRY = frozenset({"worry", "worried", "anxious", "nervous", "stress", "stressed", "panic", "scared"})


def _owned_after(words: list[str], at: int) -> str:
    """The word a possessive at `at` owns, past a side ("her right leg")."""
    owned = words[at + 1] if at + 1 < len(words) else ""
    if owned in _SIDES and at + 2 < len(words):
        owned = words[at + 2]
    return owned


def names_complaint(word: str, vocabulary: Vocabulary) -> bool:
    """Whether a word, or it without a plural s, is a body part or a symptom ("back", "knees", "pain")."""
    return any(
        form in vocabulary.body_words or form in vocabulary.symptom_words
        for form in (word, word.removesuffix("s"), _IRREGULAR_PLURALS.get(word, word))
    )


# Body parts whose plural is not the singular and an s ("my calves": the writer's own complaint).
_IRREGULAR_PLURALS = {"calves": "calf", "feet": "foot", "teeth": "tooth"}


_AGE_WORD = re.compile(r"(\d{1,2})(?:yo|yrs?|y)")
_MONTHS_WORDS = frozenset({"month", "months", "mo", "mos", "mths", "mnths"})
_WEEKS_WORDS = frozenset({"week", "weeks", "wk", "wks", "day", "days"})
_SINCE_WORDS = frozenset({"post", "pregnant", "ago", "into", "since", "after", "of", "in", "off", "at"})


def _age_given(words: list[str], at: int, vocabulary: Vocabulary) -> int | None:
    """The age a note gives right after the relative at `at` ("Mum 79") or after a pronoun ("he's
    78"), never a count of weeks or days."""
    after = words[at + 1 : at + 4]
    # "my mother is 74, she is having ...": an age stated so, then told of as "she", heads a carer's
    # note; "my dad is 70 and has a new headache" or "grandad is 80 with a lump in his tummy" may be
    # news of him.
    # ("my son is 3, has a swollen tummy": a parent gives a child's age so, pronoun or not)
    if after and after[0] in _AGE_LINKS and (not _TOLD_OF.isdisjoint(words) or words[at] in _CHILDREN):
        after = after[1:]
    if after and after[0].isdigit() and not _UNITS.intersection(after[1:2]):
        return int(after[0])
    # "my son 2yo", "daughter 3yrs"; "my son 18 months" is a baby's age in months
    if after and (aged := _AGE_WORD.fullmatch(after[0])) is not None:
        return int(aged.group(1))
    if words[at] in _CHILDREN and after[:1] and after[0].isdigit() and after[1:2] and after[1] in _MONTHS_WORDS:
        return int(after[0]) // 12
    # "my daughter 3 weeks, hot and floppy": a baby's age in weeks ("my son 6 weeks post op" is how long since)
    if (
        words[at] in _CHILDREN
        and after[:1]
        and after[0].isdigit()
        and after[1:2]
        and after[1] in _WEEKS_WORDS
        and _SINCE_WORDS.isdisjoint(after[2:3])
    ):
        return 0
    for i, w in enumerate(words):
        if i and w.isdigit() and words[i - 1] in vocabulary.third_person_cues:
            return int(w)
    return None


def carer_age(text: str, vocabulary: Vocabulary) -> int | None:
    """The client's age as a carer's note gives it, for a text reports_on_another has accepted."""
    words = _WORD.findall(fold(text).translate(_APOSTROPHES))
    # (the note is accepted as the relative's: "my dad is 80 and ..." gives his age; "per daughter, mum 85"
    # names the informant first)
    # (only with news of today: "my dad is 75 and his hips are stiff every morning" may be news of him)
    today = not _TODAY_NEWS.isdisjoint(words)
    for at in (i for i, w in enumerate(words) if w in vocabulary.other_person_cues):
        after = words[at + 1 : at + 3]
        if (
            today
            and after
            and after[0] in _AGE_LINKS
            and len(after) > 1
            and after[1].isdigit()
            and not _UNITS.intersection(words[at + 3 : at + 4])  # ("my wife is 30 weeks": no age)
        ):
            return int(after[1])
        age = _age_given(words, at, vocabulary)
        if age is not None:
            return age
    return None


_TODAY_NEWS = frozenset({"today", "yesterday", "tonight", "since", "suddenly", "overnight"})
# Words that start a new statement about the client after "and": a denial before them ends there.
# Symptom words that tell of treatment, not of a symptom ("surgery and chemo").
_TREATMENT_WORDS = frozenset({"surgery", "rehab", "recovery"})
# The word of a bare date ("a month ago", "3 years ago"), which says when and nothing else. ("Last" is
# left out: "radiotherapy, which finished last week" has ended, its red skin has not.)
_DATING = frozenset({"ago"})
_OPERATION_MARKS = frozenset({"scar", "scars", "wound", "wounds", "incision", "incisions", "stitches", "staples"})
_LATELY_COUNTED = frozenset({"today", "yesterday", "day", "days", "week", "weeks", "wk", "wks"})


def _counted_recently(tokens: list[Token]) -> bool:
    """Whether a clause dates itself by a count or a recent day ("3/52 ago", "ten days ago", "yesterday")."""
    return any(t.raw.isdigit() or t.raw in _LATELY_COUNTED for t in tokens)


# ("... isn't really ours and that the TV is sending her messages": reported speech starts anew at "and that")
_NEW_SUBJECT = frozenset({"my", "i", "im", "ive", "id", "that", "it", "its", "sometimes"})
# ... and so, after a denial (not an animal's words), is a statement a carer tells of the client: "not making
# sense and has a temperature", "not weeing and very drowsy"
_NEW_STATEMENT = frozenset({"has", "have", "shes", "hes", "very", "now", "keeps", "is", "seems", "looks"})
# "don't want anyone seeing my arms there's cuts on them": what there is starts a statement of its own,
# and a denial before it does not reach it (a denial right before it does: "no, there's nothing").
_THERE_IS = frozenset({"theres"})
_BECAUSE = frozenset({"because", "cos", "coz", "cause", "as", "since"})
_OWN_NEXT = (["i"], ["im"], ["ive"], ["my"], ["id"])
# After an animal's words, a new statement of the client's: "and felt ...", "and now ...", or "my" + a
# body part ("the cat's litter tray and felt a pain in the middle of my back").
_CLIENT_VERBS = frozenset({"felt", "got", "hurt", "did", "put", "now", "then", "noticed", "started", "woke"})


def _tells_of_another(folded: str, other_person_cues: frozenset[str]) -> bool:
    """Whether the writer speaks of themself and names someone else, booking nobody but themself: there a
    clause told of "he" or "she" is that other person's ("he suddenly clutched his head" alone is a
    bystander telling of the client)."""
    every_word = set(_WORD.findall(folded))
    return (
        not every_word.isdisjoint(other_person_cues)
        and not every_word.isdisjoint(_FIRST_PERSON)
        and not _books_another(folded, other_person_cues)
    )


def _told_of_client(folded: str, vocabulary: Vocabulary) -> bool:
    """Whether a note has no word of the writer's own and tells of "her" or "him" (a reception or carer's note)."""
    every_word = set(_WORD.findall(folded))
    return _FIRST_PERSON.isdisjoint(every_word) and not vocabulary.third_person_cues.isdisjoint(every_word)


def _passes_on_theirs(words: list[str], vocabulary: Vocabulary) -> bool:
    """Whether a clause has someone say what they see of him or her ("husband says her speech is slurred")."""
    return any(
        w in vocabulary.reported_speech_cues and i + 1 < len(words) and words[i + 1] in vocabulary.third_person_cues
        for i, w in enumerate(words)
    )


def _client_again(words: list[str], index: int, cues: dict[str, int]) -> bool:
    raw = words[index]
    following = words[index + 1] if index + 1 < len(words) else ""
    # "a stray dog nipped my ankle": what the animal did, it did to the client.
    if raw in _ANIMAL_ACTS and following in _ON_SOMEONE:
        return True
    if raw == "and":
        return following in _CLIENT_VERBS or (following.endswith("ed") and len(following) > 4)
    return raw == "my" and bool(following) and not cues.get(following, 0) & _NOT_HUMAN


_ANIMAL_ACTS = frozenset({
    "bit", "bitten", "nipped", "nip", "scratched", "attacked", "mauled", "clawed", "kicked", "licked",
})  # fmt: skip
_ON_SOMEONE = frozenset({"me", "my", "him", "his", "her", "us", "our"})

# A note that opens on the writer's work in health or rescue ("Paramedic here", "I'm an A&E nurse", "ICU nurse,
# just finished four nights") and then tells of the shift: "two cardiac arrests and a big RTC", "dealt with three
# overdoses and a stroke", "seeing lots of chest pain and sepsis" are the patients', not the writer's.
_CARE_ROLE = re.compile(
    r"\b(?:nurse|paramedic|doctor|gp|medic|ambulance|a ?& ?e|icu|itu|midwife|surgeon|registrar|consultant|"
    r"psychologist|psychiatrist|pharmacist|carer|care worker|hca|firefighter|police officer|lifeguard|physio|"
    r"first aid|first aider|therapist|chiropractor|chiro|osteopath|pt|physical therapist|podiatrist|dietitian|"
    r"radiographer|sonographer|receptionist|dispatcher|call handler|call taker|pathologist|physician|emt|"
    r"social worker|support worker|youth worker|probation officer|vet|veterinary|vet nurse|coach|"
    r"detective|investigator|coroner|crisis line|helpline|lab scientist|biomedical scientist|zookeeper|"
    r"work (?:at|in) an? (?:\w+ )?clinic)\b"
)
_ROLE_WITHIN = 60
# What the shift held: people counted or many ("two arrests", "four nights", "lots of chest pain"), or dealt with.
# (a count of days, kilos or tablets is a clinician's note on the client: "3kg in 4 days")
# (up to two words may tell what kind: "three chest pain jobs")
_COUNTED = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|several|multiple|\d+) ((?:[a-z]+ ){0,2})([a-z]{3,}s)\b"
)
_NOT_CASES = frozenset({
    "days", "weeks", "months", "years", "hours", "hrs", "yrs", "minutes", "mins", "kgs", "kilos", "lbs", "times",
    "tablets", "pills", "stairs", "miles", "steps", "this", "was", "has", "does", "yes", "plus", "less", "across",
    "yards", "metres", "meters", "feet", "inches", "laps", "flights", "reps", "sets", "cigarettes", "units", "drinks",
    "cups", "seconds", "secs", "nights", "pillows", "stones", "grams", "doses", "injections", "sessions", "kids",
    "children", "babies", "pregnancies",
})  # fmt: skip
_TENDED = (
    r"(?:(?:seeing|saw|treated|treating|dealt with|dealing with|attended|attending|went to|called to) "
    r"(?:lots|loads|patients|people|cases|a lot|two|three|four|five|several|\d+)"
    # ("busy night with chest pains and overdoses": what the shift was busy with)
    r"|busy (?:night|shift|day|weekend|week|nights|shifts) with"
    # ("a patient coughed up blood on me", "my patient had a seizure today": what one of the worker's patients did
    # or had; "the patient" in a referral letter is the client)
    r"|a (?:patient|resident) (?:coughed|vomited|bled|spat|sneezed|collapsed|fitted|had|has)"
    r"|(?:one of my|my) (?:patients?|residents?)"
    # ("spend all day with sepsis and stroke patients": the illnesses are the patients')
    r"|(?:spend|spends|spending|spent) "
    r"(?:all day|all night|my days|my nights|my shifts|all shift|the day|every day) with"
    r"|with (?:\w+ ){1,4}(?:patients|residents|clients|cases)"
    # ("a caseload with clients who self-harm", "a neonatal unit with tiny babies struggling to breathe")
    r"|(?:people|callers|clients|customers|residents) who|(?:caseload|unit|ward|clinic|department) with"
    # ("a patient threatened suicide", "operated on a ruptured aorta", "surgery on a horse with colic", "a tiger had a
    # seizure", "blood clotting tests all day", "investigating an overdose death"): what the work held
    r"|(?:a |the |one )?patient (?:threatened|tried|attempted|took|overdosed|died)"
    r"|(?:operated|operating|operate) on|surgery on (?:a|an|the)"
    r"|(?:a|an|the) (?:\w+ )?(?:dog|cat|horse|pony|cow|tiger|lion|animal|rabbit|bird)\b"
    r"|(?:run|runs|running|do|process|processing) (?:\w+ ){0,3}tests"
    r"|investigating (?:an?|the)? ?(?:\w+ )?(?:death|case|murder|overdose)"
    # ("do CPR on heart attacks most weeks": whom the worker resuscitates)
    r"|(?:do|does|doing|did|perform|performs|performing|performed|start|started) (?:cpr|chest compressions|resus) on)"
)
# ("phones ringing with people describing chest pain": what callers tell a receptionist or a dispatcher)
_CALLERS = (
    r"(?:people|callers|patients|clients) (?:describing|calling about|ringing about|phoning about|"
    r"(?:calling|ringing|phoning) in with)"
)
# ("we had an emergency with pre-eclampsia last night": one case the shift held, told by what it was)
_SHIFT_STORY = re.compile(
    rf"\b(?:lots of|loads of|a run of (?:\w+ )?(?:nights|shifts|lates|earlies)|{_TENDED}"
    r"|(?:an?|another) (?:emergency|case|call|job|shout) (?:with|of)\b"
    # ("lifting a 140kg man with chest pain down three flights": one person the shift held)
    # ("a needlestick off a patient with HIV" is the writer's own exposure)
    r"|(?<!from )(?<!off )(?<!by )(?:an?|another) (?:\d+ ?(?:kgs?|st|stone) |big |heavy |elderly |old |young )?"
    r"(?:man|woman|lady|guy|bloke|patient|child|kid|boy|girl|gent|gentleman|person|chap|fella) (?:with|who)\b"
    # ("saw someone with chest pain today and sent them to A&E": one person the shift held)
    r"|\b(?:saw|seen|treated|sent) (?:someone|somebody) (?:with|who)\b"
    # ("sent them all to A&E": where the worker sent the people in their care)
    r"|\bsent (?:them|him|her|them all|him off|her off)(?: all)? (?:to|off to)\b"
    # ("Shift: 2x STEMI, 1x CVA": a chart's tally of the cases)
    r"|\b\d+ ?x (?=[a-z#])"
    rf"|\b{_CALLERS})\b"
)
_TENDING = re.compile(rf"\b(?:{_TENDED}|{_CALLERS})\b")


def _tells_of_shift(part: str) -> bool:
    """Whether a clause tells of the cases a shift held ("two cardiac arrests", "seeing lots of chest pain")."""
    if _SHIFT_STORY.search(part):
        return True
    return any(
        found.group(2) not in _NOT_CASES and _NOT_CASES.isdisjoint(found.group(1).split())
        for found in _COUNTED.finditer(part)
    )


# (a coach's "my lads", a teacher's "my pupils" are the people the job holds, not the writer)
_JOB_NOUNS = (
    r"(?:shift|shifts|rota|nights|patients|residents|ward|job|caseload|team|unit|"
    r"lads|players|athletes|pupils|clients|squad)"
)
_OWN_WORDS = re.compile(rf"\b(?:i|im|ive|me|myself|my (?!(?:last |night |long |){_JOB_NOUNS}\b))\b")
_SENTENCES = re.compile(r"[^.!?\n]+[.!?\n]*")
_TEAM_HAD = re.compile(rf"\bwe(?:ve| ve| have)? (?:had|got|saw|seen)\b.*\b(?:on|in|during) (?:\w+ )?{_JOB_NOUNS}\b")
# A bare item of a list beside the shift's count ("Sepsis, two arrests, a stroke thrombolysis") is one more case.
_LIST_ITEM_WORDS = 3


def _marked_as_patients(part: str) -> str:
    """A part told of the patients, each of its clauses opening on them."""
    return f" patients {part.replace(';', '; patients ').replace(':', ': patients ')}"


def _patients_told_of(folded: str) -> str:
    """Folded text with each clause that tells of the shift (or is a bare item listed beside one) and holds no
    word of the writer's own marked as the patients'."""
    out = []
    for sentence in _SENTENCES.findall(folded):
        parts = sentence.split(",")
        # ("we've had sepsis, strokes and a cardiac arrest all on one shift": what the team had is the patients')
        team_had = _TEAM_HAD.search(sentence) is not None
        marked = [(team_had or _tells_of_shift(p)) and not _OWN_WORDS.search(p) for p in parts]
        # (a case is a bare item or one told with "a": "cardiac arrests, a chest pain and a nasty head injury";
        # "chest pain since 3am" after "busy night shift" is the writer's)
        cases = [not _OWN_WORDS.search(p) and _listed_case(_WORD.findall(p)) for p in parts]
        # ("on my feet dealing with strokes, heart attacks and overdoses": the list goes on after what is dealt with)
        tended = [_their_cases(p) for p in parts]
        reach = [m or t != p for m, t, p in zip(marked, tended, parts, strict=True)]
        for _ in parts:  # each pass reaches one item further along the list
            reach = [
                r or (c and any(reach[j] for j in (i - 1, i + 1) if 0 <= j < len(parts)))
                for i, (r, c) in enumerate(zip(reach, cases, strict=True))
            ]
        out.append(
            ",".join(
                # (each clause of the part marked: "relaxation; my patient had a seizure today", "Shift: 2x STEMI")
                t if t != p and not m else _marked_as_patients(p) if r else p
                for p, t, m, r in zip(parts, tended, marked, reach, strict=True)
            )
        )
    return "".join(out)


# "I see lots of back pain with cauda equina", "I deal with suicides and overdoses", "I look after a man who
# has DVT": what a worker tends, told after the verb; the worker's own body comes later, or in another clause.
_TENDING_VERB = re.compile(
    r"\b(?:(?:deal|deals|dealt|dealing) with|"
    r"saw(?= (?:\w+ ){1,4}(?:all (?:night|day|shift|weekend)|on (?:shift|nights|the ward)|at work)\b)|"
    r"(?:see|sees|seeing|seen)(?! (?:double|things|stars|spots|flash|floater|"
    r"blur|light|zigzag|clearly|properly|out of))|treat|treats|treating|cover|covers|covering|teach|teaches|teaching|"
    r"(?:look|looks|looking) after|(?:care|cares|caring) for|refer|refers|referring|(?:screen|screens|screening) for|"
    r"(?:help|helps|helping) (?:clients|patients|people|residents|service users|kids|children) with|"
    r"give|gives|giving|administer|administers|administering|(?:hear|hears|hearing|heard) about)\b"
)
# What is studied or watched needs no word for the topic: "revising sepsis and fractures", "watched Casualty", "my
# nursing exam is on sepsis", "in a play as a woman who has a stroke".
_STUDIED = (
    r"(?:hypothetically|revising|revise|revised|revision on|revision of|"
    r"(?:exam|essay|assignment|lecture|module|presentation|project|"
    r"dissertation|thesis|quiz) (?:is |was |s )?(?:on|about)|cast as|(?:role|part) as|in a play as|"
    r"playing the part of|(?:play|plays|playing|played) (?:a|the) (?:patient|character|man|woman))"
)
# ("theyre watching" an aneurysm is a doctor's watch over the client's own)
_WATCHED = (
    r"(?<!re )(?<!are )(?<!being )(?<!is )(?<!keep )(?<!keeping )"
    r"(?:watching|watched|binge watched|binge watching|binged|bingeing|binging)"
    r"(?! (?:tv|telly|television|the tv|the telly)\b)"
)
# A job or a topic the writer works on, told with what it is about ("I run the hospital's DVT clinic", "did a
# stroke awareness course", "writing a novel where the character has a brain tumour"): its illness is no one's here.
_TOPIC_VERB = re.compile(
    r"\b(?:run|runs|running|work (?:in|at|on|for)|works (?:in|at|on|for)|volunteer (?:at|for|with)|did|doing|done|"
    r"write|writes|writing|wrote|organise|organising|organize|organizing|fundraise for|fundraising for|research|"
    r"researching|studying|attended|attending|explaining|explain|analysing|analyzing|saw|seen|read|reading|"
    r"teach|teaches|teaching|taught|translate|translates|translating|translated|coordinator (?:for|on|of)|"
    r"coordinate|coordinates|coordinating|"
    rf"{_STUDIED}|{_WATCHED})\b"
)
_TOPIC_NOUN = re.compile(
    r"\b(?:clinic|awareness|course(?! of)|training|charity|ward|unit|research|novel|book|article|module|campaign|"
    r"fundraiser|lecture|conference|documentary|podcast|screenplay|story|character|thesis|dissertation|webinar|"
    r"referrals|data|strategy|drug trial|trial|essay|exam|exams|assignment|coursework|revision|tiktok|video|reel|"
    r"episode|episodes|programme|program|series|film|movie|play|presentation|project|quiz|textbook|documents|study|"
    r"helpline|hotline|anatomy|physiology|pathology|pharmacology)\b"
)
# (searched for, it says whether a text may tell of a topic at all; matched in full, whether a verb needs no topic)
_NEEDS_NO_TOPIC = re.compile(rf"\b(?:research\w*|{_STUDIED}|{_WATCHED})")
_STUDIED_AT = re.compile(rf"(?:{_STUDIED}|studying)")
# The writer's own study named after the verb ("revising for my pathology exam on stroke") is no word of their body.
_OWN_STUDY = re.compile(
    r"\bmy (?:\w+ ){0,3}(?:exam|exams|essay|course|module|assignment|coursework|revision|dissertation|thesis|studies|"
    r"placement|class|lecture|presentation|project)\b"
)
# A part after the topic that only lists more of it ("lots of strokes and seizures", "someone had a heart attack").
_MORE_OF_TOPIC = re.compile(
    r"^\s*(?:lots of|loads of|so many|plenty of|all the|all sorts of|someone|somebody|everyone|a character|"
    r"the character)\b"
)


def _topics_told_of(folded: str) -> str:
    """Folded text with each clause that tells of a job or a topic about an illness marked as the patients'."""
    parts = folded.split(",")
    marked = studied = False
    for i, part in enumerate(parts):
        # ("did the first aid course", its course read as "hypothetically": the verb that needs no topic counts)
        found = next((verb for verb in _TOPIC_VERB.finditer(part) if _names_topic(part, verb)), None)
        if found is None:
            # (the list goes on after the topic: "watching Grey's Anatomy, lots of strokes and seizures, my neck")
            if (
                marked
                and not _OWN_WORDS.search(part)
                and (words := _WORD.findall(part))
                and (
                    _MORE_OF_TOPIC.match(part)
                    or (
                        _SYMPTOM_SAID.search(part) is None and ((studied and _listed_case(words)) or _many_cases(words))
                    )
                )
            ):
                parts[i] = _marked_as_patients(part)
                continue
            marked = False
            continue
        # (a clause of its own, opening on the people it is about: the writer's "I run" stays the writer's)
        parts[i] = f"{part[: found.end()]};{_marked_as_patients(part[found.end() :])}"
        marked = True
        # (a list of what is studied goes on in bare items: "revising seizures, sepsis and fractures")
        studied = _STUDIED_AT.fullmatch(found.group(0)) is not None
    return ",".join(parts)


def _names_topic(part: str, verb: re.Match[str]) -> bool:
    """Whether the topic verb is followed by what the job or study is about, with no word of the writer's own."""
    if _OWN_WORDS.search(_OWN_STUDY.sub(" ", part[verb.end() :])):
        return False
    # (research needs no topic word: "a PhD student researching sepsis biomarkers")
    return _TOPIC_NOUN.search(part, verb.end()) is not None or _NEEDS_NO_TOPIC.fullmatch(verb.group(0)) is not None


# ("sore hamstrings", "tight calves" after a course are the writer's own, however plural)
_SYMPTOM_SAID = re.compile(r"\b(?:sore|tight|stiff|aching|achy|painful|swollen|tender|numb|weak|knotted|pulled)\b")


def _many_cases(words: list[str]) -> bool:
    """Whether a clause is a bare list of illnesses in the plural ("heart attacks, strokes"): kinds of case a course
    or a job covers, never one person's (the caller leaves out a list told with a symptom: "sore hamstrings")."""
    items = " ".join(words).split(" and ")
    return all(
        0 < len(item.split()) <= _LIST_ITEM_WORDS and item.endswith("s") and not item.endswith("ss") for item in items
    )


def _listed_case(words: list[str]) -> bool:
    """Whether a clause is a bare item of a list of cases ("a stroke", "heart attacks and overdoses")."""
    if words[:1] in (["a"], ["an"]):
        return True
    items = " ".join(words).split(" and ")
    return all(len(item.split()) <= _LIST_ITEM_WORDS for item in items)


def _their_cases(part: str) -> str:
    """A clause of the writer's own in which what follows a tending verb is their patients' (marked so); as it
    was where the writer's own words follow the verb ("I see my GP about my chest")."""
    found = _TENDING_VERB.search(part)
    if found is None or _OWN_WORDS.search(part, found.end()):
        return part
    return f"{part[: found.end()]} patients {part[found.end() :]}"


# A denied list: "no fever, weight loss or night pain" ends at its "or"; a chart's "denies chest pain, SOB,
# calf pain" runs to the full stop. Items are short and say nothing of who or when; a word of having or
# taking ends the list ("denies fever, on Eliquis").
_DENYING_VERBS = frozenset({"denies", "denied", "deny", "denying", "nil", "negative"})
_LIST_END = frozenset({"or", "nor"})
_AFFIRMING = frozenset({
    "on", "taking", "takes", "take", "has", "have", "had", "reports", "reported", "complains", "but", "now", "since",
    "positive", "just", "only", "except", "apart", "although", "though", "however", "still", "yes",
})  # fmt: skip
_DENIAL_OPENS_WITHIN = 3
_DENIED_LIST_ITEMS = 4
_DENIED_ITEM_WORDS = 5
# A piece after a comma of one content word is one more sign in a list ("hot, swollen, agony", "very
# painful"), not a clause; two ("muscle strain") may be a complaint of their own.
_LISTED_SIGN_WORDS = 1
# ... and so is a piece of no more than this many describing words ("swollen, tight, red and warm").
_LISTED_DESCRIBING_WORDS = 5

# What a cue word does, as bits (checked in this order of precedence).
_BREAK, _NOT_HUMAN, _NEGATION, _NEGATION_AFTER, _HISTORY, _ENDED, _SECONDARY = (1 << n for n in range(7))


_PhraseTables = tuple[dict[str, str], "re.Pattern[str] | None", dict[str, list[tuple[str, str]]]]
# The tables of the vocabularies last built, by the identity of their phrase maps (kept here, so no id is reused).
_TABLES: dict[tuple[int, int], tuple[Mapping[str, str], Mapping[str, str], _PhraseTables]] = {}


# (a word of six letters or more: "thing" is no "thin")
_DROPPED_G_WORD = re.compile(r"\b([a-z]{3,})ing\b")


def _phrase_tables(
    phrases: Mapping[str, str], foreign: Mapping[str, str], other_person_cues: frozenset[str]
) -> _PhraseTables:
    """The phrases that name a person, their pattern, and every phrase by its first word, longest first (a scan
    over the text's words finds them without compiling one large alternation, which costs more start-up time
    than a whole query)."""
    key = (id(phrases), id(foreign))
    found = _TABLES.get(key)
    if found is not None:
        return found[2]
    every_phrase = {**phrases, **foreign}
    # A dropped g is how people write ("not sleepin", "wakin up at 4"): each phrase is read in that form too, unless
    # the form is a phrase of its own.
    for written, rewrite in phrases.items():
        if "ing " in f"{written} ":
            dropped = _DROPPED_G_WORD.sub(r"\1in", written)
            if dropped != written:
                every_phrase.setdefault(dropped, rewrite)
    naming = {rewrite for rewrite in set(every_phrase.values()) if not other_person_cues.isdisjoint(rewrite.split())}
    people = {phrase: rewrite for phrase, rewrite in every_phrase.items() if rewrite in naming}
    pattern = (
        re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(people, key=len, reverse=True)))})\b") if people else None
    )
    by_first: dict[str, list[tuple[str, str]]] = {}
    for written in sorted(every_phrase, key=len, reverse=True):
        phrase = _HYPHEN.sub(" ", written) if "-" in written else written  # matched where hyphens are spaces too
        first = _RUN.match(phrase)
        if first is not None:
            by_first.setdefault(first.group(), []).append((phrase, every_phrase[written]))
    # A rewrite is read as the text it stands for would be: "quiero suicidarme" becomes "want to kill myself",
    # which is itself a phrase ("kill myself"), so each rewrite is put through the table once
    # (not one that only grows round itself: "both ankles swollen" read again is "both both ankles swollen").
    reread: dict[str, str] = {}
    for rewrite in set(every_phrase.values()):
        again = _rewritten(by_first, rewrite) if any(w in by_first for w in rewrite.split()) else rewrite
        reread[rewrite] = rewrite if rewrite in again else again
    for candidates in by_first.values():
        candidates[:] = [(phrase, reread[rewrite]) for phrase, rewrite in candidates]
    if len(_TABLES) >= 4:
        _TABLES.clear()
    _TABLES[key] = (phrases, foreign, (people, pattern, by_first))
    return people, pattern, by_first


def _rewritten(by_first: dict[str, list[tuple[str, str]]], text: str) -> str:
    """`text` with each phrase of the table standing as whole words replaced by its rewrite, leftmost first and
    the longest phrase where several start at the same word."""
    if not by_first:
        return text
    if "-" in text:  # "wind-down", "me-time": read as the words a phrase is written with
        text = _HYPHEN.sub(" ", text)
    out: list[str] = []
    done = 0
    for run in _RUN.finditer(text):
        start = run.start()
        candidates = by_first.get(run.group()) if start >= done else None
        if candidates is None:
            continue
        for phrase, rewrite in candidates:
            end = start + len(phrase)
            if text.startswith(phrase, start) and not (end < len(text) and _is_word_char(text[end])):
                out += (text[done:start], rewrite)
                done = end
                break
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


class Normalizer:
    """Turns text into tokens under one vocabulary; cheap to call repeatedly (memoised per word)."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self.canon = lru_cache(maxsize=WORD_MEMO)(self._canon)
        # Every cue word with what it is (a word can be several), so reading a word costs one lookup.
        self._cues: dict[str, int] = {}
        for kind, words in (
            (_BREAK, vocabulary.clause_breaks),
            (_NOT_HUMAN, vocabulary.not_human_cues),
            (_NEGATION, vocabulary.negation_cues),
            (_NEGATION_AFTER, vocabulary.negation_after),
            (_HISTORY, vocabulary.history_cues),
            (_ENDED, vocabulary.ended_cues),
            (_SECONDARY, vocabulary.secondary_cues),
        ):
            for word in words:
                self._cues[word] = self._cues.get(word, 0) | kind
        # A text that opens by naming who writes for the client ("Wife here:", "Mum (84) slipped...") is
        # about the client throughout: that opening is no other person's clause.
        people = _people_alternation(vocabulary.other_person_cues)
        # ("my dad (75) had a stroke" stays his: only a bare "Dad (75)" heads a carer's note.)
        self._informant = re.compile(
            rf"^\s*(?:(?:{people})\s*\((\d{{1,3}})\)|(?:(?:my|our)\s+)?(?:{people})\s+here\b)[\s:,.-]*",
            re.IGNORECASE,
        )
        # "confusion over 48h per daughter", "according to his wife he's been muddled": the other person
        # only reports what they saw of the client, so the report is the client's, not theirs.
        self._attribution = re.compile(
            rf"\b(?:per|according to|(?:as )?(?:reported|told|noticed|observed) by)\s+"
            rf"(?:(?:my|his|her|their|the|our)\s+)?(?:{people})\b",
            re.IGNORECASE,
        )
        # The phrases that name a person ("my little one", "ma wee yin"): a carer's note may name the client so;
        # and the phrases by their first word (built once for the reading and the screening normalizer alike).
        self._people_rewrites, self._people_phrases, self._phrases = _phrase_tables(
            vocabulary.phrases, vocabulary.foreign_phrases, vocabulary.other_person_cues
        )

    def _canon(self, word: str) -> str:
        synonyms = self.vocabulary.synonyms
        if word in synonyms:
            return stem(synonyms[word])
        stemmed = stem(word)
        return stem(synonyms[stemmed]) if stemmed in synonyms else stemmed

    def _rewrite_phrases(self, text: str) -> str:
        """Each phrase standing as whole words in the text replaced by its rewrite, leftmost first and
        the longest phrase where several start at the same word."""
        return _rewritten(self._phrases, text)

    def _reports_on_another(self, text: str) -> bool:
        """reports_on_another, the client also named by a phrase the vocabulary reads as a person
        ("my little one is burning up and floppy")."""
        if reports_on_another(text, self.vocabulary):
            return True
        if self._people_phrases is None:
            return False
        folded = fold(text)
        named = self._people_phrases.sub(lambda m: self._people_rewrites[m.group()], folded)
        if named == folded:
            return False
        if reports_on_another(named, self.vocabulary):
            return True
        # (told in another language, "mi esposo tiene dolor en el pecho", the signs are read in the English they mean;
        # a note with a word of the writer's own is read as written, since a rewrite can take its "I need my back done")
        return _FIRST_PERSON.isdisjoint(_WORD.findall(folded)) and reports_on_another(
            self._rewrite_phrases(folded), self.vocabulary
        )

    def without_informant(self, text: str) -> str:
        """`text` with a carer's opening ("Wife here:", "Mum (84)") dropped, the age it gives kept as
        "age 84" (read on the text as written: folding turns the brackets into spaces)."""
        return self._informant.sub(lambda m: f"age {m.group(1)}, " if m.group(1) else "", text, count=1)

    def tokens(self, text: str) -> list[Token]:
        """Every content word of `text`, with its clause and what the words around it say about it:
        denied ("no fever", "test negative"), someone else's or not yet ("my mother has cancer",
        "surgery scheduled"), in the past ("history of", "10 years ago") or a side note ("also")."""
        vocab = self.vocabulary
        if "." in text:
            text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
        if "'" in text or "\u2019" in text:
            text = _DROPPED_G.sub(r"\1g", _ACRONYM_S.sub(r"\1", text))
        abbreviations = acronyms(text)
        cues, stop_words, canon = self._cues, vocab.stop_words, self.canon
        dialect_cues = self._dialect_negations
        future_cues, other_person_cues = vocab.future_cues, vocab.other_person_cues
        if self._reports_on_another(text):
            other_person_cues = frozenset()  # a carer's note: every word is about the client
        result: list[Token] = []
        clause = 0
        opened = self.without_informant(text)
        if "per " in opened or "ccording" in opened or "ed by " in opened:
            opened = self._attribution.sub("", opened)
        # Chart notes join signs with "+": "calf pain + swelling" is one statement, not two.
        opened = opened.replace(" + ", " and ")
        opened = _form_answers_denied(opened)
        if ":" in opened or "=" in opened:
            opened = _SIGN_PLACE_FIELD.sub(_place_told_in_field, _FIELD_YES.sub(r"\1 ", opened))
            opened = _RELATIVE_FIELD.sub(r"\1 ", _OPERATIONS_FIELD.sub(r"\1 ", opened))
        if "(" in opened:
            opened = _OWN_ASIDE.sub("; ", opened)
        if "Surgery" in opened:
            opened = _PRACTICE_NAME.sub(r"\1\2practice", opened)
        if "w/" in opened or "W/" in opened:
            opened = _WITH.sub(lambda m: "without " if m.group(1) else "with ", opened)
        if "ve" in opened:
            opened = _SIGNED_RESULT.sub(lambda m: "positive" if m.group(1) == "+" else "negative", opened)
        if "?" in opened:  # chart shorthand: "?DVT", "?PE" is a suspected one
            opened = _QUERY.sub("suspected ", _FORM_ANSWER.sub(" ", _FORM_NONE.sub(r"no \1", opened)))
            opened = _general_questions(opened)
        if "#" in opened:
            opened = _FRACTURE_MARK.sub(" fracture ", opened)
        folded = _CHART_DURATION.sub(
            lambda m: f"{m.group(1)} {_CHART_UNITS[m.group(2)]}", my_for_me(fold(opened), vocab.other_person_cues)
        )
        if "flight" in folded:
            folded = _STAIR_FLIGHTS.sub(lambda m: f"{m.group(1) or ''}stairs", folded)
        if folded.startswith("fit like"):
            folded = _DORIC_GREETING.sub("", folded, count=1)
        if "w" in folded[:16]:
            folded = _OPENING_WEEKS.sub(_weeks_pregnant, folded, count=1)
        if "week" in folded or "wk" in folded:
            folded = _told_gestation(folded)
        if "/" in folded:
            folded = _PAIN_SCORE.sub(r"\1 of 10", folded)
        if "  " in folded:  # brackets fold to spaces: "a Cancer (star sign)" still holds its phrase
            folded = _SPACES.sub(" ", folded)
        if "without" in folded:  # "can't lie flat without getting breathless": the breathlessness is there
            folded = _CANT_WITHOUT.sub(r"\1\2 and", folded)
        if any(verb in folded for verb in ("took", "swallowed", "taken", "necked", "downed", "tek ")):
            folded = _OVERDOSE_HEAP.sub(r"\1 an overdose of \2", _OVERDOSE_COUNT.sub(_counted_overdose, folded))
            if "how many" in folded:
                folded = _OVERDOSE_UNCOUNTED.sub(r"\1 an overdose of \2", folded)
        if "overdos" in folded or "od" in folded:
            folded = _OVERDID_TREATS.sub("ate too much", folded)
        if "doubl" in folded or "overdosed" in folded or "two doses" in folded:
            folded = _DOUBLE_DOSE.sub(r"took an overdose of \1", folded)
        if " day" in folded:
            folded = _DAY_COUNT.sub(_counted_in_a_day, folded)
        if "para" in folded or "panadol" in folded or "codamol" in folded or "calpol" in folded or "tylenol" in folded:
            folded = _TOO_OFTEN.sub(lambda m: f"{m.group(0)} paracetamol every couple of hours", folded)
        if ("weeks" in folded and "at " in folded) or "in week " in folded:
            folded = _EARLIER_BLEED.sub(lambda m: _bleed_earlier(m, folded), folded)
        if "snake" in folded or "adder" in folded or "viper" in folded:
            folded = _BITTEN_BY_SNAKE.sub("snake bite", folded)
        if any(v in folded for v in ("had ", "got ", "caught ", "kena ", " with ")):
            folded = _ILLNESS_DATED_BACK.sub(_illness_had_previously, folded)
        if " hi" in folded:
            folded = _METER_HI.sub(r"\1 blood sugar 34", folded)
        if "fever" in folded or "temp" in folded:
            folded = _FEVER_GONE.sub(r"\1 resolved", folded)
        if "temperature" in folded:
            folded = _NORMAL_TEMPERATURE.sub(r"temp \1", folded)
        if "if " in folded:
            folded = _SAFETY_NET.sub(lambda m: m.group(0).replace("if ", "hypothetically if ", 1), folded)
        if "past" in folded:
            folded = _PAST_STRETCH.sub(r"lately \1\2", _PAST_PLACE.sub("beyond ", folded))
        if "the last" in folded:
            folded = _LAST_STRETCH.sub(r"\1 lately \2\3", folded)
        if "hx" in folded or "history" in folded:
            folded = _LASTING_HISTORY.sub(lambda m: f"{m.group(1)} {m.group(2)}" if m.group(1) else m.group(3), folded)
        if " at " in folded or " age" in folded:
            folded = _EVENT_AT_AGE.sub(r"\1 years back", folded)
        folded = _AT_AN_AGE.sub("years back", _NUMBER_UNIT.sub(r"\1 \2", folded))
        if " mi" in folded or "mi/" in folded:
            folded = _MILES.sub(r"\1 miles", folded)
        if "weeks" in folded:
            folded = _BABY_WEEKS.sub(r"\g<0> old", folded)
        # ("my 4 year old has a fever but I'm fine, my back is sore": beside the writer's own complaint, the child
        # named by age alone is someone else; in a parent's note about the child, the child is the client)
        if "old" in folded and _AGED_CHILD.search(folded) and _writer_complains(folded, vocab):
            folded = _AGED_CHILD.sub(r"\1 \2 year old child", folded)
        # (the writer speaks of themself too: a clinician's note on the client has no "I" and is the client's)
        care_role = _CARE_ROLE.search(folded[:_ROLE_WITHIN]) is not None and (
            _OWN_WORDS.search(folded) is not None or _TENDING.search(folded) is not None
        )
        if "before" in folded:
            folded = _COUNT_BEFORE.sub(r"\1 \2 ago", folded)
        if "19" in folded or "20" in folded:
            folded = _YEAR.sub(_marked_if_past, folded)
        folded = self._rewrite_phrases(folded)
        if care_role:
            folded = _patients_told_of(folded)
        if _TOPIC_NOUN.search(folded) or _NEEDS_NO_TOPIC.search(folded):
            folded = _topics_told_of(folded)
        # (a plan dates only what it is said of, as a date does: "booked for 3 o'clock ... and just now he said")
        history_cues = vocab.history_cues | future_cues
        # "chest tight since he finished mowing": what is over is the mowing, not the chest pain.
        folded = self._ended_since.sub(r"; \1", folded)
        others_told: bool | None = None  # worked out at the first clause told of him or her
        for piece in (
            part
            for clause_text in self._clauses(folded)
            for dated in _dated_parts(clause_text, history_cues)
            for part in self._own_parts(dated, other_person_cues)
        ):
            words = _WORD.findall(piece)
            past_clause = _in_the_past(piece)
            present = set(words)
            told_of_them = bool(words) and (words[0] in _TOLD_OF or _TOLD_OF_GROUP.match(piece) is not None)
            if others_told is None and told_of_them:
                others_told = _tells_of_another(folded, other_person_cues)
            someone_else = (
                _names_someone_spoken_of(words, other_person_cues)
                and not _joined(words, vocab)
                # (a note with no word of the writer's own passes on a relative's "her speech is slurred")
                and not (_passes_on_theirs(words, vocab) and _told_of_client(folded, vocab))
            ) or (
                # "He's the one having chemo": a clause told of him or her, in a note that books nobody else
                told_of_them and present.isdisjoint(_FIRST_PERSON) and bool(others_told)
            )
            elsewhere = someone_else or not present.isdisjoint(future_cues)
            start = len(result)
            negating = past = ended = secondary = animal = False
            for index, raw in enumerate(words):
                # "I'm not making sense and my neck is rigid": a denial ends where a new statement
                # about the client starts ("and my", "and I"), not at the end of the clause.
                if negating and index and words[index - 1] == "and":
                    if raw in _NEW_SUBJECT:
                        negating = animal = False
                    elif raw in _NEW_STATEMENT and not animal:
                        negating = False
                if negating and raw in _THERE_IS and index and not cues.get(words[index - 1], 0) & _NEGATION:
                    negating = False
                # "been reading up on cauda equina because I've got numbness ...": what was read about is no
                # one's, the reason for reading is the client's.
                if elsewhere and not someone_else and raw in _BECAUSE and words[index + 1 : index + 2] in _OWN_NEXT:
                    elsewhere = False
                # "picked up the cat's litter tray and felt a pain in my back": the animal's words end
                # where the client's own body is named.
                if animal and _client_again(words, index, cues):
                    negating = animal = False
                kind = cues.get(raw, 0)
                if kind:
                    if kind & _BREAK:
                        self._deny_before(result, start)
                        clause += 1
                        start = len(result)
                        negating = past = ended = secondary = False
                        # ("booked my usual massage but an hour ago I got a ripping pain": the plan ends
                        # at the "but"; someone else's clause goes on past it)
                        elsewhere = someone_else or not future_cues.isdisjoint(words[index + 1 :])
                        continue
                    if kind & _NOT_HUMAN:
                        negating = animal = True  # what follows is the animal's ("my dog has arthritis")
                        continue
                    if raw == "scare" and index and words[index - 1] in _SCARE_EVENT:
                        # ("a stent put in twelve days ago after a scare": an event, not a fear that came to nothing)
                        continue
                    if kind & (_NEGATION | _NEGATION_AFTER):
                        negating = negating or bool(kind & _NEGATION)
                        # (a cue keeps its own form, save a dialect spelling of one: "nuh" is "not")
                        result.append(Token(canon(raw) if raw in dialect_cues else raw, raw, clause, False, True))
                        continue
                    if raw in _HALTING and _HALTED.match(" ".join(words[index + 1 : index + 3])):
                        continue  # "stopped on my ride", "finished my shift": an activity ended, not the trouble
                    if raw in _HALTING and index and words[index - 1] in _CYCLE_WORDS:
                        # "only eating an apple a day and my periods stopped": periods that stopped are a
                        # state of today (the menopause, or starving), not a trouble that is over
                        result.append(Token(raw, raw, clause, negating, False, False, False, elsewhere))
                        continue
                    if kind & (_HISTORY | _ENDED):
                        past = True
                        ended = ended or bool(kind & _ENDED)
                        result.append(Token(raw, raw, clause, negating, False, True, ended, elsewhere))
                        continue
                    secondary = True  # the only kind left: a side-note cue ("also")
                if raw in stop_words and raw not in abbreviations:
                    continue
                word = canon(raw)
                if word in stop_words and raw not in abbreviations:
                    continue
                result.append(
                    Token(word, raw, clause, negating, False, past or past_clause, ended, elsewhere, secondary)
                )
            self._deny_before(result, start)
            clause += 1
        return self._date_clauses(_taken_back(result, self.vocabulary.negation_after))

    @staticmethod
    def _own_parts(piece: str, other_person_cues: frozenset[str]) -> list[str]:
        """A clause about someone else cut where the client starts speaking of themself: in "my son's
        got chickenpox and now I've got spots", the spots are the client's."""
        first_other = next((w for w in _WORD.finditer(piece) if w.group() in other_person_cues), None)
        if first_other is None:
            return [piece]
        who = _PERSON_WHO.search(piece)
        if who is not None and who.start() > 0 and who.group(1) in other_person_cues:
            return [piece[: who.start()], *Normalizer._own_parts(piece[who.start() :], other_person_cues)]
        if _OWN_OPENING.match(piece):
            setting = list(_SETTING.finditer(piece, 0, first_other.start()))
            if setting and setting[-1].start() > 0:
                cut = setting[-1].start()
                return [piece[:cut], *Normalizer._own_parts(piece[cut:], other_person_cues)]
        turn = _AND_I.search(piece, first_other.end())
        if turn is None and _OPENS_ON_OWN_VERB.match(piece, 0, first_other.start()):
            turn = _AND_VERB.search(piece, first_other.end())
        if turn is None:
            return [piece]
        return [piece[: turn.start()], piece[turn.start() :]]

    @cached_property
    def _ended_since(self) -> re.Pattern[str]:
        """ "since" or "after" before an ended cue ("since I finished", "after he stopped"): where a
        clause about what is over begins."""
        ended = "|".join(sorted(map(re.escape, self.vocabulary.ended_cues)))
        return re.compile(rf"\s((?:since|after)\s+(?:(?:i|he|she|we|they|you)\s+)?(?:{ended})\b)")

    @cached_property
    def _dialect_negations(self) -> frozenset[str]:
        """Denials spelled as a dialect says them, whose synonym is another denial ("nuh" for "not")."""
        cues = self.vocabulary.negation_cues
        return frozenset(w for w in cues if (form := self.canon(w)) != w and form in cues)

    @cached_property
    def _body_forms(self) -> frozenset[str]:
        """Body words as typed and in their plural: what a token's raw form may be."""
        words = self.vocabulary.body_words
        return frozenset(words) | frozenset(w + "s" for w in words)

    def _clauses(self, text: str) -> list[str]:
        """The text cut at punctuation, except that a list of signs after a comma stays with what it
        describes: "right wrist hot, swollen, agony" is one clause about the wrist. A piece of one content
        word joins the clause before it when neither holds a cue word: a denial, a date or a
        "but" must not reach across a comma ("no fever, on Eliquis" denies nothing of Eliquis)."""
        pieces = _CLAUSE_PUNCT.split(text)
        if len(pieces) == 1:
            return pieces
        separators = _CLAUSE_PUNCT.findall(text)
        clauses = [pieces[0]]
        denial = self._denial_opened(pieces[0])
        for index, (separator, piece) in enumerate(zip(separators, pieces[1:], strict=False), start=1):
            words = _WORD.findall(piece)
            if denial and self._denial_goes_on(denial, pieces, separators, index):
                # ("no saddle numbness, bladder or bowel problems, back ache": the denial runs to the "or")
                clauses[-1] += " " + piece
                if denial == "list" and not _LIST_END.isdisjoint(words):
                    denial = None
                continue
            content = [w for w in words if w not in self.vocabulary.stop_words]
            # ("swollen and tight and a bit red and warm": signs joined by little words are a list too)
            describing = bool(content) and all(w in self.vocabulary.describing_words for w in content)
            listed = separator.strip() == "," and (
                (0 < len(content) <= _LISTED_SIGN_WORDS and len(words) <= 3)
                or (describing and len(content) <= _LISTED_DESCRIBING_WORDS)
            )
            # (in a list of describing words a degree word, "a bit red", says nothing of who or when; a
            # sign of its own told as slight, ", slight headache", stays apart)
            degree = self.vocabulary.secondary_cues
            plain = self._plain(words) or (describing and self._plain([w for w in words if w not in degree]))
            if listed and clauses[-1].strip() and plain and self._plain(_WORD.findall(clauses[-1])):
                clauses[-1] += " " + piece
            elif (
                separator.strip() == ","
                and 0 < len(content) <= 2
                and len(words) <= 3
                and plain
                and self._body_forms.isdisjoint(words)
                and _NOW.isdisjoint(words)
                and self._tends_others(_WORD.findall(clauses[-1]))
            ):
                # ("every day I see very sick patients, cardiac arrest, sepsis, strokes": the list is
                # what the people the client tends have; a body part or a "now" is the client's own)
                clauses[-1] += " " + piece
            else:
                clauses.append(piece)
                denial = self._denial_opened(piece)
                continue
            denial = None
        return clauses

    def _denial_opened(self, clause: str) -> str | None:
        """How a clause that opens on a denial lists what it denies: "no fever, weight loss or night pain" (a
        list that ends at its "or"), "denies chest pain, SOB, calf pain" (a chart's list, to the full stop)."""
        words = _WORD.findall(clause)[:_DENIAL_OPENS_WITHIN]
        if not _DENYING_VERBS.isdisjoint(words):
            return "verb"
        if any(w in self.vocabulary.negation_cues for w in words):
            return "list"
        return None

    def _denial_goes_on(self, denial: str, pieces: list[str], separators: list[str], index: int) -> bool:
        """Whether the piece at `index` is one more item of the denied list: a short piece that says nothing of
        who or when, after a comma, and (for "no ...") with the list's "or" still to come within it."""
        for at in range(index, min(index + _DENIED_LIST_ITEMS, len(pieces))):
            if separators[at - 1].strip() != ",":
                return False
            words = _WORD.findall(pieces[at])
            if not (0 < len(words) <= _DENIED_ITEM_WORDS and self._plain(words) and _AFFIRMING.isdisjoint(words)):
                return False
            if denial == "verb" or not _LIST_END.isdisjoint(words):
                return True
        return False

    def _tends_others(self, words: list[str]) -> bool:
        """Whether a clause tells of people the client sees or cares for ("I nurse patients")."""
        others = self.vocabulary.other_person_cues
        return any(w in _TENDS and not others.isdisjoint(words[i + 1 :]) for i, w in enumerate(words))

    def _plain(self, words: list[str]) -> bool:
        """Words that say nothing of who, when or whether: no cue, no other person, no date, no allergy
        ("allergic to oils, warfarin": the warfarin is taken, not an allergen)."""
        vocab = self.vocabulary
        return not any(
            w in self._cues
            or w in vocab.other_person_cues
            or w in vocab.future_cues
            or w in vocab.allergy_cues
            or w == "ago"
            or w.isdigit()
            for w in words
        ) and "when i was" not in " ".join(words)

    def _date_clauses(self, tokens: list[Token]) -> list[Token]:
        """A history cue dates its whole clause ("DVT, history of"); a clause that is nothing but a
        cue ("had the flu last month, fully recovered") dates the clause before it, unless the next
        one says it came back ("went away, came back this morning")."""
        vocab = self.vocabulary
        cue_words = vocab.history_cues | vocab.ended_cues
        # (A body part does not count either: "legs completely fine now" is still only a "resolved".
        # Of the stop words only the screening words reach a token here, and abbreviations: "hx MI" is
        # a heart attack in the past, not a bare history cue.)
        quiet = vocab.screening_words | self._body_forms
        by_clause: dict[int, list[Token]] = {}
        for t in tokens:
            by_clause.setdefault(t.clause, []).append(t)
        clauses = sorted(by_clause)
        # A clause that is only a date ("that was a month ago"): what a later "all better now" speaks of
        # is the flu told before it.
        date_only = {
            c
            for c, held in by_clause.items()
            if all(t.raw in quiet or t.raw in _DATING or t.raw.isdigit() for t in held)
            and any(t.raw in _DATING for t in held)
        }
        dated: dict[int, bool] = {}  # clause -> ended?
        for i, c in enumerate(clauses):
            in_clause = by_clause[c]
            if not any(t.history for t in in_clause):
                continue
            ended = any(t.ended for t in in_clause)
            dated[c] = dated.get(c, False) or ended
            # (Stop words do not count: a reading that keeps some of them dates clauses the same way.)
            # An operation's own marks are that place too ("had a c-section, scar's all healed" ends the
            # operation), unless the operation was dated to the last days or weeks ("TKR 3/52 ago, wound healed").
            marks = _OPERATION_MARKS if i > 0 and not _counted_recently(by_clause[clauses[i - 1]]) else frozenset()
            # (a count is part of the date: "passed out in the heat, 20 years ago")
            only_cues = all(
                t.cue or t.raw in cue_words or t.raw in quiet or t.raw in marks or t.raw in _DATING or t.raw.isdigit()
                for t in in_clause
            )
            returned = i + 1 < len(clauses) and _came_back([t.raw for t in by_clause[clauses[i + 1]]])
            # ("... and I've had a fever. Never had it as a kid": a history denied dates nothing before it)
            denied = all(t.negated for t in in_clause if t.history)
            if only_cues and i > 0 and not returned and not denied:
                before = i - 1
                dated[clauses[before]] = dated.get(clauses[before], False) or ended
                while before > 0 and clauses[before] in date_only:
                    before -= 1
                    dated[clauses[before]] = dated.get(clauses[before], False) or ended
        # Clauses between two dated ones that tell of treatment, with no symptom and no word of now, share
        # their past: "testicular cancer 12 years ago, surgery and chemo, discharged in 2017" ("DVT 2019,
        # calf swollen, PE 2020" keeps its swollen calf).
        news, symptoms = vocab.news_cues, vocab.symptom_words - _TREATMENT_WORDS
        dated_at = [i for i, c in enumerate(clauses) if c in dated]
        for first, last in zip(dated_at, dated_at[1:], strict=False):
            between = clauses[first + 1 : last]
            if between and not any(
                t.raw in news or t.word in symptoms for t in tokens if t.clause in between and not t.negated
            ):
                dated.update((c, False) for c in between)
        if not dated:
            return tokens
        return [t._replace(history=True, ended=t.ended or dated[t.clause]) if t.clause in dated else t for t in tokens]

    def _deny_before(self, tokens: list[Token], start: int) -> None:
        """A trailing cue ("test negative", "ruled out") denies what came before it in the clause."""
        cues = [
            i for i in range(start, len(tokens)) if tokens[i].cue and tokens[i].raw in self.vocabulary.negation_after
        ]
        if not cues:
            return
        last = cues[-1]
        for i in range(start, last):
            if not tokens[i].cue:
                tokens[i] = tokens[i]._replace(negated=True)

    def without_stop_words(self, tokens: list[Token], text: str, stop_words: frozenset[str]) -> list[Token]:
        """Tokens read with fewer stop words (a vocabulary's for_screening()) as this normaliser,
        whose stop words are `stop_words`, would have read them: the same tokens, less those."""
        canon = self.canon
        dropped = [not t.cue and (t.raw in stop_words or canon(t.raw) in stop_words) for t in tokens]
        if not any(dropped):
            return tokens
        abbreviations = acronyms(text)  # only now: most texts have no stop word left to drop
        return [t for t, drop in zip(tokens, dropped, strict=True) if not drop or t.raw in abbreviations]

    def phrase(self, text: str) -> tuple[str, ...]:
        """Canonical words of an index phrase (an alias, a term); cue words kept as words."""
        return tuple(t.word for t in self.tokens(text))
