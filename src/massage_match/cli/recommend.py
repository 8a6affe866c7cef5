"""`recommend`: symptoms in, recommendations out, one at a time or streamed from stdin."""

from __future__ import annotations

import functools
import os
import stat
import sys
from collections.abc import Iterator
from typing import Any

import click

from massage_match.cli.settings import SafePath, Settings, stdout
from massage_match.cli.streams import warn
from massage_match.errors import ExitCode, WorkerFailed

BATCH_MEMO = 4096  # distinct (symptom, health) answers kept while a batch streams: bounded memory
MAX_JOBS = 64  # a typo such as -j 1000 must not fork a thousand processes


def _symptom_records(symptoms: tuple[str, ...]) -> Iterator[Any]:
    from massage_match.batch.records import Record, read_records

    for position, symptom in enumerate(symptoms, start=1):
        if symptom == "-":
            yield from read_records(sys.stdin.buffer)
            continue
        yield Record(position, symptom, ())


@click.command()
@click.option(
    "--symptom",
    "-s",
    "symptoms",
    multiple=True,
    metavar="TEXT",
    help="A symptom in the client's words (repeatable; '-' reads one per line from stdin).",
)
@click.option(
    "--health",
    "-H",
    "health",
    multiple=True,
    metavar="TEXT",
    help="A health term: condition, medicine, situation (repeatable; free text).",
)
@click.option(
    "--profile",
    type=SafePath(dir_okay=False),
    metavar="FILE",
    help="A client profile (YAML) whose health terms are added to --health.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    metavar="N",
    help="Show at most N usable modalities (modalities to avoid are always shown).",
)
@click.option("--explain", is_flag=True, help="Show the chain behind every decision.")
@click.option(
    "--summary",
    is_flag=True,
    help="One row per record (condition, referral and reasons, health, modalities by status, plan) "
    "instead of one per modality.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, MAX_JOBS),
    metavar="N",
    help=f"Processes (1 to {MAX_JOBS}) answering a batch of more than 200 records. Default: one per core, up to 8, "
    "when stdin is a file; 1 otherwise (a pipe may be interactive: blocks would hold output back).",
)
@click.pass_obj
def recommend(
    settings: Settings,
    symptoms: tuple[str, ...],
    health: tuple[str, ...],
    profile: str | None,
    top: int | None,
    explain: bool,
    summary: bool,
    jobs: int | None,
) -> ExitCode:
    """Recommend modalities for each symptom, limited by the client's health.

    \b
    Examples:
      massage-match recommend --symptom "lower back pain"
      massage-match recommend -s "stiff neck" -H "pregnant, on warfarin" --explain
      printf 'A17\\tneck pain\\tfever\\n' | massage-match --format jsonl recommend
      massage-match --format csv --bom recommend --summary < intake.tsv > day.csv

    With no --symptom and piped input (or with --symptom -), reads one symptom per line from stdin:
    `symptom`, or `ID<TAB>symptom[<TAB>health;health...]`. Exit code 1 when any symptom matched
    no condition.
    """
    if summary and explain:
        raise click.UsageError("--summary gives one row per record; --explain needs the full answer: use one")
    for s in symptoms:
        if s != "-" and not s.strip():
            raise click.UsageError("--symptom must not be empty")
    if not symptoms:
        if sys.stdin is None or sys.stdin.isatty():
            raise click.UsageError("give --symptom TEXT, or pipe one symptom per line on stdin")
        symptoms = ("-",)
    if "-" in symptoms and sys.stdin is None:  # started with stdin closed (`<&-`)
        raise click.UsageError("--symptom - reads stdin, which is closed")
    preferences = None
    if profile is not None:
        from pathlib import Path

        from massage_match.client.profile import load_profile
        from massage_match.model import Preferences

        client = load_profile(Path(profile))
        health = health + client.health
        preferences = Preferences(client.pressure, client.avoid_areas)
    for h in health:
        if not h.strip():
            raise click.UsageError("--health must not be empty")

    engine = settings.engine()
    numbered = len(symptoms) > 1 or symptoms == ("-",)
    # Intake exports repeat themselves ("neck pain" a thousand times): answer each distinct line once.
    answer = functools.lru_cache(maxsize=BATCH_MEMO)(
        lambda symptom, terms: engine.recommend(symptom, terms, top=top, preferences=preferences)
    )

    def recommendation(record: Any) -> Any:
        if record.problem:
            from massage_match.model import Recommendation

            return Recommendation(record.symptom, None, (), None, (), (), record_id=record.record_id)
        rec = answer(record.symptom, health + record.health)
        return rec if record.record_id is None else rec._replace(record_id=record.record_id)

    out = stdout()
    if summary:
        stream = settings.format.summaries(out, settings.color)
    else:
        stream = settings.format.recommendations(out, explain, settings.color)
    out.flush()

    def rendered(item: tuple[int, Any]) -> tuple[Any, Notes]:
        position, record = item
        rec = recommendation(record)
        return stream.render(rec, position), _notes(record, rec, numbered)

    tally = _Tally()
    # A pipe answered here may be someone typing or a live feed: each answer goes out at once.
    # A file, or blocks from workers, need not wait on anyone: written in larger pieces.
    from_file = _stdin_is_a_file()
    in_blocks = (jobs or 1) > 1 or from_file
    answers = _answers(rendered, enumerate(_symptom_records(symptoms), start=1), jobs, from_file)
    for count, (text, notes) in enumerate(answers, start=1):
        tally.report(notes)
        stream.write(text)
        if not in_blocks or count <= SERIAL_RECORDS or not count % FLUSH_EVERY:
            out.flush()
    stream.close()
    return ExitCode.NO_MATCH if tally.unmatched else ExitCode.OK


# A batch shorter than this is answered here, one record at a time (starting workers costs about as
# much as answering this many records). A longer one read from a file (all of it there to read, so
# no one waits on a block) goes to every core from its first record; from a pipe, this many are
# answered here first, one by one as they arrive.
SERIAL_RECORDS = 200
FLUSH_EVERY = 256
# What a record leaves to be said on stderr: (kind, text) with kind "unmatched" (a line of its own),
# or (kind, term, where) with kind "health" or "denied" (a health term, said once per batch however
# often it recurs, where it first came).
Notes = list[tuple[str, ...]]


def _answers(
    rendered: Any, items: Iterator[tuple[int, Any]], jobs: int | None, from_file: bool
) -> Iterator[tuple[str, Notes]]:
    from itertools import chain, islice

    head = list(islice(items, SERIAL_RECORDS)) if from_file else []
    if not from_file:  # a pipe may be interactive: each answer as soon as its line arrives
        for item in islice(items, SERIAL_RECORDS):
            yield rendered(item)
    following = next(items, None)
    if following is None:  # a short batch (or one symptom) never starts workers
        yield from map(rendered, head)
        return
    items = chain(head, (following,), items)
    workers = _workers(jobs, from_file)
    if workers > 1:
        from massage_match.batch.workers import ordered_map

        try:
            yield from ordered_map(rendered, items, workers)
        # A broken pipe here is a worker's (ours to stdout breaks where `recommend` writes): it has gone.
        except BrokenPipeError as exc:
            raise WorkerFailed(f"a worker process stopped unexpectedly ({exc}); run again with --jobs 1") from None
        except OSError as exc:  # fork or pipe refused (EAGAIN, ENOMEM, EMFILE): no worker to answer
            raise WorkerFailed(
                f"worker processes could not run ({exc.strerror or exc}); run again with --jobs 1"
            ) from None
    else:
        yield from map(rendered, items)


def _stdin_is_a_file() -> bool:
    try:
        return stat.S_ISREG(os.fstat(sys.stdin.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):
        return False


def _workers(jobs: int | None, from_file: bool) -> int:
    """How many processes answer the rest of a long batch: --jobs, else every core (at most
    MAX_AUTO_JOBS) when stdin is a regular file and processes can be forked."""
    from massage_match.batch import workers as parallel

    if jobs is None:
        jobs = min(parallel.available_cores(), MAX_AUTO_JOBS) if from_file else 1
    return jobs if jobs > 1 and parallel.can_fork() else 1


MAX_AUTO_JOBS = 8


def _notes(record: Any, rec: Any, numbered: bool) -> Notes:
    """What to say of a record on stderr, each message naming the record: its id (what joins it back
    to the intake sheet) and its line."""
    notes: Notes = []
    named = f"record {record.record_id}, " if record.record_id else ""
    if record.problem:
        return [("unmatched", named + record.problem)]
    where = f"{named}line {record.line}: " if numbered else ""
    if rec.match is None:
        hint = ""
        if rec.outside_massage:
            hint = f": outside massage ({', '.join(c.name.lower() for c in rec.outside_massage)})"
        elif rec.alternatives:
            hint = "; did you mean " + ", ".join(repr(a.condition.name) for a in rec.alternatives) + "?"
        notes.append(("unmatched", f"{where}no condition matched {rec.query!r}{hint}"))
    notes.extend(
        ("denied" if h.negated else "health", h.query, where)
        for h in rec.health
        if h.contraindication is None and not h.facts
    )
    return notes


class _Tally:
    """Says each record's notes on stderr (a health term once per batch) and counts the unmatched."""

    def __init__(self) -> None:
        self.unmatched = 0
        self.reported: set[str] = set()

    def report(self, notes: Notes) -> None:
        for kind, text, *where in notes:
            if kind == "unmatched":
                self.unmatched += 1
                warn(text)
            elif text not in self.reported:
                self.reported.add(text)  # once per batch (naming its first record): the rest say nothing new
                first = where[0] if where else ""
                if kind == "denied":
                    warn(f"{first}health term {text!r} only denies things: nothing was limited for it")
                else:
                    warn(f"{first}health term {text!r} not understood: nothing was limited for it; ask the client")
