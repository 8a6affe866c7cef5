"""The command line."""

from massage_match.cli.app import cli, main

__all__ = ["cli", "main"]
