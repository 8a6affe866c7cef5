"""`recommend`: symptoms in, recommendations out, one at a time or streamed from stdin."""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from typing import Any

import click

from ..cli import ExitCode, SafePath, Settings, stdout, warn

BATCH_MEMO = 4096  # distinct (symptom, health) answers kept while a batch streams: bounded memory


def _symptom_records(symptoms: tuple[str, ...]) -> Iterator[Any]:
    from ..batch import Record, read_records

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
@click.pass_obj
def recommend(
    settings: Settings,
    symptoms: tuple[str, ...],
    health: tuple[str, ...],
    profile: str | None,
    top: int | None,
    explain: bool,
) -> None:
    """Recommend modalities for each symptom, limited by the client's health.

    \b
    Examples:
      massage-match recommend --symptom "lower back pain"
      massage-match recommend -s "stiff neck" -H "pregnant, on warfarin" --explain
      printf 'A17\\tneck pain\\tfever\\n' | massage-match --format jsonl recommend

    With no --symptom and piped input (or with --symptom -), reads one symptom per line from stdin:
    `symptom`, or `ID<TAB>symptom[<TAB>health;health...]`. Exit code 1 when any symptom matched
    no condition.
    """
    for s in symptoms:
        if s != "-" and not s.strip():
            raise click.UsageError("--symptom must not be empty")
    if not symptoms:
        if sys.stdin is None or sys.stdin.isatty():
            raise click.UsageError("give --symptom TEXT, or pipe one symptom per line on stdin")
        symptoms = ("-",)
    preferences = None
    if profile is not None:
        from pathlib import Path

        from ..model import Preferences
        from ..profile import load_profile

        client = load_profile(Path(profile))
        health = health + client.health
        preferences = Preferences(client.pressure, client.avoid_areas)
    for h in health:
        if not h.strip():
            raise click.UsageError("--health must not be empty")

    from ..output import write_recommendations
    from ..results import Recommendation

    engine = settings.engine()
    state = {"unmatched": 0}
    reported: set[str] = set()
    # Intake exports repeat themselves ("neck pain" a thousand times): answer each distinct line once.
    answer = functools.lru_cache(maxsize=BATCH_MEMO)(
        lambda symptom, terms: engine.recommend(symptom, terms, top=top, preferences=preferences)
    )

    def results() -> Iterator[Recommendation]:
        for record in _symptom_records(symptoms):
            if record.problem:
                warn(record.problem)
                state["unmatched"] += 1
                yield Recommendation(record.symptom, None, (), None, (), (), record_id=record.record_id)
                continue
            rec = answer(record.symptom, health + record.health)
            if record.record_id is not None:
                rec = rec._replace(record_id=record.record_id)
            _report(rec, record.line, len(symptoms) > 1 or symptoms == ("-",), reported)
            if rec.match is None:
                state["unmatched"] += 1
            yield rec

    write_recommendations(results(), settings.fmt, stdout(), explain, settings.color)
    if state["unmatched"]:
        sys.exit(ExitCode.NO_MATCH)


def _report(rec: Any, line: int, numbered: bool, reported: set[str]) -> None:
    where = f"line {line}: " if numbered else ""
    if rec.match is None:
        hint = ""
        if rec.alternatives:
            hint = "; did you mean " + ", ".join(repr(a.condition.name) for a in rec.alternatives) + "?"
        warn(f"{where}no condition matched {rec.query!r}{hint}")
    for h in rec.health:
        if h.contraindication is not None or h.query in reported:
            continue
        reported.add(h.query)  # once per batch: the same term on every line says nothing new
        if h.negated:
            warn(f"health term {h.query!r} only denies things: nothing was limited for it")
        else:
            warn(f"health term {h.query!r} not understood: nothing was limited for it; ask the client")
