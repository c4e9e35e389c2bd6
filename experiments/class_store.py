"""Classes kept in SQLite: who holds which role, and every input, so no class is lost.

A class is kept as its setup and its inputs (`experiments.classroom`): the students'
choices and the model's fall-backs week by week, and the teacher's events. Its run is
rebuilt by replaying them (`ClassRun.replay`), so a server restart loses no finished class,
and an interrupted one resumes from the last week it played.

Room codes are 8 characters from an alphabet without look-alikes (31**8, about 8.5e11
codes), drawn with `secrets`; the teacher's and each student's token are 128-bit secrets.
The database is one file (`classes.sqlite`) in a data folder; each call opens its own
connection, so threads may share a store.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from experiments.classroom import ClassSetup, Injected, Move

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Room-code characters: no 0/O, 1/I/L, easy to read off a projector."""
CODE_LENGTH = 8
NAME_LENGTH = 40
"""The longest name a student may give."""
DATABASE = "classes.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS classes (
    code TEXT PRIMARY KEY,
    teacher_token TEXT NOT NULL,
    scenario TEXT NOT NULL,
    seed INTEGER NOT NULL,
    roles TEXT NOT NULL,
    parameters TEXT NOT NULL,
    deadline_s INTEGER NOT NULL,
    leave_after_s INTEGER NOT NULL,
    created REAL NOT NULL,
    steps INTEGER NOT NULL DEFAULT 0,
    finished INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS students (
    token TEXT PRIMARY KEY,
    code TEXT NOT NULL REFERENCES classes(code),
    name TEXT NOT NULL,
    actor TEXT NOT NULL,
    joined REAL NOT NULL,
    last_seen REAL NOT NULL,
    freed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS moves (
    code TEXT NOT NULL REFERENCES classes(code),
    step INTEGER NOT NULL,
    actor TEXT NOT NULL,
    option TEXT NOT NULL,
    student TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS injected (
    code TEXT NOT NULL REFERENCES classes(code),
    step INTEGER NOT NULL,
    event TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS students_by_class ON students(code);
CREATE INDEX IF NOT EXISTS moves_by_class ON moves(code);
"""


class StoreError(ValueError):
    """A request the store refuses: no such class, a bad name, a role not open."""


@dataclass(frozen=True)
class ClassRecord:
    """A class as kept: its setup, its settings and how far it has played."""

    code: str
    teacher_token: str
    setup: ClassSetup
    deadline_s: int
    leave_after_s: int
    created: float
    steps: int
    finished: bool


@dataclass(frozen=True)
class Student:
    """A student of a class and the role they hold (`freed`: given up after leaving)."""

    token: str
    code: str
    name: str
    actor: str
    last_seen: float
    freed: bool


def new_code() -> str:
    """A fresh room code, e.g. 'K7QX3MRP'."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """A code as a student may type it ('k7qx-3mrp ') in the stored form ('K7QX3MRP')."""
    return "".join(typed.split()).replace("-", "").upper()


def clean_name(name: str) -> str:
    """A student's name, trimmed; refused if empty, too long or not printable.

    Names are shown as text, never as HTML, on every page; this only keeps them readable.
    """
    name = " ".join(name.split())
    if not name:
        raise StoreError("Enter your name (or your team's).")
    if len(name) > NAME_LENGTH:
        raise StoreError(f"A name has at most {NAME_LENGTH} characters.")
    if not name.isprintable():
        raise StoreError("A name may hold letters, digits, spaces and punctuation only.")
    return name


class ClassStore:
    """The classes of a data folder, in one SQLite file."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / DATABASE
        with self._connection() as connection:
            connection.executescript(SCHEMA)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """A connection in one transaction: committed on success, rolled back on error."""
        with closing(sqlite3.connect(self.path, timeout=10.0)) as connection:
            connection.row_factory = sqlite3.Row
            with connection:
                yield connection

    # --- classes ---------------------------------------------------------------------------
    def create(
        self, setup: ClassSetup, deadline_s: int = 60, leave_after_s: int = 120
    ) -> ClassRecord:
        """Keep a new class and give it a fresh room code and teacher's token."""
        token = secrets.token_urlsafe(16)
        with self._connection() as connection:
            while True:
                code = new_code()
                taken = connection.execute("SELECT 1 FROM classes WHERE code = ?", (code,))
                if taken.fetchone() is None:
                    break
            connection.execute(
                "INSERT INTO classes (code, teacher_token, scenario, seed, roles, parameters,"
                " deadline_s, leave_after_s, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    code,
                    token,
                    setup.scenario,
                    setup.seed,
                    json.dumps(list(setup.roles)),
                    json.dumps(dict(setup.parameters)),
                    deadline_s,
                    leave_after_s,
                    time.time(),
                ),
            )
        found = self.find(code)
        assert found is not None
        return found

    def find(self, code: str) -> ClassRecord | None:
        """The class with this room code (as typed), or None."""
        with self._connection() as connection:
            row = connection.execute(
                "SELECT * FROM classes WHERE code = ?", (normalise_code(code),)
            ).fetchone()
        if row is None:
            return None
        setup = ClassSetup(
            scenario=row["scenario"],
            seed=row["seed"],
            roles=tuple(json.loads(row["roles"])),
            parameters=json.loads(row["parameters"]),
        )
        return ClassRecord(
            code=row["code"],
            teacher_token=row["teacher_token"],
            setup=setup,
            deadline_s=row["deadline_s"],
            leave_after_s=row["leave_after_s"],
            created=row["created"],
            steps=row["steps"],
            finished=bool(row["finished"]),
        )

    def is_teacher(self, code: str, token: str) -> bool:
        """True if `token` is the class's teacher's (compared in constant time).

        Compared as UTF-8 bytes: `secrets.compare_digest` raises on a str that is not ASCII,
        and a link a visitor edits may hold any character.
        """
        found = self.find(code)
        return found is not None and secrets.compare_digest(
            found.teacher_token.encode(), token.encode()
        )

    def settings(self, code: str, deadline_s: int, leave_after_s: int) -> None:
        """Change the seconds allowed per decision and before a leaver's role is freed."""
        code = normalise_code(code)
        with self._connection() as connection:
            connection.execute(
                "UPDATE classes SET deadline_s = ?, leave_after_s = ? WHERE code = ?",
                (deadline_s, leave_after_s, code),
            )

    # --- students --------------------------------------------------------------------------
    def join(self, code: str, name: str, actor: str, now: float | None = None) -> Student:
        """A student joins a class in a role (teams may share one) and gets a token.

        Raises:
            StoreError: no such class, a finished class, a bad name or a role not open.
        """
        found = self.find(code)
        if found is None:
            raise StoreError("No class has that code.")
        if found.finished:
            raise StoreError("That class has finished.")
        if actor not in found.setup.roles:
            raise StoreError("That role is not open in this class.")
        name = clean_name(name)
        now = time.time() if now is None else now
        token = secrets.token_urlsafe(16)
        with self._connection() as connection:
            connection.execute(
                "INSERT INTO students (token, code, name, actor, joined, last_seen)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (token, found.code, name, actor, now, now),
            )
        student = self.student(token)
        assert student is not None
        return student

    def student(self, token: str) -> Student | None:
        """The student with this token, or None."""
        with self._connection() as connection:
            row = connection.execute("SELECT * FROM students WHERE token = ?", (token,)).fetchone()
        return None if row is None else _student(row)

    def touch(self, token: str, now: float | None = None) -> None:
        """The student's page is open: their role is theirs again if it was freed."""
        now = time.time() if now is None else now
        with self._connection() as connection:
            connection.execute(
                "UPDATE students SET last_seen = ?, freed = 0 WHERE token = ?", (now, token)
            )

    def students(self, code: str) -> list[Student]:
        """Every student who joined the class, in the order they joined."""
        code = normalise_code(code)
        with self._connection() as connection:
            rows = connection.execute(
                "SELECT * FROM students WHERE code = ? ORDER BY joined", (code,)
            ).fetchall()
        return [_student(row) for row in rows]

    def free_absent(self, code: str, now: float | None = None) -> list[Student]:
        """Free the roles of students not seen for the class's `leave_after_s` seconds.

        Returns:
            The students freed now.
        """
        code = normalise_code(code)
        found = self.find(code)
        if found is None:
            return []
        now = time.time() if now is None else now
        cutoff = now - found.leave_after_s
        absent = [s for s in self.students(code) if not s.freed and s.last_seen < cutoff]
        with self._connection() as connection:
            connection.executemany(
                "UPDATE students SET freed = 1 WHERE token = ?", [(s.token,) for s in absent]
            )
        return absent

    def holders(self, code: str) -> dict[str, list[str]]:
        """The roles held now: actor -> the names of the students holding it."""
        code = normalise_code(code)
        held: dict[str, list[str]] = {}
        for student in self.students(code):
            if not student.freed:
                held.setdefault(student.actor, []).append(student.name)
        return held

    # --- the run's inputs ------------------------------------------------------------------
    def record_week(
        self, code: str, steps: int, moves: list[Move], injected: list[Injected], finished: bool
    ) -> None:
        """Keep a played week: its moves, the events injected before it, the weeks reached."""
        code = normalise_code(code)
        with self._connection() as connection:
            connection.executemany(
                "INSERT INTO moves (code, step, actor, option, student, source)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(code, m.step, m.actor, m.option, m.student, m.source) for m in moves],
            )
            connection.executemany(
                "INSERT INTO injected (code, step, event) VALUES (?, ?, ?)",
                [(code, e.step, json.dumps(e.event, default=str)) for e in injected],
            )
            connection.execute(
                "UPDATE classes SET steps = ?, finished = ? WHERE code = ?",
                (steps, int(finished), code),
            )

    def inputs(self, code: str) -> tuple[list[Move], list[Injected]]:
        """The class's moves and the teacher's events, in the order they were kept."""
        code = normalise_code(code)
        with self._connection() as connection:
            moves = connection.execute(
                "SELECT * FROM moves WHERE code = ? ORDER BY rowid", (code,)
            ).fetchall()
            injected = connection.execute(
                "SELECT * FROM injected WHERE code = ? ORDER BY rowid", (code,)
            ).fetchall()
        return (
            [Move(m["step"], m["actor"], m["option"], m["student"], m["source"]) for m in moves],
            [Injected(e["step"], json.loads(e["event"])) for e in injected],
        )

    def classes(self) -> list[ClassRecord]:
        """Every class kept, the newest first."""
        with self._connection() as connection:
            codes = connection.execute("SELECT code FROM classes ORDER BY created DESC")
            found = [self.find(row["code"]) for row in codes.fetchall()]
        return [record for record in found if record is not None]


def _student(row: sqlite3.Row) -> Student:
    return Student(
        token=row["token"],
        code=row["code"],
        name=row["name"],
        actor=row["actor"],
        last_seen=row["last_seen"],
        freed=bool(row["freed"]),
    )
