"""What the client-record commands share: the database they open, dates, cleaned option text, the
pressure and pain ranges, whether someone is at the terminal, and owner-only files."""

from __future__ import annotations

import sys
from datetime import date as Date
from pathlib import Path

import click

from massage_match.cli.settings import Settings
from massage_match.cli.streams import warn
from massage_match.output import FORMATS
from massage_match.records.store import Store

PAIN = click.IntRange(0, 10)
AGE = click.IntRange(0, 130)
# The group's --format also works after these commands ("progress Ann --format json"), as people type it.
FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(list(FORMATS)), default=None, help="Output format (as the group's --format)."
)
MACHINE_FORMATS = ("json", "jsonl")


def open_store(settings: Settings, *, create: bool = False) -> Store:
    from massage_match.records.location import db_path

    return Store(db_path(settings.db), create=create)


def today() -> str:
    return Date.today().isoformat()


def parse_day(value: str | None, what: str = "--date") -> str:
    """A YYYY-MM-DD date, not in the future (a visit not yet given cannot be recorded)."""
    if value is None:
        return today()
    try:
        day = Date.fromisoformat(value.strip())
    except ValueError:
        raise click.UsageError(f"{what} must be a date like 2026-03-14, not {value!r}") from None
    if day > Date.today():
        raise click.UsageError(f"{what} {value} is in the future")
    return day.isoformat()


def clean_text_option(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    if not value.strip():
        raise click.UsageError(f"{option} must not be empty")
    from massage_match.client.profile import clean_text

    return clean_text(value.strip())


def pressure_option(value: str | None) -> int | None:
    if value is None:
        return None
    from massage_match.model.pressure import parse_pressure, pressure_choices

    level = parse_pressure(value)
    if level is None:
        raise click.UsageError(f"--pressure must be {pressure_choices()}, not {value!r}")
    return level


def interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def write_owner_only(path: Path, data: bytes) -> None:
    from massage_match.files import write_private_atomically

    write_private_atomically(path, data, overwrite=True)
    warn(f"wrote {path}")
