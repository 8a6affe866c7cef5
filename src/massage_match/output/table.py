"""Rich tables for people: readable at 80 columns, status in words as well as colour."""

from __future__ import annotations

import errno
import os
import textwrap
from collections.abc import Iterable, Sequence
from typing import IO, Any, cast

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from massage_match.model import SESSION_STOPPING, Condition, ModalityAdvice, Recommendation, Referral
from massage_match.output import Columns, Listing, TextOut
from massage_match.output.summary import summary

DISCLAIMER = "Decision support, not a diagnosis: when in doubt, refer to a physician."
STATUS_STYLE = {"recommended": "green", "caution": "yellow", "avoid": "bold red"}
STATUS_MARK = {"recommended": "+ recommended", "caution": "! caution", "avoid": "x avoid"}
URGENCY_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold red",
    "postpone": "bold yellow",
    "clearance": "bold yellow",
    "routine": "yellow",
}
URGENCY_ACTION = {
    "emergency": "EMERGENCY - do not massage; call emergency services now",
    "urgent": "URGENT - do not massage; the client should see a physician today",
    "postpone": "POSTPONE - no massage today; rebook once the client is well",
    "clearance": "CLEARANCE - massage only once a physician has cleared it",
    "routine": "ROUTINE - suggest the client sees their physician",
}


class _Console(Console):
    """Rich's Console, except that a reader who left is ours to handle: Rich's own handler points
    stdout at /dev/null and exits the process with 1, where `| head -1` must end quietly with 0."""

    def on_broken_pipe(self) -> None:
        self.quiet = True  # nothing more is written: the reader has gone
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))


# Narrower than this, a table cannot hold its columns: it is printed this wide and the terminal wraps.
MIN_WIDTH = 40


def _console(out: TextOut, color: bool) -> Console:
    # Without colour, no escape of any kind (bold and dim too): NO_COLOR users pipe and diff this.
    extra: dict[str, Any] = {} if color else {"color_system": None}
    # Rich asks a file for no more than TextOut gives, plus isatty, fileno and encoding (which
    # the CLI's stdout passes on from the real stream): an IO[str] in all but name.
    console = _Console(file=cast(IO[str], out), highlight=False, emoji=False, soft_wrap=False, **extra)
    if console.width < MIN_WIDTH:  # COLUMNS=0 (or 5) made Rich print nothing at all, and exit 0
        console.width = MIN_WIDTH
    return console


class _RecommendationTables:
    def __init__(self, out: TextOut, explain: bool, color: bool):
        self.console = _console(out, color)
        self.explain = explain

    def render(self, rec: Recommendation, position: int) -> Recommendation:
        return rec  # laid out where it is written: the width and colours are those of our terminal

    def write(self, rendered: Recommendation) -> None:
        _one(self.console, rendered, self.explain)

    def close(self) -> None:
        self.console.file.flush()


class _SummaryLines(_RecommendationTables):
    """`--summary` for a person: a record in two or three lines, to scan a day's intake."""

    def write(self, rendered: Recommendation) -> None:
        _summary(self.console, rendered)


class TableFormat:
    """Rich tables for a person: only the summary columns of a listing."""

    def recommendations(self, out: TextOut, explain: bool, color: bool) -> _RecommendationTables:
        return _RecommendationTables(out, explain, color)

    def summaries(self, out: TextOut, color: bool) -> _SummaryLines:
        return _SummaryLines(out, False, color)

    def listing(self, listing: Listing, out: TextOut, color: bool) -> None:
        rows = listing.rows if listing.summary_rows is None else listing.summary_rows
        write_listing(rows, out, listing.summary, listing.title, color)

    def detail(self, kind: str, data: dict[str, Any], out: TextOut, color: bool) -> None:
        write_detail(kind, data, out, color)

    def report(self, data: dict[str, Any], text: str, out: TextOut) -> None:
        out.write(text + "\n")


TABLE = TableFormat()


def _codes(condition: Condition) -> str:
    return f"ICD-10-CM {', '.join(condition.icd10)}" if condition.icd10 else "no ICD-10-CM code"


# Where a wrapped line continues: under the text, not under its label (a reason under its bullet).
INDENT = "  "
ROW_INDENT = "    "


def _say(console: Console, text: Text, indent: str = INDENT) -> None:
    """One paragraph, wrapped to the console with every line after the first indented: a long line
    stays readable as one item instead of running back to the left edge."""
    width = max(console.width - len(indent), MIN_WIDTH // 2)
    lines = text.wrap(console, width)
    for i, line in enumerate(lines):
        line.rstrip()
        console.print(line if i == 0 else Text(indent) + line, soft_wrap=True)


def _one(console: Console, rec: Recommendation, explain: bool) -> None:
    """Most important first: what stops the session, then the complaint, what limits the work, what
    to do, what to leave out, and the plan. A referral that stops the session is the whole answer."""
    stopped = rec.referral is not None and rec.referral.urgency in SESSION_STOPPING
    if not stopped:
        for h in rec.health:  # what was not assessed is said before anything that looks like an all-clear
            if not h.assessed:
                line = f"NOT ASSESSED: health term {h.query!r} was not understood; ask before the session"
                _say(console, Text(line, style="bold yellow"))
    if rec.referral:
        _referral(console, rec.referral, brief=stopped and not explain)
    if stopped and not explain:
        _complaint(console, rec, brief=True)
        held = len(rec.modalities)
        if held:
            _say(console, Text(f"No massage today: {held} modalities held back (--explain lists them).", style="dim"))
        _say(console, Text(DISCLAIMER, style="dim italic"))
        console.print()
        return
    _complaint(console, rec)
    _health(console, rec)
    if rec.modalities:
        _modalities(console, rec, explain)
    if rec.plan and not stopped:
        p = rec.plan
        plan = Text(f"Plan: {p.session_minutes}-minute sessions, {p.frequency}, {p.visits[0]}-{p.visits[1]} visits.")
        if p.home_care:
            plan.append(" Home care: " + " ".join(_sentence(item) for item in p.home_care), style="dim")
        _say(console, plan)
    if rec.match and rec.match.condition.note:
        _say(console, Text(f"Note: {rec.match.condition.note}", style="yellow"))
    if explain:
        console.print(Text("Why:", style="bold"))
        for step in rec.explanation:
            _say(console, Text(f"  {step}"), ROW_INDENT)
    _say(console, Text(DISCLAIMER, style="dim italic"))
    console.print()


def _summary(console: Console, rec: Recommendation) -> None:
    _complaint(console, rec, brief=True)
    others = [m.condition.name for _, m in rec.complaints[1:] if m is not None]
    if others:
        _say(console, Text("  also: " + ", ".join(others), style="cyan"), ROW_INDENT)
    if rec.referral:
        r = rec.referral
        names = ", ".join(dict.fromkeys(name for name, _ in r.sources)) or "; ".join(r.reasons)
        _say(console, Text(f"  REFERRAL {r.urgency}: {names}", style=URGENCY_STYLE[r.urgency]), ROW_INDENT)
        if r.urgency in SESSION_STOPPING:
            return  # no massage today: the modalities held back are for --explain
    unknown = [h.query for h in rec.health if not h.assessed]
    if unknown:
        _say(console, Text("  NOT ASSESSED: " + ", ".join(map(repr, unknown)), style="bold yellow"), ROW_INDENT)
    row = summary(rec, 0)  # the modalities by status, as the spreadsheet summary has them
    for column, label, style in SUMMARY_GROUPS:
        if row[column]:
            _say(console, Text(f"  {label}: {', '.join(row[column])}", style=style), ROW_INDENT)


def _lower_first(text: str) -> str:
    """'Check the skin' inside a sentence; an acronym ('NSAIDs') keeps its case."""
    return text[0].lower() + text[1:] if text[:2].istitle() else text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _referral(console: Console, referral: Referral, brief: bool) -> None:
    """The referral and why. Brief (the session stops): the most urgent reason in full, the others
    by name, since the one thing to do is what the most urgent asks (json and --explain give all)."""
    _say(console, Text(f"REFERRAL: {URGENCY_ACTION[referral.urgency]}", style=URGENCY_STYLE[referral.urgency]))
    lesser: list[str] = []
    for i, reason in enumerate(referral.reasons):
        name, urgency = referral.sources[i] if i < len(referral.sources) else ("", referral.urgency)
        if brief and i > 0 and name:
            lesser.append(f"{name} ({urgency})")
        else:
            _say(console, Text(f"  - {reason}"), ROW_INDENT)
    if lesser:
        _say(console, Text("  Also: " + ", ".join(lesser), style="dim"), ROW_INDENT)


def _complaint(console: Console, rec: Recommendation, brief: bool = False) -> None:
    head = Text()
    if rec.record_id is not None:
        head.append(f"[{rec.record_id}] ", style="dim")
    head.append(repr(rec.query), style="bold")
    if rec.match:
        c = rec.match.condition
        head.append(" -> ")
        head.append(c.name, style="bold cyan")
        sure = (
            "exact match" if rec.match.confidence == "exact" else f"match {rec.match.score:g}, {rec.match.confidence}"
        )
        head.append(f"  {_codes(c)}  ({sure})", style="dim")
    else:
        head.append(" -> no condition matched", style="bold yellow")
    _say(console, head)
    if brief:  # the session stops: other readings and complaints change nothing today
        return
    for concept in rec.outside_massage:
        _say(console, Text(f"  Outside massage: {concept.name}. {concept.outside_massage}", style="yellow"), ROW_INDENT)
    for words, complaint in rec.complaints[1:]:
        if complaint is not None:
            c = complaint.condition
            _say(console, Text(f"  Also a complaint: {words!r} -> {c.name}  {_codes(c)}", style="cyan"), ROW_INDENT)
    if rec.match and rec.match.confidence == "low" and rec.alternatives:
        # A weak match is one reading among several: the others are named as plainly.
        names = ", ".join(f"{a.condition.name} ({a.score:g})" for a in rec.alternatives)
        _say(
            console,
            Text(f"  Low confidence: confirm with the client; it may instead be {names}", style="yellow"),
            ROW_INDENT,
        )
    elif not rec.match and rec.alternatives:
        names = ", ".join(f"{a.condition.name} ({a.score:g})" for a in rec.alternatives)
        _say(console, Text(f"  Did you mean: {names}?", style="yellow"), ROW_INDENT)
    elif rec.alternatives and not (rec.match and rec.match.confidence == "exact"):
        # (the client named the condition: other readings are for json and --explain)
        names = ", ".join(a.condition.name for a in rec.alternatives)
        _say(console, Text(f"  Also possible: {names}", style="dim"), ROW_INDENT)


def _health(console: Console, rec: Recommendation) -> None:
    """Each health term once, with what it means for the work: the rows below only point back here."""
    for h in rec.health:
        limit = h.contraindication
        said = f"Health: {h.query!r} -> "
        if limit is not None and h.history:
            _say(
                console, Text(said + f"past {limit.name}: confirm it has resolved before going ahead ({limit.reason})")
            )
        elif limit is not None:
            where = f" on the {' and '.join(h.site)}" if h.site else ""
            referred = rec.referral is not None and f"{limit.name}: {limit.reason}" in rec.referral.reasons
            why = " (see the referral)" if referred else f" ({limit.kind}): {limit.reason}"
            _say(console, Text(said + f"{limit.name}{where}{why}"))
        elif h.negated:
            _say(console, Text(said + "denied; nothing limited", style="dim"))
        elif h.facts:
            stated = ", ".join(f"{name.replace('_', ' ')} {value:g}" for name, value in h.facts)
            _say(console, Text(said + f"noted: {stated}", style="dim"))


def _shared(lists: list[tuple[str, ...]]) -> list[str]:
    """Items every list has: said once above the rows instead of on every row."""
    if len(lists) < 2:
        return []
    return [item for item in lists[0] if all(item in other for other in lists[1:])]


# What a row's status reads as: a modality the client declined is not a danger.
DECLINED_MARK = ("- not wanted", "dim")

# The summary's modality columns as a person reads them: (column, label, style).
SUMMARY_GROUPS = (
    ("recommended", "recommended", STATUS_STYLE["recommended"]),
    ("caution", "caution", STATUS_STYLE["caution"]),
    ("avoid", "avoid", STATUS_STYLE["avoid"]),
    ("declined_by_client", "not wanted", DECLINED_MARK[1]),
)


def _mark(advice: ModalityAdvice) -> tuple[str, str]:
    if advice.declined:
        return DECLINED_MARK
    return STATUS_MARK[advice.status], STATUS_STYLE[advice.status]


def _limits_said(reason: str) -> bool:
    """A reason or adjustment that repeats what a health line says ("limited by X: ...", "past X:
    confirm it has resolved"), or the grade the row shows: said once, above."""
    return reason.startswith(("limited by ", "evidence:", "past ", "first confirm the past "))


def _modalities(console: Console, rec: Recommendation, explain: bool) -> None:
    """One line a modality (name, status, evidence grade, CPT), its reason and adjustments beneath:
    usable ones first, then those to leave out, each with what rules it out in a few words."""
    usable = [a for a in rec.modalities if a.status != "avoid"]
    common_adjustments = [adj for adj in _shared([a.adjustments for a in usable]) if not _limits_said(adj)]
    common_reasons = [r for r in _shared([a.reasons[1:] for a in usable]) if not _limits_said(r)]
    if common_reasons or common_adjustments:
        said = "; ".join([*(r[0].upper() + r[1:] for r in common_reasons[:1]), *common_reasons[1:]])
        if common_adjustments:
            every = "; ".join(_lower_first(adj.rstrip(".")) for adj in common_adjustments)
            said = (said.rstrip(".") + ". " if said else "") + "For every modality: " + every
        _say(console, Text(_sentence(said), style="yellow"))
    several = len(rec.complaints) > 1
    name_width = min(max(len(a.modality.name) for a in rec.modalities), NAME_WIDTH)
    mark_width = max(len(_mark(a)[0]) for a in rec.modalities)
    grade_width = max(len(a.evidence or "-") for a in rec.modalities)
    header = Text(f"{'#':>2}  {'Modality':<{name_width}}  {'Status':<{mark_width}}  {'Evidence':<{grade_width}}  CPT")
    console.print(header, style="bold", soft_wrap=True)
    notes = [_row_notes(rec, a, explain, common_reasons, common_adjustments, several) for a in rec.modalities]
    if not explain:
        notes = _causes_said_once(rec.modalities, notes)
    for i, (a, row_notes) in enumerate(zip(rec.modalities, notes, strict=True), start=1):
        mark, style = _mark(a)
        name, *rest_of_name = textwrap.wrap(a.modality.name, name_width) or [""]
        line = Text(f"{i:>2}  ")
        line.append(f"{name:<{name_width}}", style="bold" if a.status != "avoid" else "")
        line.append("  ")
        line.append(f"{mark:<{mark_width}}", style=style)
        line.append(f"  {(a.evidence or '-'):<{grade_width}}  {', '.join(a.modality.cpt) or '-'}")
        _say(console, line, ROW_INDENT)
        for part in rest_of_name:
            console.print(Text(ROW_INDENT + part, style="bold" if a.status != "avoid" else ""), soft_wrap=True)
        for text, text_style in row_notes:
            _say(console, Text(ROW_INDENT + text, style=text_style), ROW_INDENT)


Notes = list[tuple[str, str]]  # (text, style) lines under a row


def _causes_said_once(advice: Sequence[ModalityAdvice], notes: list[Notes]) -> list[Notes]:
    """Rows left out for one and the same cause (a rash on the treated area rules out every
    modality) say it once, under the last of them, numbered ("1-6: ruled out by ...")."""
    rows_with: dict[tuple[tuple[str, str], ...], list[int]] = {}
    for i, (a, row_notes) in enumerate(zip(advice, notes, strict=True), start=1):
        if a.status == "avoid" and row_notes:
            rows_with.setdefault(tuple(row_notes), []).append(i)
    out: list[Notes] = []
    for i, row_notes in enumerate(notes, start=1):
        rows = rows_with.get(tuple(row_notes), [])
        if len(rows) < 2:
            out.append(row_notes)
        elif rows[-1] != i:
            out.append([])
        else:
            consecutive = rows == list(range(rows[0], rows[-1] + 1))
            which = f"{rows[0]}-{rows[-1]}" if consecutive else ", ".join(map(str, rows))
            (first, style), *rest = row_notes
            out.append([(f"{which}: {first}", style), *rest])
    return out


# A modality name longer than this pushes its row's later columns right rather than every row's.
NAME_WIDTH = 28


def _row_notes(
    rec: Recommendation,
    a: ModalityAdvice,
    explain: bool,
    common_reasons: list[str],
    common_adjustments: list[str],
    several: bool,
) -> Notes:
    """The lines under a modality's row: why it helps (or what rules it out) and what to change."""
    if explain:
        notes = [(reason, "") for reason in a.reasons]
        return notes + [(f"> {adj}", "yellow") for adj in a.adjustments]
    if a.status == "avoid":
        if a.declined:
            return [(a.reasons[0] if a.reasons else "not wanted by the client", "dim")]
        if a.ruled_out_by:
            return [("ruled out by " + ", ".join(a.ruled_out_by), "red")]
        reason = a.reasons[0] if a.reasons else ""
        for _, complaint in rec.complaints or [(rec.query, rec.match)]:
            # "Not for <the condition above>: ..." says the condition twice: its reason is enough
            said = f"Not for {complaint.condition.name.lower()}: " if complaint else ""
            if said and reason.startswith(said) and len(rec.complaints) < 2:
                reason = reason[len(said) :]
        return [(reason, "red")]
    notes = [(a.reasons[0], "")] if a.reasons else []
    notes += [(r, "dim") for r in a.reasons[1:] if r not in common_reasons and not _limits_said(r)]
    notes += [
        (f"> {adj}", "yellow") for adj in a.adjustments if adj not in common_adjustments and not _limits_said(adj)
    ]
    if several and a.complaints:
        names = {c.condition.id: c.condition.name for _, c in rec.complaints if c is not None}
        notes.append(("serves: " + ", ".join(names.get(cid, cid) for cid in a.complaints), "cyan"))
    return notes


def write_listing(rows: Iterable[dict[str, Any]], out: TextOut, columns: Columns, title: str, color: bool) -> None:
    console = _console(out, color)
    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name, header in columns:
        table.add_column(header, overflow="fold", no_wrap=name in ("id", "kind", "pressure", "cpt"))
    for row in rows:
        table.add_row(*(_text(row.get(name)) for name, _ in columns))
    console.print(table)


def write_detail(kind: str, data: dict[str, Any], out: TextOut, color: bool) -> None:
    console = _console(out, color)
    table = Table(title=f"{kind}: {data.get('name', data.get('id'))}", box=box.SIMPLE, show_header=False)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for key, value in data.items():
        table.add_row(key, _text(value))
    console.print(table)


def _text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return (
            "\n".join(_text(v) for v in value)
            if any(isinstance(v, dict) for v in value)
            else ", ".join(str(v) for v in value)
        )
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items() if v not in (None, [], ""))
    return str(value)
