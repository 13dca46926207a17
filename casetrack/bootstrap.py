"""Open the database a command asked for; create, migrate and seed the default one on first run."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from casetrack import db

if TYPE_CHECKING:
    from sqlalchemy import Engine


def bundled_seed_dir() -> Path:
    from casetrack.resources import seed_dir

    seed = seed_dir()
    if not seed.is_dir():
        raise db.CasetrackError(f"the bundled seed is missing at {seed}; reinstall casetrack")
    return seed


def first_run(target: db.Target) -> bool:
    """Make the default database if it does not exist yet: migrate it and load the bundled seed.

    Returns True when it did. Only the default database is made this way; a database named
    with --db or CASETRACK_DB must be made with ``casetrack db upgrade``.

    Crash-safe: the database is built as ``casetrack.db.new`` under a lock file and renamed into
    place only when it is migrated, seeded and checkpointed. Killed at any point (kill -9, a
    closed terminal), the run leaves either no ``casetrack.db`` (the next run starts again,
    removing the half-made ``.new``) or a whole one. A concurrent first run waits on the lock.
    """
    path = target.sqlite_path
    if not target.is_default or path is None or usable(path):
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise db.DatabaseError(f"cannot create {path.parent}: {exc.strerror}") from None
    with _lock(path):
        if usable(path):
            return False  # another first run made it while this one waited
        from casetrack.seed.compile import compile_seed
        from casetrack.seed.load import load_bundle

        bundle = compile_seed(bundled_seed_dir())
        new = path.with_name(path.name + ".new")
        _remove(new)  # a run that was killed before it finished
        new_target = db.Target(f"sqlite:///{new}", target.origin)
        try:
            db.upgrade(new_target)
            engine = db.make_engine(new_target.url)
            try:
                load_bundle(engine, bundle)
            finally:
                engine.dispose()
            _settle(new)
            _remove_sidecars(path)  # an older run's -wal must not be replayed into the new file
            os.replace(new, path)
            _fsync_dir(path.parent)
        except BaseException:
            _remove(new)
            raise
    return True


def usable(path: Path) -> bool:
    """The default database exists and is more than what an older casetrack's interrupted first
    run left: an empty file, a file with no tables, or a schema with no seed loaded. Those hold
    nothing to lose and are made again."""
    try:
        if path.stat().st_size == 0:
            return False
    except FileNotFoundError:
        return False
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not names:
                return False
            if {"alembic_version", "legal_case", "source"} <= names:
                seeded = conn.execute(
                    "SELECT EXISTS (SELECT 1 FROM legal_case) OR EXISTS (SELECT 1 FROM source)"
                ).fetchone()
                return bool(seeded and seeded[0])
            return True
        finally:
            conn.close()
    except sqlite3.Error:
        return True  # not readable here: opening it reports what is wrong


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    _remove_sidecars(path)


def _remove_sidecars(path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _settle(path: Path) -> None:
    """Fold the WAL into the file and make it durable, so the file alone is the database."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")  # checkpoints and removes -wal and -shm
    finally:
        conn.close()
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def _lock(path: Path) -> Iterator[None]:
    """An exclusive lock beside the database, released by the OS if the process dies."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, the rename still keeps the file whole
        yield
        return
    lock_path = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise db.DatabaseError(f"cannot create {lock_path}: {exc.strerror}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def open_for_reading(target: db.Target) -> Engine:
    """An engine for a command that reads. Read-only files and directories are fine."""
    first_run(target)
    path = target.sqlite_path
    read_only = path is not None and path.exists() and not _writable(path)
    return db.open_database(target, read_only=read_only)


def open_for_writing(target: db.Target) -> Engine:
    first_run(target)
    path = target.sqlite_path
    if path is not None and path.exists() and not _writable(path):
        raise db.DatabaseError(f"database {path} is read-only; this command needs to write to it")
    return db.open_database(target)


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
