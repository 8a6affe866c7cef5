"""The command line."""

from massage_match.cli.app import cli, main, run

__all__ = ["cli", "main", "run"]
