"""Where the client records live when no --db (or MASSAGE_MATCH_DB) names a file: the user's data
folder, as each operating system defines it (platformdirs knows them all), made owner-only."""

from __future__ import annotations

import os
from pathlib import Path

from massage_match.records.store import StoreError

DB_ENV = "MASSAGE_MATCH_DB"
DB_NAME = "clients.sqlite3"


def default_db_path() -> Path:
    """The default database file; its folder is created (owner-only) when missing."""
    import platformdirs

    folder = Path(platformdirs.user_data_dir("massage-match", appauthor=False))
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the records folder {folder}: {exc.strerror or exc}") from None
    return folder / DB_NAME


def db_path(given: str | None) -> Path:
    """The database file the user named (option or environment), else the default."""
    if given is not None:
        if not given.strip():
            raise StoreError("--db (or MASSAGE_MATCH_DB) is empty: name a file, or leave it out for the default")
        return Path(os.path.expanduser(given))
    return default_db_path()
