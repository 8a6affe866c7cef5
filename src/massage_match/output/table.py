"""Rich tables for people: readable at 80 columns, status in words as well as colour."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from typing import IO, Any, cast

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from massage_match.model import Condition, Recommendation
from massage_match.output import Columns, Listing, TextOut

DISCLAIMER = "Decision support for trained massage therapists, not a diagnosis. When in doubt, refer to a physician."
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


class TableFormat:
    """Rich tables for a person: only the summary columns of a listing."""

    def recommendations(self, out: TextOut, explain: bool, color: bool) -> _RecommendationTables:
        return _RecommendationTables(out, explain, color)

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


def _one(console: Console, rec: Recommendation, explain: bool) -> None:
    for h in rec.health:  # what was not assessed is said before anything that looks like an all-clear
        if not h.assessed:
            line = f"NOT ASSESSED: health term {h.query!r} was not understood; ask before the session"
            console.print(Text(line, style="bold yellow"))
    if rec.referral:  # before anything else: this is what the therapist must act on
        r = rec.referral
        console.print(Text(f"REFERRAL: {URGENCY_ACTION[r.urgency]}", style=URGENCY_STYLE[r.urgency]))
        for reason in r.reasons:
            console.print(Text(f"  - {reason}"))
    head = Text()
    if rec.record_id is not None:
        head.append(f"[{rec.record_id}] ", style="dim")
    head.append(repr(rec.query), style="bold")
    if rec.match:
        c = rec.match.condition
        head.append(" -> ")
        head.append(c.name, style="bold cyan")
        head.append(f"  {_codes(c)}  (match {rec.match.score:g}, {rec.match.confidence})", style="dim")
    else:
        head.append(" -> no condition matched", style="bold yellow")
    console.print(head)
    for concept in rec.outside_massage:
        console.print(Text(f"Outside massage: {concept.name}. {concept.outside_massage}", style="yellow"))
    for words, complaint in rec.complaints[1:]:
        if complaint is not None:
            c = complaint.condition
            console.print(Text(f"Also a complaint: {words!r} -> {c.name}  {_codes(c)}", style="cyan"))
    if rec.match and rec.match.confidence == "low" and rec.alternatives:
        # A weak match is one reading among several: the others are named as plainly.
        names = ", ".join(f"{a.condition.name} ({a.score:g})" for a in rec.alternatives)
        console.print(Text(f"Low confidence: confirm with the client; it may instead be {names}", style="yellow"))
    elif not rec.match and rec.alternatives:
        names = ", ".join(f"{a.condition.name} ({a.score:g})" for a in rec.alternatives)
        console.print(Text(f"Did you mean: {names}?", style="yellow"))
    elif rec.alternatives:
        names = ", ".join(a.condition.name for a in rec.alternatives)
        console.print(Text(f"Also possible: {names}", style="dim"))
    for h in rec.health:
        limit = h.contraindication
        if limit is not None and h.history:
            console.print(Text(f"Health: {h.query!r} -> past {limit.name}: confirm it has resolved"))
        elif limit is not None:
            console.print(Text(f"Health: {h.query!r} -> {limit.name} ({limit.kind})"))
        elif h.negated:
            console.print(Text(f"Health: {h.query!r} -> denied; nothing limited", style="dim"))
        elif h.facts:
            stated = ", ".join(f"{name.replace('_', ' ')} {value:g}" for name, value in h.facts)
            console.print(Text(f"Health: {h.query!r} -> noted: {stated}", style="dim"))
    if rec.modalities:
        _modality_table(console, rec, explain)
    if rec.plan and not (rec.referral and rec.referral.urgency in ("emergency", "urgent")):
        p = rec.plan
        visits = f"{p.visits[0]}-{p.visits[1]} visits"
        console.print(Text(f"Plan: {p.session_minutes}-minute sessions, {p.frequency}, {visits}."))
        for item in p.home_care:
            console.print(Text(f"  home care: {item}", style="dim"))
    if rec.match and rec.match.condition.note:
        console.print(Text(f"Note: {rec.match.condition.note}", style="yellow"))
    if explain:
        console.print(Text("Why:", style="bold"))
        for step in rec.explanation:
            console.print(Text(f"  {step}"))
    console.print(Text(DISCLAIMER, style="dim italic"))
    console.print()


def _shared(lists: list[tuple[str, ...]]) -> list[str]:
    """Items every list has: said once above the table instead of on every row."""
    if len(lists) < 2:
        return []
    return [item for item in lists[0] if all(item in other for other in lists[1:])]


def _modality_table(console: Console, rec: Recommendation, explain: bool) -> None:
    usable = [a for a in rec.modalities if a.status != "avoid"]
    common_adjustments = _shared([a.adjustments for a in usable])
    common_reasons = [r for r in _shared([a.reasons[1:] for a in usable]) if not r.startswith("evidence:")]
    for item in common_reasons:
        console.print(Text(item[0].upper() + item[1:], style="yellow"))
    if common_adjustments:
        console.print(Text("For every modality below:", style="bold yellow"))
        for adj in common_adjustments:
            console.print(Text(f"  > {adj}", style="yellow"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Modality", ratio=2, overflow="fold")
    table.add_column("Status", no_wrap=True)
    table.add_column("CPT", no_wrap=True)
    table.add_column("Why / adjust", ratio=4, overflow="fold")
    for i, a in enumerate(rec.modalities, start=1):
        notes = Text(a.reasons[0] if a.reasons else "")
        if explain:
            extra = list(a.reasons[1:])
        elif a.status == "caution":
            extra = [r for r in a.reasons[1:] if r not in common_reasons and not r.startswith("evidence:")]
        else:
            extra = []
        for item in extra:
            notes.append(f"\n{item}", style="dim")
        if a.status != "avoid" or explain:
            for adj in a.adjustments:
                if adj not in common_adjustments:
                    notes.append(f"\n> {adj}", style="yellow")
        table.add_row(
            str(i),
            a.modality.name,
            Text(STATUS_MARK[a.status], style=STATUS_STYLE[a.status]),
            ", ".join(a.modality.cpt) or "-",
            notes,
        )
    console.print(table)


def write_listing(rows: Iterable[dict[str, Any]], out: TextOut, columns: Columns, title: str, color: bool) -> None:
    console = _console(out, color)
    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for name, header in columns:
        table.add_column(header, overflow="fold", no_wrap=name in ("id", "kind", "pressure"))
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
