"""Migration checks (pytest-alembic) on SQLite and, when configured, PostgreSQL:
one head, upgrade from empty to head, down to base and back up, and no drift between the
models and the migrations."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytest_alembic import tests as alembic_tests
from pytest_alembic.config import Config
from sqlalchemy import Engine, inspect, text

from casetrack import db


@pytest.fixture
def alembic_config() -> Config:
    return Config(alembic_config=db.alembic_config("sqlite://"))


@pytest.fixture
def alembic_engine(db_url: str) -> Iterator[Engine]:
    engine = db.make_engine(db_url)
    yield engine
    engine.dispose()


test_single_head_revision = alembic_tests.test_single_head_revision
test_upgrade = alembic_tests.test_upgrade
test_up_down_consistency = alembic_tests.test_up_down_consistency
test_model_definitions_match_ddl = alembic_tests.test_model_definitions_match_ddl


def test_every_constraint_is_named(migrated: Engine) -> None:
    insp = inspect(migrated)
    tables = [t for t in insp.get_table_names() if "_fts" not in t and t != "alembic_version"]
    assert "legal_case" in tables and "quote" in tables
    for table in tables:
        for fk in insp.get_foreign_keys(table):
            assert fk["name"] and fk["name"].startswith(f"fk_{table}_"), (table, fk)
        for uq in insp.get_unique_constraints(table):
            assert uq["name"] and uq["name"].startswith(f"uq_{table}_"), (table, uq)
        for ck in insp.get_check_constraints(table):
            assert ck["name"] and ck["name"].startswith(f"ck_{table}_"), (table, ck)


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path) -> None:
    engine = db.make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() == db.BUSY_TIMEOUT_MS
    engine.dispose()


def test_sqlite_foreign_key_check_is_clean_after_seed(tmp_path, bundle) -> None:
    # SQLite only by design: PostgreSQL enforces foreign keys on every write.
    from casetrack.seed.load import load_bundle

    target = db.resolve_target(str(tmp_path / "fk.db"))
    db.upgrade(target)
    engine = db.make_engine(target.url)
    load_bundle(engine, bundle)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM quote")).scalar_one() > 0
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    engine.dispose()


def test_downgrade_to_base_removes_everything(target: db.Target, migrated: Engine) -> None:
    db.downgrade(target, "base")
    names = set(inspect(migrated).get_table_names()) - {"alembic_version"}
    assert names == set()
    assert inspect(migrated).get_view_names() == []


def _alembic_upgrade(target: db.Target) -> None:
    from alembic import command

    command.upgrade(db.alembic_config(target.url), "head")  # as the alembic command line does


@pytest.mark.parametrize("upgrade", [db.upgrade, _alembic_upgrade], ids=["casetrack", "alembic"])
def test_a_failed_sqlite_upgrade_changes_nothing(
    tmp_path, bundle, monkeypatch: pytest.MonkeyPatch, upgrade: Callable[[db.Target], None]
) -> None:
    # Migration 0005 remakes SQLite's five full-text tables one after the other (it does
    # nothing on PostgreSQL, whose DDL is transactional anyway). It fails here after remaking
    # the first: everything, DDL included, must be rolled back. The sqlite3 driver commits
    # DDL on its own unless casetrack opens the transaction itself.
    from alembic import op
    from sqlmodel import Session

    from casetrack.search import search
    from casetrack.seed.load import load_bundle

    target = db.Target(f"sqlite:///{tmp_path / 'upgrade.db'}", "--db")
    db.upgrade(target, "0004")
    engine = db.make_engine(target.url)
    load_bundle(engine, bundle)
    real_execute = op.execute
    calls = 0

    def failing(sql: object, *args: object, **kwargs: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:  # after quote_fts was dropped, made again and rebuilt
            raise RuntimeError("disk full")
        real_execute(sql, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(op, "execute", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        upgrade(target)
    monkeypatch.undo()
    try:
        assert db.current_revision(engine) == "0004"
        with Session(engine) as session:
            assert any(h.slug == "parker-never-about-fraud" for h in search("never about fraud", session=session))
        with engine.connect() as conn:
            ddl = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'quote_fts'")).scalar_one()
        assert "prefix" not in ddl
    finally:
        engine.dispose()
    db.upgrade(target)  # and the upgrade can be run again
