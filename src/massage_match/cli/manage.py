"""Managing knowledge bases and clients: `validate`, `export`, `intake`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from massage_match.cli.settings import SafePath, Settings, stdout
from massage_match.cli.streams import warn
from massage_match.errors import MassageMatchError


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
    summary = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items())
    settings.format.report({"valid": True, "source": kb.source, **counts}, f"valid: {kb.source}: {summary}", stdout())


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
    from massage_match.kb.export import export_knowledge_base

    settings.kb()  # refuse to copy a knowledge base that does not load
    written = export_knowledge_base(settings.data_dir, directory, force)
    warn(f"wrote {', '.join(written)}")


@click.command()
@click.argument("file", required=False, type=SafePath(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.pass_obj
def intake(settings: Settings, file: Path | None, force: bool) -> None:
    """Ask the intake questions and save the answers as a client profile (YAML).

    The client's complaint, pain (0-10) and goals, then one plain-words question per body system
    (a follow-up only after a yes), medicines, pressure preference, areas to avoid, physician and
    consent. The profile keeps what the screening reads: health, pressure and areas. Without FILE
    it is printed. The file is written atomically, never half-written, and an existing one is kept
    unless --force is given.

    \b
    Examples:
      massage-match intake client.yaml
      massage-match recommend -s "neck pain" --profile client.yaml
    """
    from datetime import date

    from rich.console import Console
    from rich.prompt import Confirm, Prompt
    from rich.text import Text

    from massage_match.client.intake import profile_of, run_intake
    from massage_match.client.profile import check_profile_target, dump_profile, save_profile

    class Question(Prompt):
        prompt_suffix = " "  # the questions end in their own "?" or "."

    if file is not None:  # refused before a single question: the answers would have nowhere to go
        check_profile_target(file, force)
    kb = settings.kb()
    plain: dict[str, Any] = {} if settings.color else {"color_system": None}
    console = Console(stderr=True, highlight=False, **plain)
    try:
        answers = run_intake(
            kb,
            # As Text, never markup: a "[/]" in an answer repeated back, or in a knowledge base's
            # own contraindication name, would stop the questionnaire with a traceback.
            ask=lambda q: Question.ask(Text(q), default="", show_default=False, console=console).strip(),
            confirm=lambda q: Confirm.ask(Text(q), default=False, console=console),
            say=lambda text: console.print(Text(text, style="bold")),
            today=date.today().isoformat(),
        )
    except EOFError:
        raise MassageMatchError("input ended before the questionnaire was finished; nothing was written") from None
    except RuntimeError as exc:  # input() with a closed stdin, stdout or stderr ("lost sys.stdin")
        raise MassageMatchError(f"the questions cannot be asked ({exc}); nothing was written") from None
    except UnicodeDecodeError:  # an answer the terminal's declared encoding cannot read (PYTHONIOENCODING)
        raise MassageMatchError(
            "an answer is not text in the terminal's encoding (set a UTF-8 locale); nothing was written"
        ) from None
    profile = profile_of(answers)
    if file is None:
        stdout().write(dump_profile(profile))
        return
    save_profile(profile, file, force)
    warn(f"wrote {file}")
