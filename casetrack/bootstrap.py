"""Open the database a command asked for; create, migrate and seed the default one on first run."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from casetrack import db


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
    """
    path = target.sqlite_path
    if not target.is_default or path is None or path.exists():
        return False
    from casetrack.seed.compile import compile_seed
    from casetrack.seed.load import load_bundle

    bundle = compile_seed(bundled_seed_dir())
    try:
        db.upgrade(target)
        engine = db.make_engine(target.url)
        try:
            load_bundle(engine, bundle)
        finally:
            engine.dispose()
    except BaseException:
        # Leave no half-made database behind: the next run starts again from scratch.
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    return True


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
    import os

    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
