"""Writing a shipped snapshot file (kb/*.json, kb/*.txt), or checking that it is current: what the scripts
that make them share."""

from __future__ import annotations

from pathlib import Path


def write_or_check(snapshot: Path, text: str, argv: list[str], encoding: str = "utf-8") -> int:
    """With --check: 1 if `snapshot` does not hold `text`; otherwise write it. The exit code."""
    if "--check" in argv:
        stale = not snapshot.exists() or snapshot.read_text(encoding=encoding) != text
        print(f"{snapshot.name}: {'stale' if stale else 'current'}")
        return 1 if stale else 0
    snapshot.write_text(text, encoding=encoding)
    print(f"wrote {snapshot}")
    return 0
