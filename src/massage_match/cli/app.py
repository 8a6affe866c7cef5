"""The command line: parse, pick a format, choose the exit code. Nothing here knows massage."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import click

from massage_match.cli.settings import SafePath, Settings, stdout
from massage_match.cli.streams import STDERR, Output, discard_stdout, flush_at_exit, say, warn
from massage_match.errors import ExitCode, KnowledgeBaseError, MassageMatchError, OutputFailed, WorkerFailed
from massage_match.output import FORMATS, SPREADSHEET_FORMATS
from massage_match.version import __version__

__all__ = ["ExitCode", "Output", "SafePath", "Settings", "cli", "main", "run", "stdout", "warn"]

DEBUG_ENV = "MASSAGE_MATCH_DEBUG"  # set to 1 to see tracebacks (for developers)
PROG_NAME = "massage-match"
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
    "client": "clients",
    "visit": "visits",
    "clearance": "visits",
    "note": "papers",
    "progress": "papers",
    "handout": "papers",
    "letter": "papers",
}


class _Carried(Exception):
    """Takes an exception past Click's own handling to `main`: Click turns Ctrl-C into a blank line
    and Abort, and a broken pipe into exit 1 with sys.stdout and sys.stderr replaced for good."""

    def __init__(self, error: BaseException):
        super().__init__(error)
        self.error = error


class MassageMatchGroup(click.Group):
    """Loads subcommands on demand."""

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
        except (KeyboardInterrupt, OSError) as error:
            raise _Carried(error) from None

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """As Click's, so that `cli` works wherever a Click command does (CliRunner, a script); in
        standalone mode it ends with the exit code `main` below decides."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        sys.exit(_run_group(self, args, prog_name or PROG_NAME, extra))


def _default_format() -> str:
    try:
        return "table" if sys.stdout.isatty() else "tsv"
    except (AttributeError, ValueError):  # stdout closed: nothing will be shown to anyone
        return "tsv"


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
    type=click.Choice(list(FORMATS)),
    default=None,
    help="Output format. Default: table on a terminal, tsv otherwise.",
)
@click.option("--no-color", is_flag=True, help="No ANSI colour (NO_COLOR in the environment does the same).")
@click.option(
    "--bom",
    is_flag=True,
    help="Start csv or tsv with a UTF-8 byte-order mark, so that Excel opens accents intact.",
)
@click.option(
    "--db",
    type=SafePath(dir_okay=False),
    envvar="MASSAGE_MATCH_DB",
    help="The client records database (env: MASSAGE_MATCH_DB). Default: clients.sqlite3 in your data folder.",
    metavar="FILE",
)
@click.pass_context
def cli(ctx: click.Context, data_dir: str | None, fmt: str | None, no_color: bool, bom: bool, db: str | None) -> None:
    """Turn a client's symptoms into safe, ranked massage-therapy recommendations.

    \b
    Examples:
      massage-match recommend --symptom "lower back pain" --health "on warfarin"
      cut -f2 intake.tsv | massage-match --format jsonl recommend
      massage-match contraindications --health "takes Eliquis"
      massage-match show "frozen shoulder"
      massage-match client add "Ann Lee" --age 54 --health "on warfarin"
      massage-match visit "Ann" -s "lower back pain" --pain-before 7 --done swedish-massage

    Decision support for trained therapists, not a diagnosis.
    """
    color = not no_color and not os.environ.get("NO_COLOR")
    chosen = fmt or _default_format()
    if bom and chosen not in SPREADSHEET_FORMATS:
        raise click.UsageError(f"--bom is for csv and tsv, not {chosen}: add --format csv")
    ctx.obj = Settings(data_dir=data_dir, fmt=chosen, color=color, bom=bom, db=db)


def _show_click_error(error: click.ClickException) -> None:
    import io

    text = io.StringIO()  # Click's own words, written through `say`: a full or closed stderr is survivable
    error.show(file=text)
    for line in text.getvalue().splitlines():
        say(line)


def _interrupted(error: BaseException) -> None:
    say(f"{PROG_NAME}: interrupted")


def _problems(error: BaseException) -> None:
    for problem in error.problems if isinstance(error, KnowledgeBaseError) else ():
        say(str(problem))


def _message(error: BaseException) -> None:
    warn(str(error))


def _output_failed(error: BaseException) -> None:
    discard_stdout()  # what is still buffered would fail again at exit
    warn(str(error))


def _system_error(error: BaseException) -> None:
    where = f"{error.filename}: " if isinstance(error, OSError) and error.filename else ""
    warn(where + (error.strerror if isinstance(error, OSError) and error.strerror else str(error)))


# How each way a run can end is reported and which exit code it gets: the first row that matches
# decides. This is the only place exit codes are chosen; commands return ExitCode or raise.
OUTCOMES: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], ExitCode, Callable[..., None]], ...] = (
    (BrokenPipeError, ExitCode.OK, lambda error: discard_stdout()),  # the reader left (`| head -1`)
    (click.ClickException, ExitCode.USAGE, _show_click_error),
    ((KeyboardInterrupt, click.Abort), ExitCode.INTERRUPTED, _interrupted),
    (KnowledgeBaseError, ExitCode.KNOWLEDGE_BASE, _problems),
    (WorkerFailed, ExitCode.WORKER, _message),
    (OutputFailed, ExitCode.OUTPUT, _output_failed),
    (MassageMatchError, ExitCode.USAGE, _message),
    (OSError, ExitCode.USAGE, _system_error),  # e.g. stdin unreadable, a file `export` cannot write
)
# Reported quietly even when debugging: a user's choice or Click's own message, not a failure to trace.
_NEVER_TRACED = (BrokenPipeError, click.ClickException)


def exit_code(error: BaseException) -> int:
    """The exit code for a run that ended with `error`, after its one message on stderr. Anything
    not in OUTCOMES is a bug: it is raised again, traceback and all."""
    if isinstance(error, click.exceptions.Exit):  # --help, --version
        return error.exit_code
    if isinstance(error, SystemExit):
        return error.code if isinstance(error.code, int) else ExitCode.OK if error.code is None else ExitCode.USAGE
    for kind, code, report in OUTCOMES:
        if isinstance(error, kind):
            if os.environ.get(DEBUG_ENV) and not isinstance(error, _NEVER_TRACED):
                raise error
            report(error)
            return code
    raise error


def _run_group(group: click.Group, argv: Sequence[str] | None, prog_name: str, extra: dict[str, Any]) -> int:
    STDERR.lost = False
    try:
        outcome = group.main(argv, prog_name, standalone_mode=False, **extra)
        stdout().flush()  # the last buffered output is ours to report if it cannot be written
        code = ExitCode.OK if outcome is None else int(outcome)
    except _Carried as carried:
        code = exit_code(carried.error)
    except BaseException as error:  # every outcome goes through exit_code, which re-raises the unexpected
        code = exit_code(error)
    if code == ExitCode.OK and STDERR.lost:
        return ExitCode.OUTPUT  # a message could not be written: not a clean success
    return int(code)


def main(argv: list[str] | None = None) -> int:
    """Run the command line (argv: the arguments after the program name; default sys.argv[1:]) in
    this process and return its exit code. The interpreter is left as it was."""
    return _run_group(cli, argv, PROG_NAME, {})


def run() -> NoReturn:
    """The console script (and `python -m massage_match`): main, then the streams flushed and the
    process ended with main's exit code.

    Only this wrapper ends the process itself, and only once everything is written: taking the
    interpreter apart object by object frees nothing the operating system does not free at once, and
    costs a call about a tenth of its time (8-13 ms measured). The package registers no exit
    handlers; any registered by others still run."""
    code = main()
    failed = flush_at_exit()
    if failed is not None:
        warn(f"cannot write output: {failed.strerror or failed}")
        code = ExitCode.OUTPUT
    elif code == ExitCode.OK and STDERR.lost:
        code = ExitCode.OUTPUT
    import atexit

    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_exit_handlers is None:  # an interpreter without it: the ordinary way out
        sys.exit(code)
    run_exit_handlers()
    flush_at_exit()  # what a handler wrote
    os._exit(code)
