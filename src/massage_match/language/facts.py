"""Numbers in the client's words that red-flag rules compare: age, blood pressure, temperature,
weeks of pregnancy.

Each is read only in a form that says what it is ("I'm 81", "BP 190/110", "temp 38.5", "101F",
"32 weeks pregnant"), never from a bare number, and never where the sentence is about someone else
("my mum is 81") or denies it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from massage_match.language.lazy_pattern import LazyPattern
from massage_match.language.results import RESULT_WORDS, read_results
from massage_match.model import Vocabulary
from massage_match.normalize import (
    BARE_PREGNANCY_WEEKS,
    carer_age,
    fold,
    reports_on_another,
    without_ages_then,
    without_general_questions,
)

Facts = dict[str, float]


# Who a note names before the client's age ("Bloke, 68", "pupil (13)"), a title ("Mr P, 82"), and how an
# age is said with no word of its own: after an opening ("Ex-army, 67.") or a carer's pronoun ("she's 90").
# Each is read both by its age pattern and by the test of whether a text may hold a fact at all.
_NOTE_NOUNS = r"bloke|man|woman|lady|gent|gentleman|guy|client|pt|patient|pupil|boy|girl|player|student"
_TITLES = r"mr|mrs|ms|miss|mx"
# A title and a name, with or without an initial: "Mrs Okafor", "Mrs E. Walsh".
_TITLED_NAME = rf"\b(?:{_TITLES})\s+(?:[a-z]\.?\s+)?[a-z][a-z'-]*"
# What a number followed by these counts is no age: "I'm 80 kg", "aged 30 weeks".
_NOT_AN_AGE = r"(?!\s*(?:kg|lb|cm|%|weeks?|wks?|days?|months?|mths?|mos?\b|mg|/))"
_OPENING_AGE = r"^[a-z][a-z' -]{1,30},\s*"
# An intake form's first field is often the age alone: "72, bit of arthritis" (not "20, 30 minutes a day").
_BARE_OPENING_AGE = (
    r"^\s*(\d{2,3})\s*,\s*(?!\d)"
    r"(?!(?:more |or |maybe |mins?|minutes?|hours?|hrs?|days?|weeks?|wks?|months?|years?|times?|reps?)\b)"
    r"(?!(?:km|miles?|kg|lbs?)\b)"
    r"(?=[a-z])"
)
_PRONOUN_AGE = r"\b(?:she|he)(?:'s|s| is)\s+"
_AGE = (
    LazyPattern(rf"\b(?:i am|im|i m|aged?|age:?|aged:?)\s*(\d{{1,3}})\b{_NOT_AN_AGE}"),
    LazyPattern(r"\b(\d{1,3})\s*(?:-\s*)?(?:years?|yrs?|y)\s*(?:-\s*)?(?:old|o|/o)\b"),
    LazyPattern(r"\b(\d{1,3})\s*(?:yo|y/o|yr old|yrs old)\b"),
    # The years in other languages: "ho 74 anni", "tengo 68 años", "j'ai 70 ans", "mam 72 lata", "74 saal".
    LazyPattern(r"\b(\d{1,3})\s*(?:anni|anos|ans|jahre|jahren|lat|lata|taon|saal)\b"),
    LazyPattern(r"\b(\d{1,3})\s*(?:m|f|male|female|man|woman)\b(?=\s*[,;.:]|\s+with\b)"),
    # ("back pain, fainted, 72 man": the note's last words; never a bare "m", which ends "swam 50 m")
    LazyPattern(r"\b(\d{1,3})\s*(?:male|female|man|woman)\s*$"),
    # Chart shorthand with the years' letter, "Pt 6y M": no distance or speed is written so.
    LazyPattern(r"\b(\d{1,3})\s*y\s*(?:m|f)\b(?=\s*[,;.:]|\s*$|\s+with\b)"),
    # A note that names the client then the age: "Bloke, 68, says...", "pt 72,", "older client (74)".
    # (Folding turns brackets into spaces: "client (74)" reads "client  74  ".)
    # ("old man 74 with back pain": the age before what he comes with)
    LazyPattern(rf"\b(?:{_NOTE_NOUNS})(?:\s*,\s*|\s?|\s{{2}})(\d{{1,3}})(?=\s*,|\s{{2}}|\s+with\b|\s*$)"),
    # A carer's "she's 90", "he is 84" (not "she's 30 weeks", "he's 80 kg").
    LazyPattern(rf"{_PRONOUN_AGE}(\d{{2,3}})\b(?!\s*(?:kg|kilos?|lbs?|cm|%|weeks?|wks?|days?|months?|mg|/))"),
    # A note that opens on the child it books: "Son is 12, been limping", "Daughter, 9.", "Our boy's 13 and ..."
    LazyPattern(
        r"^\s*(?:my |our )?(?:son|daughter|boy|girl|lad|lass|kid|child|grandson|granddaughter)"
        r"(?:\s+is|'s|s|\s+aged?|\s*,)?\s+(\d{1,2})(?=\s*(?:[,.;]|$)|\s+and\b)"
    ),
    # An age said as who is writing: "Hey, 71 here", "Ex-army, 67. Noticed blood...".
    LazyPattern(r"\b(\d{2,3})\s+here\b"),
    LazyPattern(rf"{_OPENING_AGE}(\d{{2,3}})(?=\s*(?:[,;]|\.(?!\d))|\s*$)"),
    # A note that names the client by title then the age: "Mr P, 82, muddled", "Mrs Okafor (79)".
    LazyPattern(rf"{_TITLED_NAME}(?:\s*,\s*|\s{{1,2}})(\d{{1,3}})(?=\s*,|\s{{2}}|\s*[.;]|\s*$)"),
    # "at 61 my back aches", "at 70, I'm slower": an age said as a moment of life, never a time of
    # day (25 and over), a speed or an angle (the next word must be a pause or the client).
    LazyPattern(r"\bat (2[5-9]|[3-9]\d|1[01]\d)(?=\s*,|\s+(?:my|i|im|i'm|now|these days)\b)"),
)
# A boyfriend's or girlfriend's age, told by a young client: "my boyfriend is 24", "bf's 22", "my 24 year old
# boyfriend", "dating a 30 year old" (never weeks or kilos: "girlfriend is 30 weeks").
_PARTNER = r"(?:boyfriend|girlfriend|bf|gf|fella|partner)"
_PARTNER_AGE = (
    LazyPattern(
        rf"\b{_PARTNER}(?:'s|s| is|,)?\s+(\d{{2}})\b(?!\s*(?:kg|kilos?|lbs?|cm|%|weeks?|wks?|days?|months?|mg|/|min))"
    ),
    LazyPattern(rf"\b(\d{{2}})\s*(?:-\s*)?(?:years?|yrs?|y)\s*(?:-\s*)?(?:old|o)\s+{_PARTNER}\b"),
    # "my boyfriend (he's 24)", "my girlfriend, she is 30"
    LazyPattern(
        rf"\b{_PARTNER}\s*,?\s+(?:hes|he s|he is|shes|she s|she is|whos|who is)\s+(\d{{2}})\b"
        r"(?!\s*(?:weeks?|wks?|kg))"
    ),
    LazyPattern(
        r"\b(?:dating|seeing|going out with|going with|with)\s+an?\s+(\d{2})\s*(?:-\s*)?(?:years?|yrs?|y)"
        r"\s*(?:-\s*)?(?:old|o)\b"
    ),
)
_DECADE = LazyPattern(r"\b(?:in )?(?:my|her|his) (early |mid |late )?(\d)0s\b")
_BLOOD_PRESSURE = (
    # ("my blood pressure, it was 215 to 125": "to" said for "over" after the pressure is named)
    LazyPattern(r"\b(?:bp|blood pressure|pressure)\D{0,40}?(\d{2,3})\s*(?:/|over|to)\s*(\d{2,3})\b"),
    LazyPattern(r"\b(\d{2,3})\s*/\s*(\d{2,3})\s*(?:mm ?hg|mmhg)\b"),
    # A reading from a monitor, a machine, a pharmacy: "home monitor says 210/130".
    LazyPattern(
        r"\b(?:monitor|machine|readings?|cuff|pharmacy|pharmacist)\D{0,30}?(\d{2,3})\s*(?:/|over)\s*(\d{2,3})\b"
    ),
    # Written bare, a three-digit number over a lower one reads as nothing else ("180/120"); weeks
    # ("32/40", "2/52"), pain scores ("8/10") and dates have a smaller first number.
    LazyPattern(r"(?<![\d/.])([12]\d\d)\s*/\s*(\d{2,3})(?![\d/])"),
)
# A pulse said with its word ("heart 150", "pulse was 128", "HR 140") or its unit ("112 bpm"), never a count
# of years or times ("heart surgery 20 years ago").
_HEART_RATE = (
    LazyPattern(
        r"\b(?:heart ?rate|heart ?beat|heart|pulse|hr)"
        r"(?: is| was| at| of| going| racing| rate| reading| beating| pounding| thumping| running)*\s*:?\s*"
        r"(\d{2,3})\b(?!\s*(?:years?|yrs?|%|mg|kg|weeks?|days?|times|x|/))"
    ),
    LazyPattern(r"\b(\d{2,3})\s*(?:bpm|beats a minute|beats per minute|beats/min)\b"),
    # A watch's reading in a sentence about the heart: "my watch dey show 180", "fitbit says 170".
    LazyPattern(
        r"\b(?:watch|smartwatch|fitbit|garmin)(?: dey| is| was)? "
        r"(?:show|shows|showing|showed|says|said|reads|reading|read)\s*:?\s*(\d{2,3})\b(?!\s*(?:steps|minutes|mins|km|miles|calories|kcal|%|/|hours|hrs))"
    ),
)
# Blood sugar in the languages a meter is read out in (accents are folded away before any search).
_GLUCOSE_WORDS_ABROAD = (
    "glucosa", "glucemia", "glycemie", "blutzucker", "zucker", "glicemia", "glicose", "cukier", "azucar", "acucar",
)  # fmt: skip
# A blood sugar said with its word: "my sugar is 2", "BM 2.8", "glucose 450" (a reading over 35 is mg/dL).
_GLUCOSE = LazyPattern(
    rf"\b(?:blood sugars?|sugars?|glucose|bms?|bg|cbg|bsl|bgl|blood glucose|{'|'.join(_GLUCOSE_WORDS_ABROAD)})"
    r"(?: level| levels| meter| monitor| sensor| libre| readings?)?(?: on (?:my|the) (?:meter|monitor|sensor|libre))?"
    r"(?: is| was| of| at| reading| read| came up| dropped to| down to| up to| only| ko| ay| [àa]| de| di| est| ist"
    r"| en| em| over| above| around| about| all| in the| consistently| always| high| sky high"
    # ("sugars been 25-28 all week", "glucose running 22", "BMs sitting at 19")
    r"| been| has been| have been| ve been| s been| running| sitting at| sitting| hovering around| hovering| between)*"
    # ("readings over 20", "in the 25s")
    r"\s*:?\s*(\d{1,3}(?:[.,]\d{1,2})?)s?\b"
    r"(?!\s*(?:years?|yrs?|%|kg|weeks?|days?|times|x|hours?|hrs?|mins?|minutes|g\b(?!\s*/\s*l)|grams?|spoons?"
    r"|teaspoons?|cubes?))"
    # (a French or Italian meter reads in grams a litre: "0,45 g/l" is 45 mg/dL)
    r"(\s*g\s*/\s*l)?"
)
# A reading off a glucose meter or sensor, told with its unit: "meter 2.6 mmol/L", "libre says 45 mg/dl" (a
# monitor's number alone could be a blood pressure, so only the unit makes it a sugar).
_GLUCOSE_DEVICE = LazyPattern(
    r"\b(?:meter|glucometer|sensor|libre|dexcom|cgm|finger ?prick)\D{0,20}?(\d{1,3}(?:[.,]\d)?)\s*(?:mmol|mg\s*/\s*dl)"
)
# How a thermometer reading is said without the word "temperature": "had 38.6", "spiked to 39.1".
_READING_VERB = r"(?:had|hit|reached|spiked(?: to)?|running|peaked at)"
# A fever's decimal set off by commas as one item of a list ("feel terrible, 39.5, vomiting").
_LISTED_READING = r"(?:^|[,;:(])\s*(3[89][.,]\d|4[0-2][.,]\d)\s*(?=[,;)]|$)"
_TEMPERATURE = (
    LazyPattern(
        r"\b(?:temp|temperature|fever|febrile|pyrexia|pyrexial|hyperthermic|thermometer)"
        # (across a comma only a reading with its decimal: "glandular fever as a teenager, now 40" is an age)
        r"(?:[^\d,;]{0,25}?|\D{0,25}?(?=\d{2,3}[.,]\d))(\d{2,3}(?:[.,]\d)?)"
        r"\s*(?:°|deg|degrees)?\s*([cf])?\b"
    ),
    LazyPattern(r"\b(\d{2,3}(?:[.,]\d)?)\s*(?:°\s*|deg\s*|degrees\s*)?([cf])\b(?!\w)"),
    # Chart shorthand: "T 39.2", "T38.5" (a temperature with its decimal; T12 is a vertebra).
    LazyPattern(r"\bt\s?(3[5-9][.,]\d|4[0-2][.,]\d)\b()"),
    # A reading said with a verb, decimal and all: "had 38.6 last night", "spiked to 39.1".
    LazyPattern(rf"\b{_READING_VERB}\s+(3[7-9][.,]\d|4[0-2][.,]\d)\b(?!\s*(?:kg|%|cm))()"),
    # A fever's reading listed on its own among how the client feels: "feel terrible, started this afternoon,
    # 39.5, vomiting" (only a fever's decimals, set off by commas; a weight or a size has its unit).
    LazyPattern(rf"{_LISTED_READING}()"),
    # A reading with where it was taken: "38.4 under the arm", "39.1 in her ear".
    LazyPattern(
        r"\b(3[5-9][.,]\d|4[0-2][.,]\d)\s*(?:°\s*c?\s*)?(?:under (?:the|his|her|my|their) arm|armpit|axillary|"
        r"in (?:the|his|her|my|their) (?:armpit|ear|mouth|bottom)|tympanic|orally|oral|rectally|rectal"
        # ("38.0 on the forehead thermometer", "39.2 on the ear thermometer")
        r"|on (?:the|his|her|my|their|a|our) (?:\w+ )?thermometer)\b()"
    ),
    # A reading beside how the body feels: "she's hot (39.2)", "burning up, 38.9", "a bit hot today, 38.3".
    LazyPattern(
        r"\b(?:hot|burning up|boiling)(?:\W+(?:today|now|again|tonight|still))?\W{1,4}(3[7-9][.,]\d|4[0-2][.,]\d)\b"
        r"(?!\s*(?:kg|%|cm))()"
    ),
)
# "Weeks" in the languages pregnant clients most often write in besides English ("enceinte de 34 semaines").
_OTHER_WEEKS = "semaines?|semanas?|wochen|settimane"
# Any word for weeks: what a text must hold before weeks of pregnancy are looked for.
_WEEK_UNIT = LazyPattern(rf"weeks?|wks?|{_OTHER_WEEKS}")
_WEEKS = (
    # "I'm 36 weeks", or a note that opens with "28 weeks,": in an intake, weeks of pregnancy.
    LazyPattern(
        rf"\bi(?: a|')?m\s+(?:at\s+)?(\d{{1,2}})\s*(?:\+\d\s*)?(?:weeks?|wks?|{_OTHER_WEEKS})\b"
        r"(?!\s*(?:into|in|post|after|since|out|off|of|on)\b)"
    ),
    LazyPattern(rf"^\s*(\d{{1,2}})\s*(?:\+\d\s*)?(?:weeks?|wks?|{_OTHER_WEEKS})\s*(?:[,;:(]|$)"),
    LazyPattern(
        rf"\b(\d{{1,2}})\s*(?:\+\d\s*)?(?:weeks?|wks?|w|{_OTHER_WEEKS})\s*"
        r"(?:pregnant|gestation|along|pg|enceinte|embarazada|de embarazo|de grossesse|schwanger)\b"
    ),
    LazyPattern(
        rf"\b(?:pregnant|enceinte|embarazada|schwanger|incinta|gravida)\D{{0,12}}?(\d{{1,2}})\s*(?:weeks?|wks?|{_OTHER_WEEKS})\b"
    ),
    # A partner booked in "is 30 weeks" (12 and over: a baby "is 7 weeks" old).
    LazyPattern(
        r"\b(?:wife|partner|girlfriend|fiancee|daughter|she|shes|she is)\s+(?:is\s+)?"
        rf"(1[2-9]|[23]\d|4[0-2])\s*(?:weeks?|wks?|{_OTHER_WEEKS})\b"
        r"(?!\s*(?:ago|old|post|after|since|into|out|off)\b)"
    ),
    # The obstetric notation "32/40": week 32 of a 40-week pregnancy; "35+2" (or "36+2/40"): 35 weeks and 2 days.
    LazyPattern(r"(?<![\d/.])([1-4]\d)\s*/\s*40\b(?![/\d])"),
    LazyPattern(r"(?<![\d/.+])(1[2-9]|[23]\d|4[0-2])\+[0-6](?:/40\b)?(?![\d/.+=])"),
)
# A bare "35 weeks" said as its own clause is a pregnancy only where the note speaks of one elsewhere
# ("Booking for my wife, 35 weeks. The midwife said..."); "back pain, 6 weeks" is how long it has hurt.
_BARE_WEEKS = LazyPattern(
    rf"(?:^|[,;:]|\bat)\s*(\d{{1,2}})\s*(?:weeks?|wks?|{_OTHER_WEEKS})\s*(?=[,;:(]|\s+(?:and|now|today|i think)\b|$)"
)
# ("36 weeks and baby's been quiet, barely felt any kicks": only a baby not yet born kicks that way)
_PREGNANCY_CONTEXT = LazyPattern(
    r"\b(?:midwife|midwives|antenatal|prenatal|obstetric\w*|bump|due date|pregnan\w*|preggo|preggers|preggy|prego"
    r"|fetal|foetal|enceinte|embarazada|incinta|gravida|w ciazy|buntis|bebe)\b"
    r"|\bbab(?:y|ys)\b.*\bkick|\bkicks?\b.*\bbab(?:y|ys)\b"
    # ("waters broke this morning, 35 weeks": only a pregnancy has waters that break)
    r"|\bwaters? (?:broke|broken|have broken|gone|went|might have gone|leaking)\b"
    # ("fluid leaking, 30 wks", "baby no dey kick ... 33 weeks": a leak or the kicks, told beside weeks)
    r"|\b(?:fluid|water) leaking\b|\bleaking (?:fluid|water)\b|\bbaby (?:no dey|not|hasnt|hasn t) (?:kick|mov)"
    # ("Baby movements different, 35 weeks"; "booking for my daughter-in-law, 28 weeks": a woman's weeks told
    # straight after naming her)
    r"|\bbab(?:y|ys|ies) movements?\b"
    # ("tummy tightening every 5 minutes, 33 weeks": tightenings or contractions that come and go are labour's)
    r"|\b(?:tightenings?|contractions?) (?:every|coming|regular)\b|\bregular (?:tightenings|contractions)\b"
    r"|\b(?:wife|partner|girlfriend|daughter in law|daughter-in-law|missus|fiancee)\b\W{1,3}[1-4]\d\s*(?:weeks?|wks?)\b"
)
_TRIMESTER = LazyPattern(r"\b(first|1st|second|2nd|third|3rd)\s+trimester\b")
_TRIMESTER_WEEKS = {"first": 6.0, "1st": 6.0, "second": 14.0, "2nd": 14.0, "third": 28.0, "3rd": 28.0}
# A full stop inside a number ("38.5") does not end a sentence.
# Every fact is a number beside a unit or after a word that names it, or a trimester: a text with none
# of these (most: "#12" is a record number) costs one search.
_MAY_HOLD_FACTS = LazyPattern(
    r"trimester|[1-4]\d\+[0-6]|\bat \d\d|\bt\s?[34]\d[.,]\d|[34]\d[.,]\d"
    r"|\d\s*(?:-\s*)?(?:y|m\b|f\b|/|over|°|deg|[cf]\b|w|s\b)"
    r"|(?:\bi(?:\s?a|['’])?m|\bage|\bbp\b|pressure|temp|fever|febrile|pyrexia|pregnant|thermometer)\D{0,25}\d"
    rf"|\d\s*(?:{_OTHER_WEEKS})\b"
    r"|(?:heart|pulse|\bhr\b)\D{0,20}\d|\d\s*(?:bpm|beats)|(?:watch|fitbit|garmin)\D{0,20}\d"
    r"|(?:meter|sensor|libre|dexcom|\bcgm|finger ?prick)\D{0,20}\d"
    r"|\bk\+?\W{0,3}(?:\w+\W+){0,2}\d[.,]\d|(?:\brr\b|\bresp|breath)\D{0,20}\d|\d\s*breaths"
    rf"|(?:sugar|glucose|{'|'.join(_GLUCOSE_WORDS_ABROAD)}|az[uú]car|a[cç][uú]car|\bbms?\b|\bbg\b|\bbsl\b|\bbgl\b|{RESULT_WORDS})\D{{0,20}}\d"
    rf"|\b(?:{_NOTE_NOUNS})\s*[,(]?\s*\d|{_TITLED_NAME}\s*[,(]?\s*\d"
    rf"|\d\s+here\b|{_OPENING_AGE}\d|{_BARE_OPENING_AGE}|{_PRONOUN_AGE}\d|{_PARTNER}\D{{0,12}}\d"
    r"|,\s*[4-9]\d\s*(?:,|$)|\d\s*(?:male|female|man|woman)\s*$|\d\s*(?:anni|a[nñ]os|ans|jahre|lata?|taon|saal)\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_AGE_CUES = (
    "i am", "im", "i m", "age", "year", "yr", "yo", "y/o", "old", "0s", " m", " f", "male", "man", "at ",
    "bloke", "lady", "gent", "guy", "client", "pt", "patient", "mr", "ms", "miss", "mx", "here",
    "pupil", "boy", "girl", "player", "student", "son", "daughter", "lad", "lass", "kid", "child",
    "anni", "anos", " ans", "jahr", " lat", "taon", "saal",
)  # fmt: skip
_AGE_AND_SEX = LazyPattern(r"\d\s*[mf]\b")  # chart shorthand "34M", "41F"
# (an age after an opening or a pronoun has no cue word: tested by its own pattern, not by every comma)
_AGE_UNCUED = LazyPattern(rf"{_OPENING_AGE}\d|{_PRONOUN_AGE}\d")
_TEMPERATURE_CUES = (
    "temp", "fever", "febrile", "pyrexia", "hyperthermic", "thermometer", "°", "deg", "hot", "burning", "boiling",
    " arm", "armpit", "axillary", " ear", "oral", "rectal", "tympanic", "bottom",
)  # fmt: skip
_BARE_DEGREES = LazyPattern(rf"\d\s*[cf]\b|\bt\s?[34]\d[.,]\d|\b{_READING_VERB}\s+[34]\d[.,]\d|{_LISTED_READING}")
_SENTENCE = LazyPattern(r"[;!?\n]+|\.(?!\d)")


def read_facts(texts: Iterable[str], vocabulary: Vocabulary) -> Facts:
    """The facts the texts state about the client. Where a fact is stated twice the most telling
    value is kept: the highest temperature and blood pressure, the oldest age, the latest week, the lowest
    blood sugar as well as the highest."""
    facts: Facts = {}
    for text in texts:
        if not (_DIGIT.search(text) or "trimester" in text.lower()):
            continue
        carer = reports_on_another(text, vocabulary)
        # "Mum 79, says her scalp hurts": the carer gives the client's age the way no client gives their own.
        if carer and (age := carer_age(text, vocabulary)) is not None and 1 <= age <= 115:
            _keep(facts, "age", float(age))
        if not _MAY_HOLD_FACTS.search(text):
            continue
        # ("Mrs E. Walsh, 72": the initial's full stop ends no sentence)
        folded = without_ages_then(_TITLED_INITIAL.sub(r"\1 ", fold(without_general_questions(text))))
        expecting = _names_weeks(folded) and _PREGNANCY_CONTEXT.search(folded) is not None
        # (only where the whole text opens with it: a clause left once another's is cut is no form's first field)
        if (opening := _BARE_OPENING.match(folded)) and 1 <= (opening_age := float(opening.group(1))) <= 115:
            _keep(facts, "age", opening_age)
        elif (listed := _listed_age(folded, vocabulary)) is not None:
            _keep(facts, "age", listed)
        for sentence in _SENTENCE.split(folded):
            # (a partner's age is told in a clause about the partner, which the client's own facts leave out)
            # and is no age of the client's ("I'm 16, dating a 25 year old")
            for pattern in _PARTNER_AGE:
                for found in pattern.finditer(sentence):
                    _keep(facts, "partner_age", float(found.group(1)))
                sentence = pattern.sub(" ", sentence)
            # A clause about someone else ("new sexual partner last month") is left out, not the whole
            # note: "34M, R ankle hot, T 38.1, new partner" still states the client's temperature. In a
            # carer's note ("Dad, 78, collapsed") every clause is the client's.
            # ("im 14 can i book without my mum": an age said in the first person is the writer's)
            # (a reading dated years back, "neutrophils were 0.4 during chemo in 2019", is no reading of today's)
            clauses = [
                c for c in sentence.split(",") if carer or _OWN_AGE.search(c) or not _about_someone_else(c, vocabulary)
            ]
            own = ",".join(c for c in clauses if not _YEARS_BACK.search(c))
            if own.strip():
                _read_sentence(own, facts)
                if expecting:
                    for found in _BARE_WEEKS.finditer(own):
                        # (Under 12 weeks a bare count is as likely how long something has hurt.)
                        if int(weeks := float(found.group(1))) in BARE_PREGNANCY_WEEKS:
                            _keep(facts, "weeks_pregnant", weeks)
            # (the client's age is today's whatever year the clause names: "72, hip replaced in 2015")
            if (dated := ",".join(c for c in clauses if _YEARS_BACK.search(c))) and _age_cued(dated):
                _read_age(dated, facts)
    return facts


_BARE_OPENING = re.compile(_BARE_OPENING_AGE)


def _listed_age(folded: str, vocabulary: Vocabulary) -> float | None:
    """An age standing alone among a form's fields ("headache, tender temple, 65, vision fine"), where it is the
    text's one number and the field before it names nobody else ("my dad, 75, gets calf pain" is his)."""
    if "," not in folded or (listed := _BARE_LISTED_AGE.search(folded)) is None:
        return None
    if _DIGIT.search(folded[: listed.start()] + folded[listed.end() :]):
        return None  # ("pulse 88, 72" or "sets of 50, 60" are counts)
    before = folded[: listed.start()].rsplit(",", 1)[-1]
    return None if _about_someone_else(before, vocabulary) else float(listed.group(1))


# A form's list of fields with the age as one of them: "headache, tender temple, 65, vision fine". Only an
# adult's age from 40 stands so alone: lower counts are as often reps, scores or minutes.
_BARE_LISTED_AGE = re.compile(r"(?:^|,)\s*([4-9]\d|10\d)\s*(?=,|$)")
# A clause dated to a year at least three back, or years ago (not "since 2019": that reaches today).
_YEARS_BACK = re.compile(r"(?<!since )\b(?:19\d\d|20[01]\d|202[0-3])\b|\byears ago\b|\blast year\b")
_TITLED_INITIAL = re.compile(rf"\b((?:{_TITLES})\.?\s+[a-z])\.\s")
_OWN_AGE = re.compile(rf"\b(?:i am|im|i m)\s+\d{{1,3}}\b{_NOT_AN_AGE}")
# Family who only pass the note on ("forwarded by family", "family report T 38.9"): the figures are the client's.
_FAMILY_PASSING_ON = re.compile(
    r"\b(?:forwarded|sent|written) by (?:the |my |his |her )?family\b"
    r"|\bfamily (?:report|reports|reported|say|says|noticed)\b"
)

_LAB_WORK = LazyPattern(r"\blab (?:results?|tests?|reports?|work|values?|sheets?|bloods)\b")


def _about_someone_else(sentence: str, vocabulary: Vocabulary) -> bool:
    if "family" in sentence:
        sentence = _FAMILY_PASSING_ON.sub(" ", sentence)
    if "lab" in sentence:
        # ("my lab results said lactate 4.5": the laboratory's, where "our lab" is a dog)
        sentence = _LAB_WORK.sub(" ", sentence)
    words = re.findall(r"[a-z]+", sentence)
    return any(w in vocabulary.other_person_cues or w in vocabulary.not_human_cues for w in words)


def _keep(facts: Facts, name: str, value: float) -> None:
    # (a fact named for its low end keeps the lowest value told)
    if name not in facts or (value < facts[name] if name.endswith("_low") else value > facts[name]):
        facts[name] = value


# A health line's item that gives a level without saying of what ("lithium; level 2.1 on Friday's bloods"):
# the item before it names the medicine or the test.
_BARE_LEVEL = LazyPattern(
    r"^\s*(?:(?:blood|serum|drug|last|latest|recent|todays?|today's)\s+)?levels?\b", re.IGNORECASE
)


def with_levels_named(texts: Sequence[str]) -> list[str]:
    """The texts, each bare level item read together with the item before it."""
    out = list(texts)
    for i in range(1, len(out)):
        if _BARE_LEVEL.search(texts[i]) and len(texts[i - 1].split()) <= 3:
            out[i] = f"{texts[i - 1]} {texts[i]}"
    return out


def merged(stated: Iterable[Facts]) -> Facts:
    """Facts read from several texts as one: the most telling value of each (as read_facts keeps)."""
    facts: Facts = {}
    for one in stated:
        for name, value in one.items():
            _keep(facts, name, value)
    return facts


def _age_cued(s: str) -> bool:
    return any(cue in s for cue in _AGE_CUES) or _AGE_AND_SEX.search(s) is not None or _AGE_UNCUED.search(s) is not None


def _read_sentence(s: str, facts: Facts) -> None:
    # Each fact's patterns run only where a word they need is there ("3 weeks" alone is no pregnancy).
    if _age_cued(s):
        _read_age(s, facts)
    if "/" in s or "over" in s or "pressure" in s or "bp" in s:
        _read_blood_pressure(s, facts)
    if any(cue in s for cue in _TEMPERATURE_CUES) or _BARE_DEGREES.search(s):
        _read_temperature(s, facts)
    if "heart" in s or "pulse" in s or "hr" in s or "bpm" in s or "beats" in s:
        _read_heart_rate(s, facts)
    if any(cue in s for cue in _GLUCOSE_CUES):
        _read_glucose(s, facts)
    if _names_weeks(s) or "trimester" in s or "/40" in s or "/ 40" in s or "+" in s:
        _read_weeks(s, facts)
    for name, value in read_results(s):
        _keep(facts, name, value)


# (a reading with only its unit counts where a device reads it: "mg" alone is every tablet's dose)
_GLUCOSE_CUES = (
    "sugar", "glucose", "bm", "bg", "bsl", "meter", "sensor", "libre", "dexcom", "cgm", "finger",
    *_GLUCOSE_WORDS_ABROAD,
)  # fmt: skip


def _read_heart_rate(s: str, facts: Facts) -> None:
    for found in _found(_HEART_RATE, s):
        if 30 <= (rate := float(found.group(1))) <= 250:
            _keep(facts, "heart_rate", rate)


def _read_glucose(s: str, facts: Facts) -> None:
    for found in _found((_GLUCOSE, _GLUCOSE_DEVICE), s):
        value = float(found.group(1).replace(",", "."))
        if found.re.groups > 1 and found.group(2):
            value *= 100  # grams a litre to milligrams a decilitre
        mmol = value / 18 if value > 35 else value
        if 0.5 <= mmol <= 60:
            # (the lowest reading is the telling one for a hypo, the highest for a crisis: both are kept)
            _keep(facts, "glucose_low", mmol)
            _keep(facts, "glucose_high", mmol)


def _names_weeks(s: str) -> bool:
    return _WEEK_UNIT.search(s) is not None


def _found(patterns: Iterable[LazyPattern], s: str) -> Iterator[re.Match[str]]:
    for pattern in patterns:
        yield from pattern.finditer(s)


# "swam 100 m," is a distance, not a 100-year-old man: a count of metres follows a way of moving.
_DISTANCE_BEFORE = re.compile(
    r"\b(?:swam|swim|swimming|ran|run|running|sprint\w*|rowed|rowing|walked|walking|jumped|climbed|dived|dove|"
    r"hurdles|relay|race|raced|did|done|the)\s+(?:a\s+|an\s+|the\s+)?$"
)


def _read_age(s: str, facts: Facts) -> None:
    for found in _found(_AGE, s):
        if found.group(0).rstrip().endswith("m") and _DISTANCE_BEFORE.search(s[: found.start()]):
            continue
        if 1 <= (age := float(found.group(1))) <= 115:
            _keep(facts, "age", age)
    for found in _DECADE.finditer(s):
        part = {"early ": 1, "mid ": 4, "late ": 7}.get(found.group(1) or "", 0)
        _keep(facts, "age", float(int(found.group(2)) * 10 + part))


def _read_blood_pressure(s: str, facts: Facts) -> None:
    readings: dict[int, float] = {}  # where each reading stands (the patterns overlap): its systolic
    for found in _found(_BLOOD_PRESSURE, s):
        systolic, diastolic = float(found.group(1)), float(found.group(2))
        if 60 <= systolic <= 300 and 30 <= diastolic <= 200 and systolic > diastolic:
            _keep(facts, "systolic", systolic)
            _keep(facts, "diastolic", diastolic)
            readings[found.start(1)] = systolic
    if len(readings) > 1:
        _keep(facts, "systolic_difference", max(readings.values()) - min(readings.values()))


def _read_temperature(s: str, facts: Facts) -> None:
    for found in _found(_TEMPERATURE, s):
        if (celsius := _celsius(float(found.group(1).replace(",", ".")), found.group(2))) is not None:
            _keep(facts, "temperature", celsius)


def _read_weeks(s: str, facts: Facts) -> None:
    for found in _found(_WEEKS, s):
        if 1 <= (weeks := float(found.group(1))) <= 44:
            _keep(facts, "weeks_pregnant", weeks)
    for found in _TRIMESTER.finditer(s):
        _keep(facts, "weeks_pregnant", _TRIMESTER_WEEKS[found.group(1)])


def _celsius(value: float, unit: str | None) -> float | None:
    """A body temperature in degrees Celsius, or None when the number is not one."""
    if unit == "f" or (unit is None and 93 <= value <= 110):
        value = round((value - 32) * 5 / 9, 1)
    return value if 33 <= value <= 44 else None
