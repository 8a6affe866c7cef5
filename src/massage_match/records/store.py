"""The client records database: every SQL statement of the package is in this module.

SQLite from the standard library, one file, nothing leaves the machine. The file is health data: it
is created readable by its owner only (SQLite gives its -wal and -shm files the same mode), and never
opened through a symbolic link. Several processes may write at once (a clinic's scripts, two
terminals): WAL lets readers go on while one writes, a busy timeout makes a writer wait its turn
instead of failing, and each command is one transaction, so a visit is stored whole or not at all.

The SQL is kept to what PostgreSQL also takes (the one exception is the autoincrementing key, spelled
per backend in its migration), so that a shared server is a second implementation of `Store`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from massage_match.errors import MassageMatchError
from massage_match.records.model import Clearance, Client, Intake, Visit

# The version this code writes; older files are brought up to it by MIGRATIONS, in order.
SCHEMA_VERSION = 1
MIGRATIONS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        1,
        (
            """CREATE TABLE client (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                age INTEGER CHECK (age IS NULL OR age BETWEEN 0 AND 130),
                created TEXT NOT NULL,
                intake TEXT NOT NULL
            )""",
            """CREATE TABLE visit (
                id INTEGER PRIMARY KEY,
                client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
                number INTEGER NOT NULL,
                date TEXT NOT NULL,
                symptom TEXT NOT NULL,
                health TEXT NOT NULL,
                pain_before INTEGER NOT NULL CHECK (pain_before BETWEEN 0 AND 10),
                pain_after INTEGER CHECK (pain_after IS NULL OR pain_after BETWEEN 0 AND 10),
                done TEXT NOT NULL,
                pressure INTEGER CHECK (pressure IS NULL OR pressure BETWEEN 1 AND 5),
                minutes INTEGER CHECK (minutes IS NULL OR minutes > 0),
                notes TEXT,
                override TEXT,
                changes TEXT,
                answer TEXT NOT NULL,
                UNIQUE (client_id, number)
            )""",
            """CREATE TABLE clearance (
                id INTEGER PRIMARY KEY,
                client_id INTEGER NOT NULL REFERENCES client (id) ON DELETE CASCADE,
                date TEXT NOT NULL,
                physician TEXT NOT NULL,
                covers TEXT NOT NULL,
                note TEXT
            )""",
            "CREATE INDEX visit_by_client ON visit (client_id, date, number)",
            "CREATE INDEX clearance_by_client ON clearance (client_id, date)",
        ),
    ),
)
# How long a writer waits for another process's transaction before giving up (milliseconds): far
# longer than any one command holds the lock.
BUSY_TIMEOUT_MS = 30_000
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)

_VISIT_COLUMNS = (
    "client_id, number, date, symptom, health, pain_before, pain_after, done, pressure, minutes, notes, "
    "override, changes, answer"
)


class StoreError(MassageMatchError):
    """The records database cannot be used, or what was asked of it does not exist (one line)."""


def _create_private(path: Path) -> None:
    """Create the database file, empty and owner-only, unless it exists (another process may create
    it at the same moment: that is fine)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreError(f"cannot create the records database {path}: {exc.strerror or exc}") from None
    os.close(fd)


def _check_file(path: Path) -> bool:
    """Whether the database file exists; a link or a non-file there is refused."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(f"cannot use the records database {path}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(info.st_mode):
        raise StoreError(f"the records database {path} is a symbolic link; refusing to follow it (give the real path)")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"the records database {path} is not a regular file")
    owner = getattr(os, "getuid", lambda: info.st_uid)()  # (Windows has no owner ids: nothing to check)
    if stat.S_IMODE(info.st_mode) & 0o077 and info.st_uid == owner:
        # An empty file made beforehand (touch) would otherwise hold health data for anyone to read.
        try:
            os.chmod(path, 0o600)
        except OSError as exc:
            raise StoreError(f"cannot make {path} readable by its owner only: {exc.strerror or exc}") from None
    return True


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Store:
    """The client records in one SQLite file. Use as a context manager; each method that writes is
    one transaction."""

    def __init__(self, path: Path, *, create: bool):
        self.path = path
        exists = _check_file(path)
        if not exists:
            folder = path.parent
            if not folder.is_dir():
                raise StoreError(f"folder {folder} does not exist: the records database cannot be there")
            if not create:
                raise StoreError(f"no client records at {path} yet ('client add' starts them)")
            _create_private(path)
        try:
            # isolation_level=None: transactions are begun and ended here, explicitly, never implicitly
            self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the records database {path}: {exc}") from None
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Erased records are overwritten, not just unlinked from the file's pages.
            self._db.execute("PRAGMA secure_delete = ON")
            if self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self._db.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(f"{path} is not a massage-match records database ({exc})") from None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (IMMEDIATE): two processes never both read the next
        visit number and then collide."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"the records database {self.path} is busy or read-only: {exc}") from None
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot save to {self.path}: {exc}") from None

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer massage-match (schema {version}); upgrade to read it")
        with self._writing() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]  # another process may have done it
            for target, statements in MIGRATIONS:
                if target <= version:
                    continue
                for statement in statements:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {target}")

    # Clients

    def add_client(self, name: str, age: int | None, created: str, intake: Intake) -> int:
        with self._writing() as db:
            cursor = db.execute(
                "INSERT INTO client (name, age, created, intake) VALUES (?, ?, ?, ?)",
                (name, age, created, _json(intake.to_dict())),
            )
            return int(cursor.lastrowid or 0)

    def update_client(self, client: Client) -> None:
        with self._writing() as db:
            db.execute(
                "UPDATE client SET name = ?, age = ?, intake = ? WHERE id = ?",
                (client.name, client.age, _json(client.intake.to_dict()), client.id),
            )

    def clients(self) -> list[tuple[Client, int, str | None]]:
        """Every client with their number of visits and the date of the last, by name."""
        rows = self._db.execute(
            "SELECT c.id, c.name, c.age, c.created, c.intake, COUNT(v.id), MAX(v.date) "
            "FROM client c LEFT JOIN visit v ON v.client_id = c.id "
            "GROUP BY c.id, c.name, c.age, c.created, c.intake ORDER BY c.name, c.id"
        ).fetchall()
        return [(_client(row[:5]), row[5], row[6]) for row in rows]

    def client(self, ref: str) -> Client:
        """The client `ref` names: an id, or a name (a unique prefix of one, case ignored)."""
        ref = ref.strip()
        if ref.isdigit():
            row = self._db.execute(
                "SELECT id, name, age, created, intake FROM client WHERE id = ?", (int(ref),)
            ).fetchone()
            if row is not None:
                return _client(row)
        wanted = ref.casefold()
        rows = self._db.execute("SELECT id, name, age, created, intake FROM client ORDER BY id").fetchall()
        exact = [row for row in rows if row[1].casefold() == wanted]
        found = exact or [row for row in rows if wanted and row[1].casefold().startswith(wanted)]
        if len(found) == 1:
            return _client(found[0])
        if not found:
            raise StoreError(f"no client {ref!r} in {self.path} ('client list' shows them)")
        names = ", ".join(f"{row[0]} {row[1]}" for row in found[:5])
        raise StoreError(f"{ref!r} names {len(found)} clients ({names}): give the id")

    def delete_client(self, client_id: int) -> None:
        with self._writing() as db:
            db.execute("DELETE FROM client WHERE id = ?", (client_id,))
        # The deleted rows also live on in the write-ahead log until it is checkpointed: erased now.
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # Visits

    def add_visit(self, visit: Visit, client: Client | None = None) -> int:
        """Store a visit (and, in the same transaction, the client record it changed); its number is
        the client's next, decided inside the transaction."""
        with self._writing() as db:
            if client is not None:
                db.execute("UPDATE client SET intake = ? WHERE id = ?", (_json(client.intake.to_dict()), client.id))
            number = db.execute(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM visit WHERE client_id = ?", (visit.client_id,)
            ).fetchone()[0]
            db.execute(
                f"INSERT INTO visit ({_VISIT_COLUMNS}) VALUES ({', '.join('?' * 14)})",
                (
                    visit.client_id,
                    number,
                    visit.date,
                    visit.symptom,
                    _json(list(visit.health)),
                    visit.pain_before,
                    visit.pain_after,
                    _json(list(visit.done)),
                    visit.pressure,
                    visit.minutes,
                    visit.notes,
                    visit.override,
                    visit.changes,
                    _json(visit.answer),
                ),
            )
            return int(number)

    def visits(self, client_id: int) -> list[Visit]:
        """A client's visits in date order (the order they were recorded within a day)."""
        rows = self._db.execute(
            f"SELECT {_VISIT_COLUMNS} FROM visit WHERE client_id = ? ORDER BY date, number", (client_id,)
        ).fetchall()
        return [_visit(row) for row in rows]

    def visit(self, client_id: int, number: int | None = None) -> Visit:
        """One visit by its number, or the latest (by date) when number is None."""
        if number is None:
            row = self._db.execute(
                f"SELECT {_VISIT_COLUMNS} FROM visit WHERE client_id = ? ORDER BY date DESC, number DESC LIMIT 1",
                (client_id,),
            ).fetchone()
            if row is None:
                raise StoreError("the client has no visits yet ('visit' records one)")
        else:
            row = self._db.execute(
                f"SELECT {_VISIT_COLUMNS} FROM visit WHERE client_id = ? AND number = ?", (client_id, number)
            ).fetchone()
            if row is None:
                raise StoreError(f"the client has no visit {number} ('client show' lists the visits)")
        return _visit(row)

    # Clearances

    def add_clearance(self, clearance: Clearance) -> None:
        with self._writing() as db:
            db.execute(
                "INSERT INTO clearance (client_id, date, physician, covers, note) VALUES (?, ?, ?, ?, ?)",
                (
                    clearance.client_id,
                    clearance.date,
                    clearance.physician,
                    _json(list(clearance.covers)),
                    clearance.note,
                ),
            )

    def clearances(self, client_id: int) -> list[Clearance]:
        rows = self._db.execute(
            "SELECT client_id, date, physician, covers, note FROM clearance WHERE client_id = ? ORDER BY date, id",
            (client_id,),
        ).fetchall()
        return [Clearance(row[0], row[1], row[2], tuple(json.loads(row[3])), row[4]) for row in rows]


def _client(row: Any) -> Client:
    return Client(row[0], row[1], row[2], row[3], Intake.from_dict(json.loads(row[4])))


def _visit(row: Any) -> Visit:
    return Visit(
        client_id=row[0],
        number=row[1],
        date=row[2],
        symptom=row[3],
        health=tuple(json.loads(row[4])),
        pain_before=row[5],
        pain_after=row[6],
        done=tuple(json.loads(row[7])),
        pressure=row[8],
        minutes=row[9],
        notes=row[10],
        override=row[11],
        changes=row[12],
        answer=json.loads(row[13]),
    )
