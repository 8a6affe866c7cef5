"""What every command shares: the group's settings (format, colour, the engine loaded on first use),
the path type for options, and standard output as renderers write to it.

Commands import these from here, never from app.py, which loads the commands by name: no cycle.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from massage_match.cli.streams import Output
from massage_match.output import FORMATS, Format, with_byte_order_mark


class Settings:
    """What the group options decided, and the engine, loaded on first use."""

    def __init__(self, data_dir: str | None, fmt: str, color: bool, bom: bool = False, db: str | None = None):
        self.data_dir = data_dir
        self.db = db  # the client records file asked for (--db, MASSAGE_MATCH_DB), else the default
        self.fmt = fmt
        self.format: Format = with_byte_order_mark(FORMATS[fmt]) if bom else FORMATS[fmt]
        self.color = color
        self._engine: Any = None

    def with_format(self, fmt: str | None) -> Settings:
        """These settings with another output format (a command's own --format), the engine shared."""
        if fmt is None or fmt == self.fmt:
            return self
        import copy

        changed = copy.copy(self)
        changed.fmt = fmt
        changed.format = FORMATS[fmt]
        return changed

    def engine(self) -> Any:
        if self._engine is None:
            from massage_match.loading import load_engine

            self._engine = load_engine(self.data_dir)
        return self._engine

    def kb(self) -> Any:
        return self.engine().kb


class SafePath(click.Path):
    """A click.Path that refuses a NUL byte as a usage error (the OS would raise on it)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and "\0" in value:
            self.fail("a path cannot contain a NUL byte", param, ctx)
        return super().convert(value, param, ctx)


def stdout() -> Output:
    """Standard output as renderers write to it (see Output)."""
    return Output(sys.stdout)
