"""Managing knowledge bases and clients: `validate`, `export`, `intake`."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from massage_match.cli.app import ExitCode, SafePath, Settings, warn


@click.command()
@click.pass_obj
def validate(settings: Settings) -> None:
    """Check a knowledge base; every problem is reported as file:line: message (exit 3).

    \b
    Examples:
      massage-match validate
      massage-match --data-dir ./my-kb validate
    """
    from massage_match.kb.loader import load_knowledge_base

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


@click.command()
@click.argument("directory", type=SafePath(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
@click.pass_obj
def export(settings: Settings, directory: Path, force: bool) -> None:
    """Write the knowledge base in use (by default the embedded one) to DIRECTORY for editing.

    \b
    Example:
      massage-match export my-kb && massage-match --data-dir my-kb validate
    """
    from massage_match.kb.sources import FILES, embedded_data_dir

    source = Path(settings.data_dir or embedded_data_dir())
    settings.kb()  # refuse to copy a knowledge base that does not load
    targets = [directory / name for name in FILES]
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        files = "files already exist" if len(existing) > 1 else "a file already exists"
        raise click.UsageError(f"{files} ({', '.join(existing)}); use --force to overwrite")
    directory.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(source / name, directory / name)
    click.echo(f"wrote {', '.join(str(t) for t in targets)}", err=True)


@click.command()
@click.argument("file", required=False, type=SafePath(dir_okay=False, path_type=Path))
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

    from massage_match.client.intake import run_intake
    from massage_match.client.profile import dump_profile, write_profile_atomically

    if file is not None and file.exists() and not force:
        raise click.UsageError(f"{file} already exists; use --force to overwrite")
    if file is not None and not (file.parent if str(file.parent) else Path(".")).is_dir():
        raise click.UsageError(f"folder {file.parent} does not exist: nothing would be saved")
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
