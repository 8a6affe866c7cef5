"""Printable pages made from a client's record: the client's home-care handout and a letter to their
physician. Both are self-contained HTML (no external CSS, fonts, scripts or images, so they work offline
and print the same anywhere) rendered from templates shipped in this package.

Every value is escaped: names, complaints and notes are the client's and therapist's own words, and a
page someone opens in a browser must never run what was typed into an intake. The one exception is
the progress chart, which our own code draws and escapes."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import jinja2


class HandoutData(NamedTuple):
    client_name: str
    date: str  # YYYY-MM-DD the handout is made
    condition: str | None  # e.g. "Lower back pain"
    icd10: tuple[str, ...]  # e.g. ("M54.50",)
    complaint: str | None  # the client's words at the last visit
    home_care: tuple[str, ...]  # sentences
    watch_for: tuple[str, ...]  # signs to watch for (sentences)
    call_doctor: tuple[str, ...]  # when to call a doctor (sentences); the emergency line is always added
    referral: tuple[str, str] | None  # (urgency word, explanation sentence) when the client was referred
    next_visit: str | None  # e.g. "weekly; 6 to 10 visits in all"
    chart_svg: str | None  # a complete <svg>...</svg> drawn (and escaped) by our own code: inserted as markup
    therapist: str | None
    pain: tuple[tuple[str, int, int | None], ...]  # (date, pain before, pain after) per visit


class LetterData(NamedTuple):
    date: str
    client_name: str
    client_age: int | None
    physician: str | None  # "Dr A. Okafor, Riverside Practice", or None for "Dear Doctor"
    therapist: str | None
    request: str  # "referral" | "clearance" | "information"
    urgency: str | None  # the referral urgency word when request == "referral"
    reasons: tuple[str, ...]  # why: the referral reasons or the clearance needed
    complaint: str | None  # the client's words
    condition: str | None
    icd10: tuple[str, ...]
    findings: tuple[str, ...]  # health findings, e.g. "Anticoagulant medication (on warfarin)"
    planned: tuple[str, ...]  # modalities planned, e.g. "Swedish massage (CPT 97124)"
    pain: str | None  # e.g. "pain 7/10 before, 4/10 after the last of 3 visits"


REQUESTS = ("referral", "clearance", "information")

# The handout speaks to the client, so the referral box leads with what to do rather than the engine's
# urgency word (which is still printed beside it, for the therapist's reference).
_HANDOUT_REFERRAL_HEADINGS = {
    "emergency": "Get emergency care now",
    "urgent": "See your doctor soon",
    "postpone": "See your doctor before your next massage",
    "clearance": "Ask your doctor before your next massage",
    "routine": "Mention this to your doctor",
}

# The letter's reader is a physician: a short gloss on each urgency word, so that the word alone (an
# engine term) is never all they have to go on.
_LETTER_URGENCY = {
    "emergency": "I have advised the client to seek emergency care now",
    "urgent": "I would be grateful if you could see the client soon",
    "postpone": "I have postponed massage therapy until you have seen the client",
    "clearance": "massage therapy will not continue until you have cleared it",
    "routine": "at your convenience",
}


def handout_html(data: HandoutData) -> str:
    """The client's home-care plan as one printable page (A4 or US Letter)."""
    from markupsafe import Markup

    referral = None
    if data.referral is not None:
        urgency, explanation = data.referral
        heading = _HANDOUT_REFERRAL_HEADINGS.get(urgency.strip().lower(), "See your doctor")
        referral = {"heading": heading, "urgency": urgency, "explanation": explanation}
    return (
        _environment()
        .get_template("handout.html")
        .render(
            d=data,
            referral=referral,
            chart=Markup(data.chart_svg) if data.chart_svg else None,
        )
    )


def letter_html(data: LetterData) -> str:
    """A one-page letter to the client's physician, with a reply form for them to return."""
    if data.request not in REQUESTS:
        raise ValueError(f"unknown letter request {data.request!r}: expected one of {', '.join(REQUESTS)}")
    urgency_note = None
    if data.request == "referral" and data.urgency:
        urgency_note = _LETTER_URGENCY.get(data.urgency.strip().lower())
    return (
        _environment()
        .get_template("letter.html")
        .render(
            d=data,
            salutation=_salutation(data.physician),
            recipient=_recipient_lines(data.physician),
            urgency_note=urgency_note,
        )
    )


def _salutation(physician: str | None) -> str:
    """'Dr A. Okafor' from 'Dr A. Okafor, Riverside Practice': the name is what comes before the first
    comma (the rest is the practice), with the title added when the record left it out."""
    name = (physician or "").split(",", 1)[0].strip()
    if not name:
        return "Doctor"
    first = name.split(None, 1)[0].rstrip(".").lower()
    if first in ("dr", "doctor", "prof", "professor"):
        return name
    return f"Dr {name}"


def _recipient_lines(physician: str | None) -> list[str]:
    if not physician:
        return []
    return [part.strip() for part in physician.split(",") if part.strip()]


def _sentence(text: str) -> str:
    """Capitalise only the first letter: Jinja's `capitalize` lowercases the rest, names included."""
    return text[:1].upper() + text[1:]


@functools.cache
def _environment() -> jinja2.Environment:
    # Imported here, not at the top: the package's plain commands import this module's package and
    # must not pay for Jinja2.
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("massage_match.records", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["sentence"] = _sentence
    return environment
