"""The command line: parse, pick a format, choose the exit code. Nothing here knows massage."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any, NoReturn, TextIO

import click

from massage_match import __version__
from massage_match.errors import ExitCode, KnowledgeBaseError, MassageMatchError
from massage_match.output import FORMATS

DEBUG_ENV = "MASSAGE_MATCH_DEBUG"  # set to 1 to see tracebacks (for developers)
# Each subcommand lives in its own module, imported only when it runs (or for help): start-up pays
# for the command used, not for all of them.
COMMANDS = {
    "recommend": "recommend",
    "contraindications": "listings",
    "conditions": "listings",
    "modalities": "listings",
    "show": "listings",
    "validate": "manage",
    "export": "manage",
    "intake": "manage",
}


class Settings:
    """What the group options decided, and the engine, loaded on first use."""

    def __init__(self, data_dir: str | None, fmt: str, color: bool):
        self.data_dir = data_dir
        self.fmt = fmt
        self.color = color
        self._engine: Any = None

    def engine(self) -> Any:
        if self._engine is None:
            from massage_match.engine import load_engine

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
    """Loads subcommands on demand, and turns every expected failure into one message and a
    documented exit code, in one place."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command = getattr(importlib.import_module(f"massage_match.cli.{module}"), cmd_name.replace("-", "_"))
        return command if isinstance(command, click.Command) else None

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


class SafePath(click.Path):
    """A click.Path that refuses a NUL byte as a usage error (the OS would raise on it)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and "\0" in value:
            self.fail("a path cannot contain a NUL byte", param, ctx)
        return super().convert(value, param, ctx)


def _default_format() -> str:
    return "table" if sys.stdout.isatty() else "tsv"


@click.group(cls=MassageMatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="massage-match")
@click.option(
    "--data-dir",
    type=SafePath(file_okay=False),
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
def cli(ctx: click.Context, data_dir: str | None, fmt: str | None, no_color: bool) -> None:
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


def stdout() -> TextIO:
    return sys.stdout


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point."""
    code: object = ExitCode.OK
    try:
        cli.main(args=argv, prog_name="massage-match")
    except SystemExit as exc:
        code = exc.code
    except BrokenPipeError:  # raised while Click itself flushes
        _quiet_broken_pipe()
    except KeyboardInterrupt:
        click.echo("massage-match: interrupted", err=True)
        code = ExitCode.INTERRUPTED
    _leave(code)


def _leave(code: object) -> NoReturn:
    """End the process once its output is out and its exit tasks have run, without taking the
    interpreter apart object by object: that teardown frees nothing the operating system does not
    free at once, and costs a call about a tenth of its time."""
    import atexit

    if code is None:
        code = ExitCode.OK
    elif not isinstance(code, int):
        click.echo(str(code), err=True)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            _quiet_broken_pipe()
        except (OSError, ValueError, AttributeError):
            pass
    run_exit_tasks = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_tasks is None:  # an interpreter without it: the ordinary way out
        sys.exit(code)
    run_exit_tasks()
    os._exit(code)
