"""Engines, sessions and the migration state of a database. Never imports Textual.

Nothing here runs at import time: :func:`make_engine` builds an engine on request.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casetrack.errors import CasetrackError as CasetrackError  # re-exported
from casetrack.errors import DatabaseError as DatabaseError
from casetrack.errors import UsageError as UsageError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

# SQLAlchemy is imported by the functions that use it: resolving which database a command
# means (resolve_target, Target.display) must not wait for it, so the TUI can paint first.

#: The prefix of the URLs to_url makes from file paths: what follows is the file's path.
_SQLITE_FILE = "sqlite:///"

ENV_VAR = "CASETRACK_DB"
BUSY_TIMEOUT_MS = 5000
#: How long to wait for a PostgreSQL server to answer a connection (libpq's minimum is 2 s).
CONNECT_TIMEOUT_S = 10


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("casetrack", appauthor=False) / "casetrack.db"


@dataclass(frozen=True)
class Target:
    """Which database a command works on, and how it was chosen."""

    url: str
    origin: str  # "--db", "CASETRACK_DB" or "default"

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        if self.url.startswith(_SQLITE_FILE) and "?" not in self.url:
            database: str | None = self.url[len(_SQLITE_FILE) :]
        else:
            from sqlalchemy.engine import make_url

            database = make_url(self.url).database
        return Path(database) if database and database != ":memory:" else None

    @property
    def is_default(self) -> bool:
        return self.origin == "default"

    def display(self) -> str:
        path = self.sqlite_path
        if path is not None:
            return str(path)
        from sqlalchemy.engine import make_url

        return make_url(self.url).render_as_string(hide_password=True)


def to_url(path_or_url: str) -> str:
    """A SQLAlchemy URL from a file path or a URL."""
    if "://" in path_or_url:
        try:
            from sqlalchemy.engine import make_url
            from sqlalchemy.exc import ArgumentError

            url = make_url(path_or_url)
            url.port  # noqa: B018 -- a port that is not a number raises here, not at connect
        except (ArgumentError, ValueError):
            raise UsageError(f"not a database URL: {path_or_url}") from None
        backend = url.get_backend_name()
        if backend not in ("sqlite", "postgresql"):
            raise UsageError(f"casetrack works with SQLite and PostgreSQL databases, not {backend}: {path_or_url}")
        try:
            url.get_dialect()
        except Exception:
            raise UsageError(f"unknown database driver {url.drivername!r} in {path_or_url}") from None
        return path_or_url
    return f"sqlite:///{Path(path_or_url).expanduser().resolve()}"


def resolve_target(db: str | None = None) -> Target:
    if db:
        return Target(to_url(db), "--db")
    env = os.environ.get(ENV_VAR)
    if env:
        return Target(to_url(env), ENV_VAR)
    return Target(to_url(str(default_db_path())), "default")


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        with contextlib.suppress(sqlite3.OperationalError):
            cursor.execute("PRAGMA journal_mode=WAL")  # a read-only file keeps its journal mode
    finally:
        cursor.close()


def _sqlite_on_checkin(dbapi_conn: Any, record: Any) -> None:
    """A connection that ran a migration (foreign keys off) gets them back before reuse."""
    if record is not None and record.info.pop("foreign_keys_off", False):
        dbapi_conn.execute("PRAGMA foreign_keys=ON")


def read_only_mode(path: Path) -> str:
    shm = Path(f"{path}-shm")
    if not shm.exists() and not os.access(path.parent, os.W_OK | os.X_OK):
        return "mode=ro&immutable=1"
    return "mode=ro"


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    """Build an engine. SQLite gets foreign keys, WAL and a busy timeout on every connection.

    ``read_only`` opens a SQLite file with ``mode=ro`` (scripts and the TUI on a file they may
    not write); the file must exist. A WAL database read with ``mode=ro`` needs its ``-shm``
    file; in a folder the user cannot write, where no ``-shm`` exists (so no writer has the
    file open), it is opened with ``immutable=1`` instead.
    """
    if url.startswith("sqlite"):
        from sqlalchemy import create_engine, event
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        if read_only and parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database).resolve()
            url = f"sqlite:///file:{path}?{read_only_mode(path)}&uri=true"
        engine = create_engine(
            url,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "checkin", _sqlite_on_checkin)
        return engine
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    try:
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    except ImportError as exc:
        driver = make_url(url).get_driver_name()
        raise DatabaseError(f"the database driver {driver} is not installed ({exc.name} is missing)") from None


# --- migrations -------------------------------------------------------------------------


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    from casetrack.resources import alembic_ini, migrations_dir

    cfg = Config(str(alembic_ini()))
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


_REVISION_LINE = re.compile(r"^(down_revision|revision)\b[^=\n]*=\s*(.+?)\s*$", re.MULTILINE)


@functools.cache
def _revision_graph() -> dict[str, tuple[str, ...]]:
    """Each migration's revision and what it revises, read from the scripts' text.

    Starting a read-only command should not import Alembic's runtime and every migration
    script just to learn the head revision; the ``revision = "0006"`` and
    ``down_revision = "0005"`` lines say it. tests/test_migrations.py checks that this gives
    what Alembic's ScriptDirectory gives.
    """
    from casetrack.resources import migrations_dir

    graph: dict[str, tuple[str, ...]] = {}
    for script in sorted((migrations_dir() / "versions").glob("*.py")):
        found = dict(_REVISION_LINE.findall(script.read_text(encoding="utf-8")))
        if "revision" not in found:
            continue
        try:
            revision = ast.literal_eval(found["revision"])
            down = ast.literal_eval(found.get("down_revision", "None"))
        except (ValueError, SyntaxError):
            raise DatabaseError(f"cannot read the revision of migration {script.name}") from None
        graph[revision] = tuple(down) if isinstance(down, (tuple, list)) else (() if down is None else (down,))
    return graph


def head_revision() -> str:
    graph = _revision_graph()
    revised = {down for downs in graph.values() for down in downs}
    heads = sorted(set(graph) - revised)
    if len(heads) != 1:
        raise DatabaseError(f"migrations have {len(heads)} heads; expected one")
    return heads[0]


def known_revisions() -> set[str]:
    return set(_revision_graph())


def current_revision(engine: Engine) -> str | None:
    """The revision in ``alembic_version`` (None for a database without one), read with plain SQL."""
    with engine.connect() as conn:
        if not conn.dialect.has_table(conn, "alembic_version"):
            return None
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    if len(rows) > 1:
        raise DatabaseError(f"the database is at {len(rows)} revisions at once; expected one")
    return rows[0][0] if rows else None


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str

    @property
    def is_current(self) -> bool:
        return self.current == self.head

    @property
    def is_empty(self) -> bool:
        return self.current is None


def check_sqlite_file(target: Target, *, must_exist: bool) -> None:
    path = target.sqlite_path
    if path is None:
        return
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not a database file")
    if path.exists():
        with path.open("rb") as fh:
            header = fh.read(16)
        if header and header != b"SQLite format 3\x00":
            raise DatabaseError(f"{path} is not a SQLite database")
    elif must_exist:
        hint = "" if target.is_default else "; create it with: casetrack --db PATH db upgrade"
        raise DatabaseError(f"no database at {path}{hint}")


def describe_db_error(exc: BaseException, target: Target) -> str:
    """One line for a driver error a user can cause (locked, unreadable, unreachable...)."""
    text = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
    lowered = text.lower()
    where = target.display()
    if "locked" in lowered or "busy" in lowered:
        return f"database {where} is locked by another process; try again when it is done"
    if "readonly" in lowered or "read-only" in lowered:
        return f"database {where} is read-only; this command needs to write to it"
    if "timeout expired" in lowered:
        return f"database server for {where} did not answer within {CONNECT_TIMEOUT_S} s"
    if "unable to open" in lowered:
        return f"cannot open database {where}: check that its folder exists and is writable"
    if "file is not a database" in lowered or "malformed" in lowered:
        return f"{where} is not a SQLite database (or is damaged)"
    return f"database error on {where}: {text}"


def upgrade(target: Target, revision: str = "head") -> None:
    """Create the database if needed and migrate it up to ``revision``."""
    check_sqlite_file(target, must_exist=False)
    path = target.sqlite_path
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot create {path.parent}: {exc.strerror}") from None
    _migrate(target, "upgrade", revision)


def downgrade(target: Target, revision: str) -> None:
    check_sqlite_file(target, must_exist=True)
    _migrate(target, "downgrade", revision)


def begin_migration(conn: Connection) -> None:
    """Make a migration on ``conn`` one transaction, DDL included (migrations/env.py calls it).

    The sqlite3 driver opens a transaction only before INSERT, UPDATE or DELETE and runs DDL
    outside one, committed at once: a migration that failed half-way would leave the tables
    it had already changed. On SQLite the transaction is opened here, explicitly.
    """
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL's DDL is transactional
    dbapi = conn.connection.dbapi_connection
    if not getattr(dbapi, "in_transaction", False):
        # SQLite's way to change a table is to make a new one, copy the rows and drop the
        # old one; with foreign keys on, that drop checks every row that points at the table
        # (and fails, or takes quadratic time). So, as SQLite's own ALTER TABLE procedure
        # says, foreign keys are off during the migration (the pragma only works outside a
        # transaction) and checked as a whole by finish_migration before the commit.
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.connection._connection_record.info["foreign_keys_off"] = True
        conn.exec_driver_sql("BEGIN IMMEDIATE")


#: The key of the PostgreSQL advisory lock a seed load holds for its transaction ("ctld").
LOAD_LOCK_KEY = 0x63746C64


def begin_write(conn: Connection, *, where: str) -> None:
    """Start a load's write transaction on ``conn`` (inside ``conn.begin()``), one writer at a time.

    On SQLite the transaction takes the write lock at once (BEGIN IMMEDIATE): a second load
    waits for the first (up to the busy timeout) and then reads what it wrote, where a
    deferred transaction would have read first and failed on its first write. On PostgreSQL a
    second load would wait on the first's rows and then fail on a unique key; an advisory lock
    turns that into one line at once.
    """
    if conn.dialect.name == "sqlite":
        dbapi = conn.connection.dbapi_connection
        if not getattr(dbapi, "in_transaction", False):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        return
    if conn.dialect.name == "postgresql":
        got = conn.exec_driver_sql(f"SELECT pg_try_advisory_xact_lock({LOAD_LOCK_KEY})").scalar_one()
        if not got:
            raise DatabaseError(f"another seed load is running on {where}; try again when it is done")


def finish_migration(conn: Connection) -> None:
    """Refuse to commit a SQLite migration that left a foreign key pointing nowhere."""
    if conn.dialect.name != "sqlite":
        return
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise DatabaseError(f"the migration left {len(broken)} broken foreign keys (in {', '.join(tables)})")


def _refuse_foreign(engine: Engine, target: Target) -> None:
    """casetrack adds its tables only to an empty database (or its own, at some revision)."""
    from sqlalchemy import inspect

    foreign = sorted(set(inspect(engine).get_table_names()) - {"alembic_version"})
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        raise DatabaseError(
            f"database {target.display()} holds tables that are not casetrack's ({shown}); "
            "casetrack adds its tables only to an empty database"
        )


def _migrate(target: Target, direction: str, revision: str) -> None:
    """Run an Alembic upgrade or downgrade in one transaction; refuse a database that is newer."""
    from alembic import command
    from sqlalchemy.exc import DBAPIError, OperationalError

    engine = make_engine(target.url)
    try:
        state = schema_state(engine, target)  # raises on a database newer than the code
        if direction == "upgrade" and state.is_empty:
            _refuse_foreign(engine, target)
        with engine.begin() as conn:
            cfg = alembic_config(target.url)
            cfg.attributes["connection"] = conn
            getattr(command, direction)(cfg, revision)
    except (OperationalError, DBAPIError) as exc:
        raise DatabaseError(describe_db_error(exc, target)) from None
    finally:
        engine.dispose()


def schema_state(engine: Engine, target: Target) -> SchemaState:
    from sqlalchemy.exc import DBAPIError, OperationalError

    try:
        current = current_revision(engine)
    except (OperationalError, DBAPIError) as exc:
        raise DatabaseError(describe_db_error(exc, target)) from None
    head = head_revision()
    if current is not None and current not in known_revisions():
        raise DatabaseError(
            f"database {target.display()} is at revision {current}, newer than this casetrack knows; upgrade casetrack"
        )
    return SchemaState(current, head)


def open_database(target: Target, *, read_only: bool = False, create: bool = False) -> Engine:
    """An engine on a database whose schema is at the code's head revision.

    ``create`` makes and migrates a missing (or empty) database, as the default database is on
    first run. Otherwise a missing or out-of-date database is a :class:`DatabaseError` telling
    the user what to run.
    """
    check_sqlite_file(target, must_exist=not create)
    if create:
        engine = make_engine(target.url)
        if schema_state(engine, target).is_empty:
            engine.dispose()
            upgrade(target)
        else:
            engine.dispose()
    engine = make_engine(target.url, read_only=read_only)
    try:
        state = schema_state(engine, target)
    except BaseException:
        engine.dispose()
        raise
    if not state.is_current:
        engine.dispose()
        where = "" if target.is_default else f"--db {target.display()} "
        if state.is_empty:
            raise DatabaseError(
                f"database {target.display()} has no casetrack schema; run: casetrack {where}db upgrade"
            )
        raise DatabaseError(
            f"database {target.display()} is at revision {state.current}, behind this casetrack "
            f"({state.head}); run: casetrack {where}db upgrade"
        )
    return engine
