"""The command line: parse, pick a format, choose the exit code. Nothing here knows massage."""

from __future__ import annotations

import functools
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn, TextIO

import click

from . import __version__
from .errors import ExitCode, KnowledgeBaseError, MassageMatchError
from .output import FORMATS

DEBUG_ENV = "MASSAGE_MATCH_DEBUG"  # set to 1 to see tracebacks (for developers)
BATCH_MEMO = 4096  # distinct (symptom, health) answers kept while a batch streams: bounded memory


class Settings:
    """What the group options decided, and the engine, loaded on first use."""

    def __init__(self, data_dir: Path | None, fmt: str, color: bool):
        self.data_dir = data_dir
        self.fmt = fmt
        self.color = color
        self._engine: Any = None

    def engine(self) -> Any:
        if self._engine is None:
            from .engine import load_engine

            self._engine = load_engine(self.data_dir)
        return self._engine

    def kb(self) -> Any:
        return self.engine().kb


def warn(message: str) -> None:
    click.echo(f"massage-match: {message}", err=True)


def _quiet_broken_pipe() -> None:
    # The reader went away (`| head -1`): point stdout at /dev/null so the interpreter's final
    # flush cannot raise again, and end quietly.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


class MassageMatchGroup(click.Group):
    """Turns every expected failure into one message and a documented exit code, in one place."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KnowledgeBaseError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            ctx.exit(ExitCode.KNOWLEDGE_BASE)
        except (KeyboardInterrupt, click.exceptions.Abort):
            if os.environ.get(DEBUG_ENV):
                raise
            click.echo("massage-match: interrupted", err=True)
            ctx.exit(ExitCode.INTERRUPTED)
        except BrokenPipeError:
            _quiet_broken_pipe()
            ctx.exit(ExitCode.OK)
        except MassageMatchError as exc:
            warn(str(exc))
            ctx.exit(ExitCode.USAGE)


def _default_format() -> str:
    return "table" if sys.stdout.isatty() else "tsv"


@click.group(cls=MassageMatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="massage-match")
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="MASSAGE_MATCH_DATA",
    help="Use the three YAML files in DIR instead of the embedded knowledge base (env: MASSAGE_MATCH_DATA).",
    metavar="DIR",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="Output format. Default: table on a terminal, tsv otherwise.",
)
@click.option("--no-color", is_flag=True, help="No ANSI colour (NO_COLOR in the environment does the same).")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, fmt: str | None, no_color: bool) -> None:
    """Turn a client's symptoms into safe, ranked massage-therapy recommendations.

    \b
    Examples:
      massage-match recommend --symptom "lower back pain" --health "on warfarin"
      cut -f2 intake.tsv | massage-match --format jsonl recommend
      massage-match contraindications --health "takes Eliquis"
      massage-match show "frozen shoulder"

    Decision support for trained therapists, not a diagnosis.
    """
    color = not no_color and not os.environ.get("NO_COLOR")
    ctx.obj = Settings(data_dir=data_dir, fmt=fmt or _default_format(), color=color)


def _stdout() -> TextIO:
    return sys.stdout


# --------------------------------------------------------------------------------------------- recommend


def _symptom_records(symptoms: tuple[str, ...]) -> Iterator[Any]:
    from .batch import Record, read_records

    for position, symptom in enumerate(symptoms, start=1):
        if symptom == "-":
            yield from read_records(sys.stdin.buffer)
            continue
        yield Record(position, symptom, ())


@cli.command()
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
    type=click.Path(dir_okay=False, path_type=Path),
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
    profile: Path | None,
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
        from .model import Preferences
        from .profile import load_profile

        client = load_profile(profile)
        health = health + client.health
        preferences = Preferences(client.pressure, client.avoid_areas)
    for h in health:
        if not h.strip():
            raise click.UsageError("--health must not be empty")

    from .output import write_recommendations
    from .results import Recommendation

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

    write_recommendations(results(), settings.fmt, _stdout(), explain, settings.color)
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
        if h.contraindication is None and not h.negated and h.query not in reported:
            reported.add(h.query)
            warn(f"health term {h.query!r} not understood: nothing was limited for it; ask the client")


# ------------------------------------------------------------------------------------------- listings


@cli.command()
@click.pass_obj
def conditions(settings: Settings) -> None:
    """List every condition: id, name, ICD-10-CM codes, modalities.

    \b
    Example:
      massage-match --format csv conditions > conditions.csv
    """
    from .output import write_listing

    rows = [c.to_dict() for c in settings.kb().conditions]
    columns = [("id", "ID"), ("name", "Name"), ("icd10", "ICD-10-CM"), ("modalities", "Modalities")]
    if settings.fmt != "table":
        columns.insert(3, ("aliases", "Aliases"))
    write_listing(rows, settings.fmt, _stdout(), columns, "Conditions", settings.color)


@cli.command()
@click.pass_obj
def modalities(settings: Settings) -> None:
    """List every modality: id, name, CPT codes, usual pressure (1-5), contraindications.

    \b
    Example:
      massage-match --format json modalities | jq '.[] | select(.pressure <= 2) | .name'
    """
    from .output import write_listing

    kb = settings.kb()
    rows = [kb.modality_dict(m) for m in kb.modalities]
    columns = [("id", "ID"), ("name", "Name"), ("cpt", "CPT"), ("pressure", "Pressure")]
    if settings.fmt == "table":
        for row in rows:
            row["limited_by"] = len(row["contraindications"])
        columns.append(("limited_by", "Contraindications"))
    else:
        columns.append(("contraindications", "Contraindications"))
    write_listing(
        rows,
        settings.fmt,
        _stdout(),
        columns,
        "Modalities (pressure: 1 lightest .. 5 deepest)",
        settings.color,
    )


@cli.command()
@click.option("--modality", metavar="NAME", help="Only those concerning this modality (fuzzy name).")
@click.option("--health", metavar="TEXT", help="Only what this health term limits (free text).")
@click.option("--kind", type=click.Choice(["absolute", "local", "relative"]), help="Only this kind.")
@click.pass_obj
def contraindications(settings: Settings, modality: str | None, health: str | None, kind: str | None) -> None:
    """List contraindications: kind, the modalities they concern, guidance.

    \b
    Examples:
      massage-match contraindications --health "takes Eliquis"
      massage-match contraindications --modality "deep tissue" --kind absolute
    """
    from .output import write_listing

    kb = settings.kb()
    selected = list(kb.contraindications)
    matcher = settings.engine().matcher
    if modality is not None:
        modality_id = _find(matcher.modalities, matcher, modality, "modality")
        selected = [c for c in selected if c.concerns(modality_id)]
    if health is not None:
        found = [f.contraindication for f in matcher.health(health) if f.contraindication]
        if not found:
            warn(f"health term {health!r} not understood: no contraindication matches it")
        selected = [c for c in selected if c in found]
    if kind is not None:
        selected = [c for c in selected if c.kind == kind]
    rows = [c.to_dict() for c in selected]
    if settings.fmt == "table":
        for row, c in zip(rows, selected, strict=True):
            row["limits"] = _limits_summary(c)
        columns = [("id", "ID"), ("kind", "Kind"), ("limits", "What it limits"), ("guidance", "Guidance")]
    else:
        columns = [
            ("id", "id"),
            ("name", "name"),
            ("kind", "kind"),
            ("modalities", "modalities"),
            ("avoid", "avoid"),
            ("guidance", "guidance"),
        ]
    write_listing(rows, settings.fmt, _stdout(), columns, "Contraindications", settings.color)
    if health is not None and not selected:
        sys.exit(ExitCode.NO_MATCH)


def _limits_summary(c: Any) -> str:
    parts = ["no massage at all" if c.kind == "absolute" else ""]
    if c.avoid:
        parts.append("avoid: " + ", ".join(sorted(c.avoid)))
    a = c.adjustments
    if a.pressure_max is not None:
        parts.append(f"pressure <= {a.pressure_max}")
    if a.avoid_sites:
        parts.append("sites: " + "; ".join(a.avoid_sites))
    if a.position:
        parts.append(f"position: {a.position}")
    if a.session_max_minutes:
        parts.append(f"<= {a.session_max_minutes} min")
    return "\n".join(p for p in parts if p) or "see guidance"


def _find(index: Any, matcher: Any, name: str, what: str) -> str:
    tokens, corrected = matcher.tokens(name)
    ranked = index.rank(tokens, corrected)
    if not ranked or ranked[0].score < 60:
        raise click.BadParameter(f"no {what} matches {name!r}")
    return str(ranked[0].id)


@cli.command()
@click.argument("name")
@click.pass_obj
def show(settings: Settings, name: str) -> None:
    """Show one condition, modality or contraindication in full (fuzzy name accepted).

    \b
    Examples:
      massage-match show sciatica
      massage-match show "manual lymph drainage"
      massage-match --format json show warfarin
    """
    from .details import find_entry
    from .output import write_detail

    kb = settings.kb()
    found = find_entry(kb, settings.engine().matcher, name)
    if found is None:
        warn(f"nothing in the knowledge base matches {name!r}; try `massage-match conditions`")
        sys.exit(ExitCode.NO_MATCH)
    kind, data = found
    write_detail(kind, data, settings.fmt, _stdout(), settings.color)


@cli.command()
@click.pass_obj
def validate(settings: Settings) -> None:
    """Check a knowledge base; every problem is reported as file:line: message (exit 3).

    \b
    Examples:
      massage-match validate
      massage-match --data-dir ./my-kb validate
    """
    from .kb import load_knowledge_base

    kb = load_knowledge_base(settings.data_dir)  # always read and checked in full, never from the cache
    counts = {
        "conditions": len(kb.conditions),
        "modalities": len(kb.modalities),
        "contraindications": len(kb.contraindications),
        "red_flags": len(kb.red_flags),
    }
    if settings.fmt in ("json", "jsonl"):
        import json

        click.echo(json.dumps({"valid": True, "source": kb.source, **counts}))
    else:
        summary = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items())
        click.echo(f"valid: {kb.source}: {summary}")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.pass_obj
def export(settings: Settings, directory: Path, force: bool) -> None:
    """Write the knowledge base in use (by default the embedded one) to DIRECTORY for editing.

    \b
    Example:
      massage-match export my-kb && massage-match --data-dir my-kb validate
    """
    from .sources import FILES, embedded_data_dir

    source = settings.data_dir or embedded_data_dir()
    settings.kb()  # refuse to copy a knowledge base that does not load
    targets = [directory / name for name in FILES]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise click.UsageError(f"{', '.join(existing)} already exist(s); use --force to overwrite")
    directory.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(source / name, directory / name)
    click.echo(f"wrote {', '.join(str(t) for t in targets)}", err=True)


@cli.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.pass_obj
def intake(settings: Settings, file: Path | None, force: bool) -> None:
    """Ask the intake questions and save the answers as a client profile (YAML).

    Every contraindication in the knowledge base is asked about, then medicines, pressure
    preference and areas to avoid. Without FILE the profile is printed. The file is written
    atomically, never half-written, and an existing one is kept unless --force is given.

    \b
    Examples:
      massage-match intake client.yaml
      massage-match recommend -s "neck pain" --profile client.yaml
    """
    from rich.console import Console
    from rich.prompt import Confirm, Prompt

    from .intake import run_intake
    from .profile import dump_profile, write_profile_atomically

    if file is not None and file.exists() and not force:
        raise click.UsageError(f"{file} already exists; use --force to overwrite")
    kb = settings.kb()
    console = Console(stderr=True, highlight=False, **({} if settings.color else {"color_system": None}))
    try:
        profile = run_intake(
            kb,
            ask=lambda q: Prompt.ask(q, default="", show_default=False, console=console).strip(),
            confirm=lambda q: Confirm.ask(q, default=False, console=console),
            say=lambda text: console.print(text, style="bold"),
        )
    except EOFError:
        warn("input ended before the questionnaire was finished; nothing was written")
        sys.exit(ExitCode.USAGE)
    if file is None:
        sys.stdout.write(dump_profile(profile))
        return
    write_profile_atomically(profile, file, force)
    warn(f"wrote {file}")


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point."""
    try:
        cli.main(args=argv, prog_name="massage-match")
    except BrokenPipeError:  # raised while Click itself flushes
        _quiet_broken_pipe()
        sys.exit(ExitCode.OK)
    except KeyboardInterrupt:
        click.echo("massage-match: interrupted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    sys.exit(ExitCode.OK)  # pragma: no cover - cli.main always exits
